// WebRTC for Node peers: simple-peer over @roamhq/wrtc (libwebrtc's native build), adapted to the connection
// manager's RtcPeer like the browser bundle is in the app.
import wrtc from '@roamhq/wrtc';
import SimplePeer from 'simple-peer';
import type { RtcPeerFactory } from '../../shared/messaging/connection-manager';
import { adaptSimplePeer } from '../../shared/messaging/simple-peer-adapter';

export const createNodeRtcFactory = (): RtcPeerFactory => ({
  create({ initiator, iceServers }, events) {
    const peer = new SimplePeer({ initiator, trickle: true, wrtc, config: { iceServers: [...iceServers] } });
    return adaptSimplePeer(peer, events);
  },
});
