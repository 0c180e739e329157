// The MessageStore contract on contacts: each peer's contact state, as last set.
import { describe, expect, it } from 'vitest';
import { BOB, CAROL, DAVE } from './samples';
import type { StoreContext } from './store-context';

export const describeContactsContract = ({ open }: StoreContext): void => {
  describe('contacts', () => {
    it('knows nobody at first', async () => {
      const { store } = await open();
      expect(await store.contactState(BOB)).toBe('unknown');
    });

    it('keeps each peer’s state as last set, across a restart', async () => {
      const fixture = await open();
      await fixture.store.setContactState(BOB, 'requested-by-me');
      await fixture.store.setContactState(CAROL, 'blocked');
      await fixture.store.setContactState(BOB, 'accepted');
      const reopened = await fixture.reopen();
      expect(await reopened.contactState(BOB)).toBe('accepted');
      expect(await reopened.contactState(CAROL)).toBe('blocked');
      expect(await reopened.contactState(DAVE)).toBe('unknown');
    });
  });
};
