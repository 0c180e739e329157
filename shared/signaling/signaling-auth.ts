// The bytes a peer signs to register with a signaling server. Domain-separated and bound to the server's
// identity and the realm, so a signature for one server or realm cannot be replayed at another; the nonce is
// fresh per connection, so it cannot be replayed on another connection either.
import { utf8 } from '../encoding/bytes';

export const SIGNALING_AUTH_CONTEXT = 'parley-signaling-auth-v1';

export const signalingAuthMessage = (serverId: string, realm: string, nonceBase64: string): Uint8Array =>
  utf8(`${SIGNALING_AUTH_CONTEXT}\n${serverId}\n${realm}\n${nonceBase64}`);
