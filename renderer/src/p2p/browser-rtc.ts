// WebRTC in the browser build and the Electron renderer: simple-peer's self-contained bundle over Chromium's
// RTCPeerConnection, adapted to the connection manager's RtcPeer like @roamhq/wrtc is in Node.
import SimplePeer from 'simple-peer/simplepeer.min.js';
import type { RtcPeerFactory } from '../../../shared/messaging/connection-manager';
import { adaptSimplePeer } from '../../../shared/messaging/simple-peer-adapter';

export const browserRtcFactory: RtcPeerFactory = {
  create({ initiator, iceServers }, events) {
    const peer = new SimplePeer({ initiator, trickle: true, config: { iceServers: [...iceServers] } });
    return adaptSimplePeer(peer, events);
  },
};
