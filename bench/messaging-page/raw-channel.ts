// The baseline: a bare RTCDataChannel between two pages (ordered, reliable: what simple-peer opens), its
// offer and answer carried by the bench driver. Nothing of Parley's runs on it.
const pcs: RTCPeerConnection[] = [];
let channel: RTCDataChannel | null = null;
let received = 0;
let lastReceivedAt = 0;

const gathered = (pc: RTCPeerConnection): Promise<RTCSessionDescriptionInit> =>
  new Promise((resolve) => {
    const done = () => pc.localDescription && resolve(pc.localDescription.toJSON());
    if (pc.iceGatheringState === 'complete') {
      done();
      return;
    }
    pc.addEventListener('icegatheringstatechange', () => {
      if (pc.iceGatheringState === 'complete') {
        done();
      }
    });
  });

const listen = (dataChannel: RTCDataChannel) => {
  channel = dataChannel;
  dataChannel.binaryType = 'arraybuffer';
  dataChannel.onmessage = () => {
    received += 1;
    lastReceivedAt = Date.now();
  };
};

export const rawChannel = {
  async offer(): Promise<RTCSessionDescriptionInit> {
    const pc = new RTCPeerConnection();
    pcs.push(pc);
    listen(pc.createDataChannel('raw'));
    await pc.setLocalDescription(await pc.createOffer());
    return gathered(pc);
  },
  async answer(offer: RTCSessionDescriptionInit): Promise<RTCSessionDescriptionInit> {
    const pc = new RTCPeerConnection();
    pcs.push(pc);
    pc.ondatachannel = (event) => listen(event.channel);
    await pc.setRemoteDescription(offer);
    await pc.setLocalDescription(await pc.createAnswer());
    return gathered(pc);
  },
  async accept(answer: RTCSessionDescriptionInit): Promise<void> {
    await pcs[0]?.setRemoteDescription(answer);
    await new Promise<void>((resolve) => {
      if (channel?.readyState === 'open') {
        resolve();
      } else if (channel) {
        channel.onopen = () => resolve();
      }
    });
  },
  /** Sends `count` messages of `size` bytes as fast as the channel's buffer allows; returns the start time. */
  async send(count: number, size: number): Promise<number> {
    const open = channel;
    if (!open) {
      throw new Error('no channel');
    }
    const payload = new Uint8Array(size).fill(7);
    open.bufferedAmountLowThreshold = 256 * 1024;
    const startedAt = Date.now();
    for (let sent = 0; sent < count; sent += 1) {
      if (open.bufferedAmount > 1024 * 1024) {
        await new Promise<void>((resolve) => {
          open.onbufferedamountlow = () => resolve();
        });
      }
      open.send(payload);
    }
    return startedAt;
  },
  received: () => ({ received, lastReceivedAt }),
  ready: async () => {
    await new Promise<void>((resolve) => {
      const check = () => (channel?.readyState === 'open' ? resolve() : setTimeout(check, 10));
      check();
    });
  },
};
