// The conversation settings slice's rules, on a fake session: one removal at a time per conversation, shown
// while it runs; a deleted contact's conversation closes, a cleared one stays open; a refusal is shown.
import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../../shared/identity/peer-id';
import { fail, ok } from '../../../shared/result';
import type { MessagingSession } from '../p2p/start-messaging';
import {
  createConversationSettingsSlice,
  type ConversationSettingsSlice,
} from './conversation-settings-slice';

const ANA = 'a'.repeat(32) as PeerId;

const setUp = (deleteOutcome: Awaited<ReturnType<MessagingSession['deleteContact']>>) => {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const session = {
    clearConversation: async () => {
      await gate;
      return 3;
    },
    deleteContact: async () => {
      await gate;
      return deleteOutcome;
    },
  } as unknown as MessagingSession;
  const forgotten: [PeerId, boolean][] = [];
  const errors: string[] = [];
  let state: ConversationSettingsSlice;
  const slice = createConversationSettingsSlice(
    (partial) => {
      state = { ...state, ...partial(state) };
    },
    () => state,
    {
      archive: () => null,
      session: () => session,
      forgetConversation: (peer, close) => forgotten.push([peer, close]),
      leaveConversation: () => undefined,
      showError: (message) => errors.push(message),
    },
  );
  state = slice;
  return { slice, state: () => state, release, forgotten, errors };
};

describe('conversation settings slice', () => {
  it('clears one conversation at a time, marked while it runs, and keeps it open', async () => {
    const { slice, state, release, forgotten } = setUp(ok(0));
    const first = slice.clearConversation(ANA);
    expect(state().removingHistory).toEqual({ [ANA]: 'clearing' });
    expect(await slice.deleteContact(ANA)).toBe(false);
    release();
    expect(await first).toBe(true);
    expect(state().removingHistory).toEqual({});
    expect(forgotten).toEqual([[ANA, false]]);
  });

  it('closes a deleted contact’s conversation', async () => {
    const { slice, release, forgotten } = setUp(ok(12));
    release();
    expect(await slice.deleteContact(ANA)).toBe(true);
    expect(forgotten).toEqual([[ANA, true]]);
  });

  it('shows why a contact was not deleted, and leaves the conversation as it was', async () => {
    const { slice, state, release, forgotten, errors } = setUp(
      fail('MESSAGE_NOT_A_CONTACT', 'a blocked contact stays blocked'),
    );
    release();
    expect(await slice.deleteContact(ANA)).toBe(false);
    expect(errors).toEqual(['a blocked contact stays blocked']);
    expect(forgotten).toEqual([]);
    expect(state().removingHistory).toEqual({});
  });
});
