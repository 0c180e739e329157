// The app's state and actions (zustand). Components render from it and call its actions; the host and the
// network are passed in by the composition root.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { HostApi, HostValue, IdentitySummary } from '../../../shared/host/host-contract';
import { decodeChatFrame, type ChatFrame } from '../../../shared/messaging/chat-frame';
import type { PeerId } from '../../../shared/identity/peer-id';
import type { SignalingState } from '../../../shared/signaling/signaling-client';
import type { LinkState } from '../p2p/peer-links';
import type { NetworkEvent, Networking } from '../p2p/networking';

export interface ChatMessage {
  readonly id: string;
  readonly direction: 'in' | 'out';
  readonly text: string;
  readonly sentAt: number;
}

export interface Contact {
  readonly peerId: PeerId;
  readonly link: LinkState | 'idle';
  readonly reason?: string;
  readonly messages: readonly ChatMessage[];
}

export interface AppState {
  readonly phase: 'loading' | 'onboarding' | 'creating' | 'locked' | 'unlocking' | 'ready' | 'error';
  /** Where keys are kept: with `passphrase`, creating an identity asks for one and start-up asks to unlock. */
  readonly keyProtection: HostValue<'getVaultStatus'>['protection'] | null;
  readonly error: string | null;
  readonly identity: IdentitySummary | null;
  readonly signaling: SignalingState | { readonly status: 'idle' };
  readonly contacts: Readonly<Record<string, Contact>>;
  readonly activePeerId: PeerId | null;
  readonly load: () => Promise<void>;
  readonly createIdentity: (displayName: string, passphrase?: string) => Promise<void>;
  readonly unlock: (passphrase: string) => Promise<void>;
  readonly openConversation: (peerId: PeerId) => void;
  readonly sendText: (text: string) => Promise<boolean>;
}

export interface AppStoreDeps {
  readonly host: HostApi;
  readonly startNetworking: (signalingUrl: string, onEvent: (event: NetworkEvent) => void) => Networking;
  readonly newMessageId: () => string;
  readonly now: () => number;
}

const emptyContact = (peerId: PeerId): Contact => ({ peerId, link: 'idle', messages: [] });

export const createAppStore = (deps: AppStoreDeps): StoreApi<AppState> =>
  createStore<AppState>()((set, get) => {
    let network: Networking | null = null;

    const updateContact = (peerId: PeerId, change: (contact: Contact) => Contact): void =>
      set((state) => ({
        contacts: { ...state.contacts, [peerId]: change(state.contacts[peerId] ?? emptyContact(peerId)) },
      }));

    const appendMessage = (peerId: PeerId, message: ChatMessage): void =>
      updateContact(peerId, (contact) => ({ ...contact, messages: [...contact.messages, message] }));

    const onNetworkEvent = (event: NetworkEvent): void => {
      switch (event.type) {
        case 'state':
          set({ signaling: event.state });
          return;
        case 'error':
          set({ error: `${event.code}: ${event.message}` });
          return;
        case 'signal':
          return;
        case 'link':
          // An incoming connection opens its conversation when nothing else is open.
          if (get().activePeerId === null) {
            set({ activePeerId: event.peerId });
          }
          updateContact(event.peerId, (contact) => {
            const { reason: _previous, ...rest } = contact;
            return event.reason === undefined
              ? { ...rest, link: event.state }
              : { ...rest, link: event.state, reason: event.reason };
          });
          return;
        case 'data': {
          const frame = decodeChatFrame(event.text);
          if (frame) {
            appendMessage(event.peerId, {
              id: frame.id,
              direction: 'in',
              text: frame.text,
              sentAt: frame.sentAt,
            });
          }
          return;
        }
      }
    };

    const goOnline = async (): Promise<void> => {
      const settings = await deps.host.getSettings({});
      if (!settings.ok) {
        set({ phase: 'error', error: settings.error.message });
        return;
      }
      network = deps.startNetworking(settings.value.signalingUrl, onNetworkEvent);
    };

    return {
      phase: 'loading',
      keyProtection: null,
      error: null,
      identity: null,
      signaling: { status: 'idle' },
      contacts: {},
      activePeerId: null,

      async load() {
        const vault = await deps.host.getVaultStatus({});
        if (!vault.ok) {
          set({ phase: 'error', error: vault.error.message });
          return;
        }
        set({ keyProtection: vault.value.protection });
        if (vault.value.state === 'locked') {
          set({ phase: 'locked' });
          return;
        }
        const identity = await deps.host.getIdentity({});
        if (!identity.ok) {
          set({ phase: 'error', error: identity.error.message });
          return;
        }
        set({ identity: identity.value, phase: identity.value ? 'ready' : 'onboarding' });
        if (identity.value) {
          await goOnline();
        }
      },

      async unlock(passphrase) {
        set({ phase: 'unlocking', error: null });
        const unlocked = await deps.host.unlockIdentity({ passphrase });
        if (!unlocked.ok) {
          set({ phase: 'locked', error: unlocked.error.message });
          return;
        }
        set({ identity: unlocked.value, phase: 'ready' });
        await goOnline();
      },

      async createIdentity(displayName, passphrase) {
        set({ phase: 'creating', error: null });
        const created = await deps.host.createIdentity(
          passphrase === undefined ? { displayName } : { displayName, passphrase },
        );
        if (!created.ok) {
          set({ phase: 'onboarding', error: created.error.message });
          return;
        }
        set({ identity: created.value, phase: 'ready' });
        await goOnline();
      },

      openConversation(peerId) {
        if (peerId === get().identity?.peerId) {
          set({ error: 'That is your own peer ID.' });
          return;
        }
        updateContact(peerId, (contact) => contact);
        set({ activePeerId: peerId, error: null });
        network?.dial(peerId);
      },

      async sendText(text) {
        const peerId = get().activePeerId;
        if (!peerId || !network) {
          return false;
        }
        const frame: ChatFrame = { v: 0, type: 'text', id: deps.newMessageId(), sentAt: deps.now(), text };
        if (!(await network.send(peerId, JSON.stringify(frame)))) {
          set({ error: 'Not connected to this contact yet.' });
          return false;
        }
        appendMessage(peerId, { id: frame.id, direction: 'out', text, sentAt: frame.sentAt });
        return true;
      },
    };
  });
