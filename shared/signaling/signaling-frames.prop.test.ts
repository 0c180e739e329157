import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClientFrameSchema, parseFrame, ServerFrameSchema, type ClientFrame } from './signaling-frames';

const peerId = fc.stringMatching(/^[a-z2-7]{32}$/);
const base64 = fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('base64'));
const payload = fc.string({ minLength: 1, maxLength: 2000 });

const clientFrame: fc.Arbitrary<ClientFrame> = fc.oneof(
  fc.record({
    v: fc.constant(1 as const),
    type: fc.constant('register' as const),
    peerId,
    publicKey: base64,
    signature: base64,
  }),
  fc.record({ v: fc.constant(1 as const), type: fc.constant('signal' as const), to: peerId, payload }),
) as fc.Arbitrary<ClientFrame>;

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
          .filter(
            (key) =>
              !['v', 'type', 'peerId', 'publicKey', 'signature', 'to', 'payload'].includes(key) &&
              key !== '__proto__',
          ),
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
});
