import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../../shared/identity/peer-id';
import type { ContactSummary } from '../archive/archive-queries';
import { summaryExpiriesOf, unexpiredSummaries } from './unexpired-summaries';

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

  it('lists the expiries of last messages and of unread messages', () => {
    expect([...summaryExpiriesOf([plain, disappearing])]).toEqual([undefined, 200, 200, 100]);
  });
});
