// The status beside our own messages: an edit's delivery shows until the contact has the new words.
import { describe, expect, it } from 'vitest';
import type { MessageView } from '../archive/conversation-window';
import { shownDelivery } from './shown-delivery';

const mine = (extra: Partial<MessageView> = {}): MessageView => ({
  id: 'text',
  direction: 'out',
  kind: 'text',
  text: 'meet at 6',
  sentAt: 0,
  readByMe: true,
  status: 'read',
  ...extra,
});

describe('shown delivery', () => {
  it('shows the text’s own status when it was never edited, or its edit was delivered', () => {
    expect(shownDelivery(mine())).toEqual({
      status: 'read',
      label: 'Read',
      retryId: 'text',
      retryText: 'Retry',
    });
    for (const status of ['delivered', 'read'] as const) {
      expect(shownDelivery(mine({ editedAt: 5, edit: { id: 'edit', status } }))).toMatchObject({
        status: 'read',
        retryId: 'text',
      });
    }
  });

  it('shows an edit on its way, and a failed edit with its reason and the edit to retry', () => {
    expect(shownDelivery(mine({ edit: { id: 'edit', status: 'pending' } }))).toEqual({
      status: 'pending',
      label: 'Sending the edit',
      retryId: 'edit',
      retryText: 'Retry edit',
    });
    expect(shownDelivery(mine({ edit: { id: 'edit', status: 'sent' } }))).toMatchObject({
      label: 'Edit sent',
    });
    expect(
      shownDelivery(
        mine({ edit: { id: 'edit', status: 'failed', failure: 'not delivered within 30 days' } }),
      ),
    ).toEqual({
      status: 'failed',
      label: 'Edit not delivered',
      failure: 'not delivered within 30 days',
      retryId: 'edit',
      retryText: 'Retry edit',
    });
  });

  it('puts a text that failed itself first: retrying it comes before its edit', () => {
    const failed = mine({ status: 'failed', failure: 'expired', edit: { id: 'edit', status: 'failed' } });
    expect(shownDelivery(failed)).toEqual({
      status: 'failed',
      label: 'Not delivered',
      failure: 'expired',
      retryId: 'text',
      retryText: 'Retry',
    });
    expect(shownDelivery(mine({ status: undefined }))).toMatchObject({ status: 'pending', label: 'Sending' });
  });

  it('shows a read message as delivered to a user who sends no read receipts', () => {
    expect(shownDelivery(mine(), false)).toMatchObject({ status: 'delivered', label: 'Delivered' });
    expect(shownDelivery(mine({ status: 'sent' }), false)).toMatchObject({ status: 'sent' });
  });
});
