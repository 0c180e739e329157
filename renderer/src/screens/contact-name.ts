// How a peer is named in the UI: the name they introduced themselves with, else the start of their peer ID.
import type { PeerId } from '../../../shared/identity/peer-id';

export const contactName = (peer: PeerId, displayName?: string): string =>
  displayName ?? `${peer.slice(0, 12)}…`;
