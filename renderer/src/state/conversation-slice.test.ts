// The conversation slice's replies on virtual time: a quoted disappearing message leaves the store at its expiry,
// a deleted one when it is deleted, and neither goes out as a replyTo nor comes back with a text that failed;
// and what an edit begun or saved while a message is written keeps (conversation-edits.test.ts: edits at large).
import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../../shared/identity/peer-id';
import type { Message } from '../../../shared/messaging/message-format';
import type { Messenger } from '../../../shared/messaging/messenger';
import type { Clock } from '../../../shared/ports/clock';
import { createVirtualClock } from '../../../shared/testing/virtual-clock';
import { createConversationSlice, type ConversationSlice } from './conversation-slice';

const BOB = 'b'.repeat(32) as PeerId;
const CAROL = 'c'.repeat(32) as PeerId;

const setUp = (options: { readonly clock: Clock; readonly sends?: 'succeed' | 'fail' }) => {
  const sent: { readonly to: PeerId; readonly text: string; readonly meta?: Message['meta'] }[] = [];
  const edits: { readonly to: PeerId; readonly id: string; readonly text: string }[] = [];
  let release: () => void = () => undefined;
  let gate: Promise<void> = Promise.resolve();
  const messenger = {
    async sendText(to: PeerId, text: string, meta?: Message['meta']) {
      await gate;
      sent.push(meta ? { to, text, meta } : { to, text });
      return options.sends === 'fail' ? { ok: false } : { ok: true };
    },
    async editText(to: PeerId, id: string, text: string) {
      await gate;
      edits.push({ to, id, text });
      return { ok: true };
    },
  } as unknown as Messenger;
  let state: ConversationSlice;
  const slice = createConversationSlice(
    (partial) => {
      state = { ...state, ...(typeof partial === 'function' ? partial(state) : partial) };
    },
    () => state,
    {
      activePeerId: () => BOB,
      openConversation: () => undefined,
      archive: () => null,
      act: async (run) => (await run(messenger)).ok,
      now: () => options.clock.now(),
      clock: options.clock,
      withdraw: () => undefined,
    },
  );
  state = slice;
  return {
    state: () => state,
    sent,
    edits,
    /** Holds every send until the returned function is called. */
    holdSends: () => {
      gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      return () => release();
    },
  };
};

describe('conversation slice: replies', () => {
  it('forgets a quoted disappearing message, text and all, the moment it expires', async () => {
    const clock = createVirtualClock();
    const { state } = setUp({ clock });
    const quoted = {
      id: 'q1',
      fromMe: false,
      text: 'the door code is 4711',
      expiresAt: clock.now() + 90_000,
    };
    state().startReply(BOB, quoted);
    state().startReply(CAROL, { id: 'q2', fromMe: false, text: 'no timer on this one' });

    await clock.advance(89_999);
    expect(state().replyingTo[BOB]).toBe(quoted);
    await clock.advance(1);
    expect(state().replyingTo).toEqual({
      [CAROL]: { id: 'q2', fromMe: false, text: 'no timer on this one' },
    });
    expect(clock.pending).toBe(0);
  });

  it('sends a plain message, with no replyTo, once the quoted message has expired', async () => {
    const clock = createVirtualClock();
    const { state, sent } = setUp({ clock });
    state().startReply(BOB, { id: 'q1', fromMe: false, text: 'gone soon', expiresAt: clock.now() + 5_000 });
    await clock.advance(5_000);
    expect(await state().sendText('still there?')).toBe(true);
    expect(sent).toEqual([{ to: BOB, text: 'still there?' }]);
  });

  it('sends a plain message when the quote expired while timers slept', async () => {
    const clock = createVirtualClock();
    // A machine asleep: the timer set for the expiry has not run when the user sends.
    const asleep: Clock = { ...clock, setTimeout: () => 0, clearTimeout: () => undefined };
    const { state, sent } = setUp({ clock: asleep });
    state().startReply(BOB, { id: 'q1', fromMe: false, text: 'gone soon', expiresAt: clock.now() + 5_000 });
    await clock.advance(5_000);
    expect(state().replyingTo[BOB]).toBeDefined();
    expect(await state().sendText('still there?')).toBe(true);
    expect(sent).toEqual([{ to: BOB, text: 'still there?' }]);
    expect(state().replyingTo).toEqual({});
  });

  it('still sends a reply to a disappearing message before it expires', async () => {
    const clock = createVirtualClock();
    const { state, sent } = setUp({ clock });
    state().startReply(BOB, { id: 'q1', fromMe: true, text: 'mine', expiresAt: clock.now() + 5_000 });
    await clock.advance(4_999);
    expect(await state().sendText('answer')).toBe(true);
    expect(sent).toEqual([{ to: BOB, text: 'answer', meta: { replyTo: 'q1' } }]);
    expect(clock.pending).toBe(0);
  });

  it('waits out an expiry days away in bounded steps', async () => {
    const clock = createVirtualClock();
    const { state } = setUp({ clock });
    const day = 86_400_000;
    state().startReply(BOB, {
      id: 'q1',
      fromMe: false,
      text: 'for a week',
      expiresAt: clock.now() + 7 * day,
    });
    await clock.advance(7 * day - 1);
    expect(state().replyingTo[BOB]).toBeDefined();
    await clock.advance(1);
    expect(state().replyingTo).toEqual({});
  });

  it('does not take a quote that has expired already', () => {
    const clock = createVirtualClock();
    const { state } = setUp({ clock });
    state().startReply(BOB, { id: 'q1', fromMe: false, text: 'too late', expiresAt: clock.now() });
    expect(state().replyingTo).toEqual({});
    expect(clock.pending).toBe(0);
  });

  it('forgets a reply whose message is deleted, and only that one', () => {
    const clock = createVirtualClock();
    const { state } = setUp({ clock });
    state().startReply(BOB, {
      id: 'q1',
      fromMe: false,
      text: 'never mind this',
      expiresAt: clock.now() + 60_000,
    });
    state().startReply(CAROL, { id: 'q2', fromMe: false, text: 'keep this' });
    state().forgetQuoted(['q1', 'q3']);
    expect(state().replyingTo).toEqual({ [CAROL]: { id: 'q2', fromMe: false, text: 'keep this' } });
    expect(clock.pending).toBe(0);
  });

  it('stops waiting for the expiry of a reply cancelled or replaced', () => {
    const clock = createVirtualClock();
    const { state } = setUp({ clock });
    state().startReply(BOB, { id: 'q1', fromMe: false, text: 'a', expiresAt: clock.now() + 60_000 });
    state().startReply(BOB, { id: 'q2', fromMe: false, text: 'b', expiresAt: clock.now() + 60_000 });
    expect(clock.pending).toBe(1);
    state().cancelReply(BOB);
    expect(clock.pending).toBe(0);
  });

  it('gives a failed text its reply back, waiting for its expiry again', async () => {
    const clock = createVirtualClock();
    const { state } = setUp({ clock, sends: 'fail' });
    const quoted = { id: 'q1', fromMe: false, text: 'q', expiresAt: clock.now() + 60_000 };
    state().startReply(BOB, quoted);
    expect(await state().sendText('answer')).toBe(false);
    expect(state().replyingTo).toEqual({ [BOB]: quoted });
    await clock.advance(60_000);
    expect(state().replyingTo).toEqual({});
  });

  it('does not give a failed text back a reply whose message expired while it was sent', async () => {
    const clock = createVirtualClock();
    const { state, holdSends } = setUp({ clock, sends: 'fail' });
    state().startReply(BOB, { id: 'q1', fromMe: false, text: 'q', expiresAt: clock.now() + 1_000 });
    const release = holdSends();
    const sending = state().sendText('answer');
    await clock.advance(1_000);
    release();
    expect(await sending).toBe(false);
    expect(state().drafts).toEqual({});
    expect(state().replyingTo).toEqual({});
  });

  it('gives nothing back from a send that fails after the archive closed', async () => {
    const clock = createVirtualClock();
    const { state, holdSends } = setUp({ clock, sends: 'fail' });
    state().setDraft(BOB, 'answer');
    state().startReply(BOB, { id: 'q1', fromMe: false, text: 'q' });
    const release = holdSends();
    const sending = state().sendText('answer');
    // Another tab takes over: the archive closes, and what was being written goes with it.
    state().forgetWriting();
    release();
    expect(await sending).toBe(false);
    expect([state().drafts, state().replyingTo]).toEqual([{}, {}]);
  });

  it('does not give a failed text back a reply whose message was deleted while it was sent', async () => {
    const clock = createVirtualClock();
    const { state, holdSends } = setUp({ clock, sends: 'fail' });
    state().startReply(BOB, { id: 'q1', fromMe: false, text: 'q' });
    const release = holdSends();
    const sending = state().sendText('answer');
    state().forgetQuoted(['q1']);
    release();
    expect(await sending).toBe(false);
    expect(state().replyingTo).toEqual({});
  });
});

describe('conversation slice: edits while a message is written', () => {
  it('keeps a text that failed while an edit was begun with the draft put aside, not in the edit', async () => {
    const clock = createVirtualClock();
    const { state, holdSends } = setUp({ clock, sends: 'fail' });
    state().setDraft(BOB, 'answer');
    const release = holdSends();
    const sending = state().sendText('answer');
    state().startEdit(BOB, { id: 'm1', text: 'old words' });
    release();
    expect(await sending).toBe(false);
    expect(state().drafts[BOB]).toBe('old words');
    state().cancelEdit(BOB);
    expect(state().drafts[BOB]).toBe('answer');
  });

  it('keeps the edit open with what was typed while it was saved, saved as its text', async () => {
    const clock = createVirtualClock();
    const { state, edits, holdSends } = setUp({ clock });
    state().startEdit(BOB, { id: 'm1', text: 'old words' });
    state().setDraft(BOB, 'new words');
    const release = holdSends();
    const saving = state().sendText('new words');
    // Enter again while it is saved saves nothing more.
    expect(await state().sendText('new words')).toBe(false);
    state().setDraft(BOB, 'new words, more');
    release();
    expect(await saving).toBe(true);
    expect(edits).toEqual([{ to: BOB, id: 'm1', text: 'new words' }]);
    expect(state().editing).toEqual({ [BOB]: { id: 'm1', text: 'new words' } });
    expect(state().drafts[BOB]).toBe('new words, more');
  });
});
