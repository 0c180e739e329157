// The contacts domain of the app store: adding people (by peer ID or invite link), answering requests,
// blocking, and verifying safety numbers. Rules live here and in the engine; components only call these.
import type { HostApi, HostValue } from '../../../shared/host/host-contract';
import { parseInvite, type Invite } from '../../../shared/contacts/invite-link';
import type { PeerId } from '../../../shared/identity/peer-id';
import type { TrustDecision } from '../../../shared/messaging/delivery-engine';
import type { Messenger } from '../../../shared/messaging/messenger';
import { clearVerification, markVerified } from '../archive/contact-verification';
import type { ArchiveDb } from '../archive/archive-db';

export type SafetyNumberView =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly number: HostValue<'getSafetyNumber'> }
  | { readonly status: 'unavailable'; readonly reason: string };

export interface ContactsSlice {
  /** Safety numbers asked for so far, by peer. */
  readonly safetyNumbers: Readonly<Record<string, SafetyNumberView>>;
  /** An invite opened from a link (in a message, or handed to the app by the system), waiting for a yes. */
  readonly pendingInvite: Invite | null;
  /** Sends a contact request and opens the (empty) conversation. */
  readonly addContact: (peerId: PeerId) => Promise<void>;
  readonly acceptContact: (peerId: PeerId) => Promise<void>;
  readonly decide: (peerId: PeerId, decision: TrustDecision) => Promise<void>;
  /** Reads an invite link or peer ID; returns the reason when it is not one. */
  readonly openInvite: (text: string) => string | null;
  readonly confirmInvite: () => Promise<void>;
  readonly dismissInvite: () => void;
  readonly loadSafetyNumber: (peerId: PeerId) => Promise<void>;
  readonly setVerified: (peerId: PeerId, verified: boolean) => Promise<void>;
}

/** What the slice needs from the rest of the store. */
export interface ContactsSliceContext {
  readonly host: HostApi;
  readonly ownPeerId: () => PeerId | null;
  readonly archive: () => ArchiveDb | null;
  /** Runs a messenger action; false (with the error shown) when it failed or nothing is online yet. */
  readonly act: (
    run: (messenger: Messenger) => Promise<{ ok: boolean; error?: { message: string } }>,
  ) => Promise<boolean>;
  readonly openConversation: (peerId: PeerId) => void;
  readonly showError: (message: string) => void;
  readonly now: () => number;
}

type SetContacts = (
  partial: Partial<ContactsSlice> | ((state: ContactsSlice) => Partial<ContactsSlice>),
) => void;

export const createContactsSlice = (
  set: SetContacts,
  get: () => ContactsSlice,
  context: ContactsSliceContext,
): ContactsSlice => {
  const setSafetyNumber = (peerId: PeerId, view: SafetyNumberView) =>
    set((state) => ({ safetyNumbers: { ...state.safetyNumbers, [peerId]: view } }));

  const addContact = async (peerId: PeerId) => {
    if (peerId === context.ownPeerId()) {
      context.showError('That is your own peer ID.');
      return;
    }
    if (await context.act((messenger) => messenger.requestContact(peerId))) {
      context.openConversation(peerId);
    }
  };

  return {
    safetyNumbers: {},
    pendingInvite: null,
    addContact,

    async acceptContact(peerId) {
      if (await context.act((messenger) => messenger.acceptContact(peerId))) {
        context.openConversation(peerId);
      }
    },

    async decide(peerId, decision) {
      await context.act((messenger) => messenger.decide(peerId, decision));
    },

    openInvite(text) {
      const invite = parseInvite(text);
      if (!invite.ok) {
        return invite.error.message;
      }
      if (invite.value.peerId === context.ownPeerId()) {
        return 'That is your own invite.';
      }
      set({ pendingInvite: invite.value });
      return null;
    },

    async confirmInvite() {
      const invite = get().pendingInvite;
      set({ pendingInvite: null });
      if (invite) {
        await addContact(invite.peerId);
      }
    },

    dismissInvite() {
      set({ pendingInvite: null });
    },

    async loadSafetyNumber(peerId) {
      if (get().safetyNumbers[peerId]?.status !== 'ready') {
        setSafetyNumber(peerId, { status: 'loading' });
      }
      const number = await context.host.getSafetyNumber({ peerId });
      setSafetyNumber(
        peerId,
        number.ok
          ? { status: 'ready', number: number.value }
          : { status: 'unavailable', reason: number.error.message },
      );
    },

    async setVerified(peerId, verified) {
      const archive = context.archive();
      const view = get().safetyNumbers[peerId];
      if (!archive || view?.status !== 'ready') {
        context.showError('The safety number is not known yet.');
        return;
      }
      if (verified) {
        await markVerified(archive, peerId, view.number.digits, context.now());
      } else {
        await clearVerification(archive, peerId);
      }
    },
  };
};
