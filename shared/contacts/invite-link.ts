// Invite links (docs/PROTOCOL.md, "Invite links"): `parley://add/<peerId>?name=<display name>`, what a user
// shares so someone can add them in one step. The peer ID is the whole of the trust (it names the key); the
// name is only a suggestion shown before the request is sent. Browsers register only `web+` schemes, so the
// browser build's handler receives `web+parley://` links; both read the same. A bare peer ID is accepted too.
import { z } from 'zod';
import { PeerIdSchema, type PeerId } from '../identity/peer-id';
import { fail, ok, type Result } from '../result';

export const INVITE_SCHEME = 'parley';
export const WEB_INVITE_SCHEME = 'web+parley';
/** Longer input is not a link anyone typed or scanned. */
export const MAX_INVITE_CHARS = 512;
const MAX_NAME_CHARS = 64;

export interface Invite {
  readonly peerId: PeerId;
  /** The name its owner goes by, if the link carries one. */
  readonly name?: string;
}

const NameSchema = z
  .string()
  .trim()
  .min(1)
  .max(MAX_NAME_CHARS)
  // No control characters: a name is shown as text, never interpreted.
  .refine((name) => !/\p{Cc}/u.test(name), 'no control characters');

export const formatInviteLink = (invite: Invite, scheme = INVITE_SCHEME): string => {
  const name = invite.name === undefined ? '' : `?name=${encodeURIComponent(invite.name)}`;
  return `${scheme}://add/${invite.peerId}${name}`;
};

const LINK_PATTERN = /^(?:web\+)?parley:\/\/add\/([^?#/]+)\/?(?:\?([^#]*))?$/i;

/** Reads an invite link or a bare peer ID, as pasted, clicked or scanned. */
export const parseInvite = (input: string): Result<Invite> => {
  const text = input.trim();
  if (text.length > MAX_INVITE_CHARS) {
    return fail('INVITE_INVALID', 'that is too long to be an invite link');
  }
  const bare = PeerIdSchema.safeParse(text.toLowerCase());
  if (bare.success) {
    return ok({ peerId: bare.data });
  }
  const match = LINK_PATTERN.exec(text);
  if (!match) {
    return fail('INVITE_INVALID', 'not an invite link or a peer ID (32 letters and digits, a–z and 2–7)');
  }
  const peerId = PeerIdSchema.safeParse((match[1] ?? '').toLowerCase());
  if (!peerId.success) {
    return fail('INVITE_INVALID', 'the invite link does not hold a valid peer ID');
  }
  const rawName = new URLSearchParams(match[2] ?? '').get('name');
  const name = rawName === null ? null : NameSchema.safeParse(rawName);
  if (name && !name.success) {
    return fail('INVITE_INVALID', 'the name in the invite link is not a valid display name');
  }
  return ok(name ? { peerId: peerId.data, name: name.data } : { peerId: peerId.data });
};

/** Whether a link in a message is a valid invite (so the app opens it itself instead of the system browser). */
export const isInviteLink = (href: string): boolean => LINK_PATTERN.test(href.trim()) && parseInvite(href).ok;
