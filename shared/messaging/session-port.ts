// The session service as the connection manager uses it, where both run on the same side (Node peers, tests):
// link records carry no conversation of their own, so they are sealed under the empty conversation ID.
import { ok } from '../result';
import type { SessionService } from '../session/session-service';
import type { SessionPort } from './connection-manager';

export const sessionPortFrom = (sessions: SessionService): SessionPort => ({
  begin: (peer) => sessions.begin(peer),
  handshake: (peer, message) => sessions.handshake(peer, message),
  seal: (peer, plaintext) => sessions.seal(peer, '', plaintext),
  open: async (peer, record) => {
    const opened = await sessions.open(peer, record);
    return opened.ok ? ok(opened.value.plaintext) : opened;
  },
  end: (peer) => sessions.end(peer),
});
