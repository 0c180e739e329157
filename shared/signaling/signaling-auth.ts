// The bytes a peer signs to register with a signaling server. Domain-separated and bound to the server's
// identity, so a signature for one server cannot be replayed at another.
import { utf8 } from '../encoding/bytes';

export const SIGNALING_AUTH_CONTEXT = 'parley-signaling-auth-v1';

export const signalingAuthMessage = (serverId: string, nonceBase64: string): Uint8Array =>
  utf8(`${SIGNALING_AUTH_CONTEXT}\n${serverId}\n${nonceBase64}`);
