// Who may be sent what, and what the user's decisions about a peer do: the outgoing half of the trust rules
// (incoming-messages.ts holds the incoming half). Pure functions of the contact state, so they are tested alone.
import type { MessageType } from './message-format';
import type { ContactState } from './message-store';

export type TrustDecision = 'block' | 'unblock' | 'ignore' | 'forget';

/**
 * Which states each decision applies to, and the state it leads to. `forget` (deleting a contact) makes anyone
 * but a blocked peer a stranger again; a block is kept, since forgetting it would let them write again (the
 * user may delete a blocked contact's history, not the block).
 */
export const DECISIONS: Readonly<Record<TrustDecision, { from: readonly ContactState[]; to: ContactState }>> =
  {
    block: { from: ['accepted', 'requested-by-me', 'requested-by-them', 'unknown'], to: 'blocked' },
    unblock: { from: ['blocked'], to: 'unknown' },
    ignore: { from: ['requested-by-them'], to: 'unknown' },
    forget: { from: ['accepted', 'requested-by-me', 'requested-by-them', 'unknown'], to: 'unknown' },
  };

/**
 * Who hears of a new name: accepted contacts, and those we asked who have not answered (their copy of our
 * request would otherwise keep the old name; a recipient takes a profile from someone whose request it holds).
 */
export const PROFILE_RECIPIENTS: ReadonlySet<ContactState> = new Set(['accepted', 'requested-by-me']);

export type OutgoingRule =
  | { readonly allowed: false }
  /** `becomes`: the contact's state once the message is queued (a request sent, a request accepted). */
  | { readonly allowed: true; readonly becomes: ContactState | null };

/**
 * Whether a message of `type` may go to a peer whose state is `contact`. Accepted contacts get anything; a
 * stranger may be sent a request, and a peer who asked may be sent an acceptance; a new name also goes to those
 * who know us (PROFILE_RECIPIENTS). Repeating a request or an acceptance is allowed, so a lost one can be redone.
 */
export const outgoingRule = (type: MessageType, contact: ContactState): OutgoingRule => {
  if (type === 'contact-request' && contact === 'unknown') {
    return { allowed: true, becomes: 'requested-by-me' };
  }
  if (type === 'contact-accept' && contact === 'requested-by-them') {
    return { allowed: true, becomes: 'accepted' };
  }
  const allowed =
    contact === 'accepted' ||
    type === 'contact-request' ||
    type === 'contact-accept' ||
    (type === 'profile' && PROFILE_RECIPIENTS.has(contact));
  return allowed ? { allowed: true, becomes: null } : { allowed: false };
};
