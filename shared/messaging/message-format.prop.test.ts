import { encode } from '@msgpack/msgpack';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PeerId } from '../identity/peer-id';
import {
  compareMessages,
  decodeFrame,
  directConversationId,
  encodeFrame,
  MAX_TEXT_CHARS,
  MAX_TIMER_SECONDS,
  type Frame,
  type Message,
} from './message-format';

const peerId = fc.stringMatching(/^[a-z2-7]{32}$/).map((id) => id as PeerId);
const messageId = fc
  .tuple(
    fc.stringMatching(/^[0-9a-f]{12}$/),
    fc.stringMatching(/^[0-9a-f]{3}$/),
    fc.constantFrom('8', '9', 'a', 'b'),
    fc.stringMatching(/^[0-9a-f]{15}$/),
  )
  .map(
    ([time, a, variant, rest]) =>
      `${time.slice(0, 8)}-${time.slice(8)}-7${a}-${variant}${rest.slice(0, 3)}-${rest.slice(3)}`,
  );
const ids = fc.array(messageId, { minLength: 1, maxLength: 20 });
const body = fc.oneof(
  fc.record({
    t: fc.constant('text' as const),
    body: fc.record({ text: fc.string({ minLength: 1, maxLength: 300 }) }),
  }),
  fc.record({ t: fc.constant('read' as const), body: fc.record({ ids }) }),
  fc.record({ t: fc.constant('delete' as const), body: fc.record({ ids }) }),
  fc.record({
    t: fc.constant('contact-request' as const),
    body: fc.record(
      {
        displayName: fc.stringMatching(/^[A-Za-z][A-Za-z ]{0,20}[a-z]$/),
        note: fc.option(fc.string({ maxLength: 50 }), { nil: undefined }),
      },
      { requiredKeys: ['displayName'] },
    ),
  }),
  fc.record({
    t: fc.constant('contact-accept' as const),
    body: fc.record({ displayName: fc.constantFrom('Alice', 'Bob Jones') }),
  }),
  fc.record({
    t: fc.constant('timer' as const),
    body: fc.record({ seconds: fc.integer({ min: 0, max: MAX_TIMER_SECONDS }) }),
  }),
  fc.record({
    t: fc.constant('profile' as const),
    body: fc.record({ displayName: fc.stringMatching(/^\S(.{0,62}\S)?$/) }),
  }),
  // An edit must name what it edits, so it brings its own meta.
  fc.record({
    t: fc.constant('edit' as const),
    body: fc.record({ text: fc.string({ minLength: 1, maxLength: 300 }) }),
    meta: fc.record(
      { editOf: messageId, expiresAt: fc.integer({ min: 0, max: 2 ** 45 }) },
      { requiredKeys: ['editOf'] },
    ),
  }),
  fc.record({
    t: fc.constant('reaction' as const),
    body: fc.record({ of: messageId, emoji: fc.constantFrom('', '👍', '❤️', '👨‍👩‍👧', '🇯🇵', '#️⃣') }),
  }),
);
const message: fc.Arbitrary<Message> = fc
  .record({
    id: messageId,
    from: peerId,
    to: peerId,
    sentAt: fc.integer({ min: 0, max: 2 ** 45 }),
    seq: fc.integer({ min: 1, max: 2 ** 40 }),
    meta: fc.option(
      fc.record(
        { replyTo: messageId, expiresAt: fc.integer({ min: 0, max: 2 ** 45 }) },
        { requiredKeys: [] },
      ),
      { nil: undefined },
    ),
    typed: body,
  })
  .map(({ typed, ...rest }) => {
    // Absent optional fields, as a decoder returns them (JSON drops the undefined ones).
    const withoutUndefined: unknown = JSON.parse(
      JSON.stringify({ ...rest, conversation: directConversationId(rest.from, rest.to), ...typed }),
    );
    return withoutUndefined as Message;
  });
const frame: fc.Arbitrary<Frame> = fc.oneof(
  message.map((m) => ({ v: 1 as const, k: 'msg' as const, m })),
  fc.record({
    v: fc.constant(1 as const),
    k: fc.constant('ack' as const),
    ids: fc.array(messageId, { maxLength: 30 }),
    upTo: fc.nat(),
    missing: fc.array(fc.integer({ min: 1, max: 1000 }), { maxLength: 64 }),
  }),
  fc.record({
    v: fc.constant(1 as const),
    k: fc.constant('typing' as const),
    conversation: fc.string({ minLength: 1, maxLength: 64 }),
    active: fc.boolean(),
  }),
);

describe('messaging wire format v1', () => {
  it('round-trips every valid frame', () => {
    fc.assert(
      fc.property(frame, (value) => {
        expect(decodeFrame(encodeFrame(value))).toEqual({ kind: 'frame', frame: value });
      }),
    );
  });

  it('is compact: a short text message is a fraction of its JSON', () => {
    const m = fc.sample(
      message.filter((x) => x.t === 'text'),
      1,
    )[0] as Message;
    expect(encodeFrame({ v: 1, k: 'msg', m }).length).toBeLessThan(
      JSON.stringify({ v: 1, k: 'msg', m }).length,
    );
  });

  it('never throws, whatever the bytes, and accepts nothing malformed', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const decoded = decodeFrame(bytes);
        expect(['invalid', 'unknown', 'frame', 'foreign-message']).toContain(decoded.kind);
      }),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(frame, fc.nat(), (value, cut) => {
        const bytes = encodeFrame(value);
        const truncated = bytes.subarray(0, cut % bytes.length);
        expect(decodeFrame(truncated).kind).not.toBe('frame');
      }),
    );
  });

  it('refuses extra fields, wrong types and oversized text', () => {
    fc.assert(
      fc.property(
        message,
        fc
          .string({ minLength: 1, maxLength: 8 })
          .filter(
            (key) =>
              ![
                'id',
                'from',
                'to',
                'conversation',
                'sentAt',
                'seq',
                'meta',
                't',
                'body',
                '__proto__',
              ].includes(key),
          ),
        (m, key) => {
          expect(decodeFrame(encode({ v: 1, k: 'msg', m: { ...m, [key]: 1 } })).kind).toBe('invalid');
        },
      ),
    );
    const base = fc.sample(
      message.filter((x) => x.t === 'text'),
      1,
    )[0] as Message;
    expect(decodeFrame(encode({ v: 1, k: 'msg', m: { ...base, seq: 0 } })).kind).toBe('invalid');
    expect(
      decodeFrame(encode({ v: 1, k: 'msg', m: { ...base, body: { text: 'x'.repeat(MAX_TEXT_CHARS + 1) } } }))
        .kind,
    ).toBe('invalid');
    expect(decodeFrame(encode({ v: 1, k: 'msg', m: { ...base, id: 'not-a-uuid' } })).kind).toBe('invalid');
    expect(decodeFrame(encode({ v: 0, k: 'msg', m: base })).kind).toBe('invalid');
    const timer = { ...base, t: 'timer', body: { seconds: 30 } };
    expect(decodeFrame(encode({ v: 1, k: 'msg', m: timer })).kind).toBe('frame');
    for (const seconds of [-1, 1.5, MAX_TIMER_SECONDS + 1]) {
      expect(decodeFrame(encode({ v: 1, k: 'msg', m: { ...timer, body: { seconds } } })).kind).toBe(
        'invalid',
      );
    }
    const profile = { ...base, t: 'profile', body: { displayName: 'Ada' } };
    expect(decodeFrame(encode({ v: 1, k: 'msg', m: profile })).kind).toBe('frame');
    for (const displayName of ['', '   ', 'x'.repeat(65)]) {
      expect(decodeFrame(encode({ v: 1, k: 'msg', m: { ...profile, body: { displayName } } })).kind).toBe(
        'invalid',
      );
    }
    // An edit names the message it edits, and carries a text a text message could carry.
    const edit = { ...base, t: 'edit', body: { text: 'fixed' }, meta: { editOf: base.id } };
    expect(decodeFrame(encode({ v: 1, k: 'msg', m: edit })).kind).toBe('frame');
    for (const broken of [
      { ...edit, meta: {} },
      { ...edit, meta: undefined },
      { ...edit, meta: { editOf: 'not-a-uuid' } },
      { ...edit, body: { text: '' } },
      { ...edit, body: { text: 'x'.repeat(MAX_TEXT_CHARS + 1) } },
    ]) {
      expect(decodeFrame(encode({ v: 1, k: 'msg', m: broken }, { ignoreUndefined: true })).kind).toBe(
        'invalid',
      );
    }
  });

  it('takes a reaction naming a message, with one emoji or none, and nothing else', () => {
    const base = fc.sample(message, 1)[0] as Message;
    const reaction = { ...base, t: 'reaction', body: { of: base.id, emoji: '👍' } };
    expect(decodeFrame(encode({ v: 1, k: 'msg', m: reaction }, { ignoreUndefined: true })).kind).toBe(
      'frame',
    );
    for (const body of [
      { of: base.id, emoji: '👍👍' },
      { of: base.id, emoji: 'yes' },
      { of: base.id, emoji: ' ' },
      { of: 'not-a-uuid', emoji: '👍' },
      { emoji: '👍' },
      { of: base.id, emoji: '👍', extra: 1 },
    ]) {
      const broken = { ...reaction, body };
      expect(decodeFrame(encode({ v: 1, k: 'msg', m: broken }, { ignoreUndefined: true })).kind).toBe(
        'invalid',
      );
    }
  });

  it('skips what a newer version adds: unknown frame kinds, versions and message types', () => {
    expect(decodeFrame(encode({ v: 1, k: 'reaction', emoji: '👍' }))).toEqual({ kind: 'unknown' });
    expect(decodeFrame(encode({ v: 2, k: 'msg', m: {} }))).toEqual({ kind: 'unknown' });
    const base = fc.sample(message, 1)[0] as Message;
    expect(
      decodeFrame(encode({ v: 1, k: 'msg', m: { ...base, t: 'poll', body: { question: '?' } } })),
    ).toEqual({
      kind: 'foreign-message',
      id: base.id,
      from: base.from,
      seq: base.seq,
    });
  });

  it('orders a conversation the same way whatever order the messages arrive in', () => {
    fc.assert(
      fc.property(fc.array(message, { maxLength: 30 }), fc.integer(), (messages, seed) => {
        const shuffled = [...messages].sort((a, b) => ((a.seq * 31 + seed) % 7) - ((b.seq * 31 + seed) % 7));
        expect([...shuffled].sort(compareMessages)).toEqual([...messages].sort(compareMessages));
      }),
    );
  });
});
