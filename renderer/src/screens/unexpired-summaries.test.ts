import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../../shared/identity/peer-id';
import type { ContactSummary } from '../archive/archive-queries';
import { summaryExpiriesOf, unexpiredSummaries } from './unexpired-summaries';
import { unreadTotal } from './use-unread-report';

const summary = (peer: string, extra: Partial<ContactSummary> = {}): ContactSummary => ({
  peer: peer as PeerId,
  state: 'accepted',
  unread: 0,
  ...extra,
});

describe('unexpired summaries', () => {
  const plain = summary('plain', { unread: 2, lastText: 'hello' });
  const disappearing = summary('disappearing', {
    unread: 3,
    unreadExpiries: [200, 100],
    lastText: 'secret',
    lastTextExpiresAt: 200,
  });

  it('keeps everything, as the same array, before the first expiry', () => {
    const contacts = [plain, disappearing];
    expect(unexpiredSummaries(contacts, 99)).toBe(contacts);
  });

  it('stops counting an unread message at its expiry, and keeps counting the others', () => {
    expect(unexpiredSummaries([plain, disappearing], 100)).toEqual([
      plain,
      { ...disappearing, unread: 2, unreadExpiries: [200] },
    ]);
  });

  it('drops the preview of an expired last message along with its unread count', () => {
    expect(unexpiredSummaries([plain, disappearing], 200)).toEqual([
      plain,
      { peer: 'disappearing', state: 'accepted', unread: 1, lastTextExpiresAt: 200 },
    ]);
  });

  it('lists the expiries of last messages, of unread messages and of mutes', () => {
    expect([...summaryExpiriesOf([plain, disappearing])]).toEqual([
      undefined,
      undefined,
      200,
      200,
      100,
      undefined,
    ]);
    expect([...summaryExpiriesOf([summary('muted', { mutedUntil: 300 })])]).toEqual([undefined, 300]);
  });

  it('ends a mute at its time, and never one until turned back on', () => {
    const muted = summary('muted', { unread: 4, mutedUntil: 300 });
    const forever = summary('forever', { unread: 1, mutedUntil: Infinity });
    expect(unexpiredSummaries([muted, forever], 299)).toEqual([muted, forever]);
    expect(unexpiredSummaries([muted, forever], 300)).toEqual([summary('muted', { unread: 4 }), forever]);
  });
});

describe('the unread total outside the list', () => {
  it('counts unread messages and waiting requests, and no muted conversation', () => {
    const contacts = [
      summary('plain', { unread: 2 }),
      summary('muted', { unread: 5, mutedUntil: Infinity }),
      summary('asked', { state: 'requested-by-them', unread: 3 }),
      summary('blocked', { state: 'blocked', unread: 7 }),
    ];
    expect(unreadTotal(contacts)).toBe(3);
    // Marked unread: one while nothing in it is unread, no more beside unread messages, none when muted.
    expect(unreadTotal([summary('marked', { markedUnread: true })])).toBe(1);
    expect(unreadTotal([summary('marked', { unread: 2, markedUnread: true })])).toBe(2);
    expect(unreadTotal([summary('marked', { markedUnread: true, mutedUntil: Infinity })])).toBe(0);
    // A muted request still counts: it waits for an answer, which muting a conversation does not give.
    expect(unreadTotal([summary('asked', { state: 'requested-by-them', mutedUntil: Infinity })])).toBe(1);
  });
});
