import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PeerId } from '../identity/peer-id';
import { formatInviteLink, isInviteLink, parseInvite, WEB_INVITE_SCHEME } from './invite-link';

const peerIdArb = fc
  .array(fc.constantFrom(...Array.from('abcdefghijklmnopqrstuvwxyz234567')), { minLength: 32, maxLength: 32 })
  .map((chars) => chars.join('') as PeerId);
const nameArb = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 40 })
  .filter((name) => name.trim() === name && name.length > 0 && !/\p{Cc}/u.test(name));

describe('invite links', () => {
  it('round-trips any peer ID and display name, in both schemes', () => {
    fc.assert(
      fc.property(peerIdArb, fc.option(nameArb, { nil: undefined }), fc.boolean(), (peerId, name, web) => {
        const invite = name === undefined ? { peerId } : { peerId, name };
        const link = formatInviteLink(invite, web ? WEB_INVITE_SCHEME : undefined);
        expect(isInviteLink(link)).toBe(true);
        expect(parseInvite(link)).toEqual({ ok: true, value: invite });
      }),
    );
  });

  it('accepts a bare peer ID, in any case and with spaces around it', () => {
    fc.assert(
      fc.property(peerIdArb, (peerId) => {
        expect(parseInvite(`  ${peerId.toUpperCase()}\n`)).toEqual({ ok: true, value: { peerId } });
      }),
    );
  });

  it('refuses anything else with a coded error, never throwing', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 600 }), (input) => {
        const parsed = parseInvite(input);
        if (parsed.ok) {
          // Whatever passes holds a valid peer ID.
          expect(parsed.value.peerId).toMatch(/^[a-z2-7]{32}$/);
        } else {
          expect(parsed.error.code).toBe('INVITE_INVALID');
        }
      }),
    );
  });

  it('explains what is wrong', () => {
    const id = 'a'.repeat(32);
    expect(parseInvite('https://example.test/add/x')).toMatchObject({ ok: false });
    expect(parseInvite(`parley://add/${'a'.repeat(31)}`)).toMatchObject({
      error: { message: 'the invite link does not hold a valid peer ID' },
    });
    expect(parseInvite(`parley://add/${id}?name=%00bad`)).toMatchObject({
      error: { message: 'the name in the invite link is not a valid display name' },
    });
    expect(parseInvite(`parley://add/${id}?name=${'n'.repeat(65)}`)).toMatchObject({ ok: false });
    expect(parseInvite(`parley://add/${id}?name=Ana%20Lima`)).toEqual({
      ok: true,
      value: { peerId: id, name: 'Ana Lima' },
    });
    expect(isInviteLink('https://parley.test/add/x')).toBe(false);
  });
});
