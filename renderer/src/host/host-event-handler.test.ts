import { describe, expect, it } from 'vitest';
import type { StoreApi } from 'zustand/vanilla';
import type { AppState } from '../state/app-store';
import { handleHostEvent } from './host-event-handler';
import { validatedEvents } from './host-connection';

const BOB = 'b'.repeat(32);

const recordingStore = (openInviteProblem: string | null = null) => {
  const calls: unknown[][] = [];
  const state = {
    openConversation: (peer: string) => calls.push(['openConversation', peer]),
    openInvite: (url: string) => (calls.push(['openInvite', url]), openInviteProblem),
    showError: (message: string) => calls.push(['showError', message]),
    setQuickSwitcherOpen: (open: boolean) => calls.push(['setQuickSwitcherOpen', open]),
    openSettings: () => calls.push(['openSettings']),
    closeSettings: () => calls.push(['closeSettings']),
    setFindOpen: (open: boolean) => calls.push(['setFindOpen', open]),
    activePeerId: null,
    view: 'chats',
  };
  return { store: { getState: () => state } as unknown as StoreApi<AppState>, calls };
};

describe('host events in the renderer', () => {
  it('drops anything that is not a valid host event', () => {
    const received: unknown[] = [];
    let push: (raw: unknown) => void = () => undefined;
    validatedEvents((listener) => {
      push = listener;
      return () => undefined;
    })((event) => received.push(event));
    push({ type: 'open-conversation', peerId: 'not a peer id' });
    push({ type: 'command', command: 'format-disk' });
    push({ type: 'command', command: 'settings', extra: true });
    push('open-link');
    push({ type: 'open-conversation', peerId: BOB });
    expect(received).toEqual([{ type: 'open-conversation', peerId: BOB }]);
  });

  it('opens the conversation of a clicked notification, the invite of a link, and runs menu commands', () => {
    const { store, calls } = recordingStore();
    let focused = 0;
    const handle = handleHostEvent(store, { newChat: () => (focused += 1), search: () => (focused += 10) });
    handle({ type: 'open-conversation', peerId: BOB as never });
    handle({ type: 'open-link', url: `parley://add/${BOB}` });
    handle({ type: 'command', command: 'quick-switcher' });
    handle({ type: 'command', command: 'settings' });
    handle({ type: 'command', command: 'new-chat' });
    handle({ type: 'command', command: 'search' });
    expect(calls).toEqual([
      ['openConversation', BOB],
      ['openInvite', `parley://add/${BOB}`],
      ['setQuickSwitcherOpen', true],
      ['openSettings'],
      ['closeSettings'],
      ['closeSettings'],
    ]);
    expect(focused).toBe(11);
  });

  it('says why a link from the system cannot be opened', () => {
    const { store, calls } = recordingStore('not an invite link or a peer ID');
    handleHostEvent(store, { newChat: () => undefined, search: () => undefined })({
      type: 'open-link',
      url: 'parley://nonsense',
    });
    expect(calls.at(-1)).toEqual([
      'showError',
      'That link cannot be opened: not an invite link or a peer ID',
    ]);
  });
});
