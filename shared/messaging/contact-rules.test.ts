import { describe, expect, it } from 'vitest';
import { DECISIONS, outgoingRule } from './contact-rules';
import { MESSAGE_TYPES, type MessageType } from './message-format';
import type { ContactState } from './message-store';

const STATES: readonly ContactState[] = [
  'accepted',
  'blocked',
  'requested-by-me',
  'requested-by-them',
  'unknown',
];
const CONVERSATION_TYPES = MESSAGE_TYPES.filter(
  (type) => type !== 'contact-request' && type !== 'contact-accept' && type !== 'profile',
);

describe('outgoingRule', () => {
  it('lets an accepted contact be sent every type, changing nothing', () => {
    for (const type of MESSAGE_TYPES) {
      expect(outgoingRule(type, 'accepted')).toEqual({ allowed: true, becomes: null });
    }
  });

  it('refuses conversation messages to anyone who is not an accepted contact', () => {
    for (const state of STATES.filter((s) => s !== 'accepted')) {
      for (const type of CONVERSATION_TYPES) {
        expect(outgoingRule(type, state), `${type} to ${state}`).toEqual({ allowed: false });
      }
    }
  });

  it('turns a stranger into someone we asked, and someone who asked into a contact', () => {
    expect(outgoingRule('contact-request', 'unknown')).toEqual({ allowed: true, becomes: 'requested-by-me' });
    expect(outgoingRule('contact-accept', 'requested-by-them')).toEqual({
      allowed: true,
      becomes: 'accepted',
    });
  });

  it('allows a request or an acceptance to be repeated without changing the state', () => {
    const repeats: readonly [MessageType, ContactState][] = [
      ['contact-request', 'requested-by-me'],
      ['contact-accept', 'accepted'],
    ];
    for (const [type, state] of repeats) {
      expect(outgoingRule(type, state)).toEqual({ allowed: true, becomes: null });
    }
  });

  it('sends a new name to contacts and to those we asked, never to strangers or the blocked', () => {
    expect(outgoingRule('profile', 'accepted').allowed).toBe(true);
    expect(outgoingRule('profile', 'requested-by-me').allowed).toBe(true);
    expect(outgoingRule('profile', 'requested-by-them').allowed).toBe(false);
    expect(outgoingRule('profile', 'unknown').allowed).toBe(false);
    expect(outgoingRule('profile', 'blocked').allowed).toBe(false);
  });
});

describe('DECISIONS', () => {
  it('never lifts a block except by unblocking', () => {
    for (const [decision, rule] of Object.entries(DECISIONS)) {
      if (decision !== 'unblock') {
        expect(rule.from, decision).not.toContain('blocked');
      }
    }
    expect(DECISIONS.unblock).toEqual({ from: ['blocked'], to: 'unknown' });
  });
});
