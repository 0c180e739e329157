import { describe, expect, it } from 'vitest';
import type { MessageView } from '../archive/conversation-window';
import { expiriesOf, unexpiredMessages } from './unexpired-messages';

const message = (id: string, extra: Partial<MessageView> = {}): MessageView => ({
  id,
  direction: 'in',
  kind: 'text',
  text: id,
  sentAt: 1,
  readByMe: true,
  ...extra,
});

describe('unexpired messages', () => {
  const kept = message('kept');
  const disappearing = message('disappearing', { expiresAt: 100 });
  const reply = message('reply', {
    replyTo: { id: 'disappearing', fromMe: false, text: 'secret', expiresAt: 100 },
  });

  it('keeps everything, as the same array, before the first expiry', () => {
    const messages = [kept, disappearing, reply];
    expect(unexpiredMessages(messages, 99)).toBe(messages);
  });

  it('drops an expired message at its expiry, and the text of a reply’s quote of it', () => {
    expect(unexpiredMessages([kept, disappearing, reply], 100)).toEqual([
      kept,
      { ...reply, replyTo: { id: 'disappearing', fromMe: false } },
    ]);
  });

  it('lists the expiries of messages and of quotes', () => {
    expect([...expiriesOf([kept, disappearing, reply])]).toEqual([
      undefined,
      undefined,
      100,
      undefined,
      undefined,
      100,
    ]);
  });
});
