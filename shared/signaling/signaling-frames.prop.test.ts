import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ClientFrameSchema,
  isPlainSignalFrame,
  parseClientFrame,
  parseFrame,
  relayedSignalText,
  ServerFrameSchema,
  type ClientFrame,
} from './signaling-frames';

const peerId = fc.stringMatching(/^[a-z2-7]{32}$/);
const base64 = fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('base64'));
const payload = fc.string({ minLength: 1, maxLength: 2000 });

const realm = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/);
const ref = fc.option(fc.string({ minLength: 1, maxLength: 64 }), { nil: undefined });
const bundle = fc.record({
  peerId,
  signingKey: base64.filter(Boolean),
  encryptionKey: base64.filter(Boolean),
  certificate: base64.filter(Boolean),
});
const peerIds = fc.array(peerId, { minLength: 1, maxLength: 20 });
const v = fc.constant(1 as const);
/** Drops keys whose value is undefined, as JSON.stringify does. */
const withoutUndefined = <T extends object>(frame: T): T =>
  Object.fromEntries(Object.entries(frame).filter(([, value]) => value !== undefined)) as T;

const clientFrame: fc.Arbitrary<ClientFrame> = fc
  .oneof(
    fc.record({ v, type: fc.constant('register' as const), realm, bundle, signature: base64 }),
    fc.record({ v, type: fc.constant('signal' as const), to: peerId, payload, ref }),
    fc.record({ v, type: fc.constant('lookup' as const), peerId, ref }),
    fc.record({ v, type: fc.constant('watch' as const), peerIds }),
    fc.record({ v, type: fc.constant('unwatch' as const), peerIds }),
    fc.record({ v, type: fc.constant('ice' as const) }),
  )
  .map((frame) => withoutUndefined(frame) as ClientFrame);

const FIELDS = ['v', 'type', 'realm', 'bundle', 'signature', 'to', 'payload', 'ref', 'peerId', 'peerIds'];

describe('signaling frames v1', () => {
  it('round-trips every valid client frame through JSON', () => {
    fc.assert(
      fc.property(clientFrame, (frame) => {
        expect(parseFrame(ClientFrameSchema, JSON.stringify(frame))).toEqual(frame);
      }),
    );
  });

  it('rejects a valid frame with any extra field', () => {
    fc.assert(
      fc.property(
        clientFrame,
        fc
          .string({ minLength: 1, maxLength: 12 })
          .filter((key) => !FIELDS.includes(key) && key !== '__proto__'),
        fc.jsonValue(),
        (frame, key, value) => {
          expect(parseFrame(ClientFrameSchema, JSON.stringify({ ...frame, [key]: value }))).toBeNull();
        },
      ),
    );
  });

  it('rejects other versions and unknown types', () => {
    fc.assert(
      fc.property(
        clientFrame,
        fc.integer().filter((v) => v !== 1),
        (frame, v) => {
          expect(parseFrame(ClientFrameSchema, JSON.stringify({ ...frame, v }))).toBeNull();
        },
      ),
    );
    expect(parseFrame(ClientFrameSchema, JSON.stringify({ v: 1, type: 'presence', peers: [] }))).toBeNull();
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.jsonValue().map((value) => JSON.stringify(value)),
        ),
        (text) => {
          expect(() => parseFrame(ClientFrameSchema, text)).not.toThrow();
          expect(() => parseFrame(ServerFrameSchema, text)).not.toThrow();
        },
      ),
    );
  });

  it('rejects a server frame that claims an unknown error code', () => {
    const frame = { v: 1, type: 'error', code: 'SIGNAL_MAYBE', message: 'x' };
    expect(parseFrame(ServerFrameSchema, JSON.stringify(frame))).toBeNull();
    expect(
      parseFrame(ServerFrameSchema, JSON.stringify({ ...frame, code: 'SIGNAL_PEER_OFFLINE' })),
    ).not.toBeNull();
  });

  it('checks signal frames by hand exactly as the schema does', () => {
    const signal = fc.record(
      {
        v: fc.constantFrom<unknown>(1, 2, '1'),
        type: fc.constantFrom<unknown>('signal', 'lookup'),
        to: fc.oneof(peerId, fc.string({ maxLength: 40 })),
        payload: fc.oneof(fc.string({ maxLength: 60 }), fc.integer()),
        ref: fc.oneof(fc.string({ maxLength: 70 }), fc.constant(7)),
      },
      { requiredKeys: [] },
    );
    const withExtra = fc
      .tuple(signal, fc.option(fc.constantFrom('extra', '__proto__', 'from'), { nil: undefined }))
      .map(([frame, extra]) => (extra ? { ...frame, [extra]: 1 } : frame));
    fc.assert(
      fc.property(withExtra, (frame) => {
        const viaSchema =
          ClientFrameSchema.safeParse(frame).success && (frame as { type?: unknown }).type === 'signal';
        expect(isPlainSignalFrame(frame)).toBe(viaSchema);
        expect(parseClientFrame(JSON.stringify(frame)) !== null).toBe(
          ClientFrameSchema.safeParse(JSON.parse(JSON.stringify(frame))).success,
        );
      }),
      { numRuns: 3000 },
    );
  });

  it('builds the relayed signal text the client parses back to the same frame', () => {
    fc.assert(
      fc.property(peerId, fc.string({ minLength: 1, maxLength: 500 }), (from, payload) => {
        expect(parseFrame(ServerFrameSchema, relayedSignalText(from, payload))).toEqual({
          v: 1,
          type: 'signal',
          from,
          payload,
        });
      }),
    );
  });
});
