// The composer in the chat screen, in Chromium on a real app store: who is told of our typing.
import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import type { PeerId } from '../../../shared/identity/peer-id';
import { ChatScreen } from './ChatScreen';
import { screenHarness } from './testing/screen-harness';

const BOB = 'b'.repeat(32) as PeerId;
const CAROL = 'c'.repeat(32) as PeerId;

const startApp = screenHarness();

describe('composer', () => {
  it('tells the contact whose conversation was left, not the one opened, that typing stopped', async () => {
    const app = await startApp();
    await app.accept(BOB);
    await app.accept(CAROL);
    await app.render(<ChatScreen />);
    await app.settle(() => app.store.getState().openConversation(BOB));
    await userEvent.fill(page.getByTestId('composer'), 'Hi Bob');
    await expect.poll(() => app.typed).toEqual([[BOB, true]]);

    // Bob's composer goes away as Carol's conversation opens: its last word goes to Bob.
    await app.settle(() => app.store.getState().openConversation(CAROL));
    expect(app.typed).toEqual([
      [BOB, true],
      [BOB, false],
    ]);
  });
});
