// Disappearing messages on the browser build: one user sets the timer, both see the change and the setting,
// texts either side sends carry the timer and leave both archives (and search) when it runs out; turning it
// off is a change both see too.
import type { ParleyApp } from '../support/parley-app';
import { captureBothThemes } from '../support/screenshots';
import { expect, test } from '../support/fixtures';

const setTimer = async (app: ParleyApp, label: string): Promise<void> => {
  await app.page.getByRole('button', { name: 'Conversation settings' }).click();
  const dialog = app.page.getByTestId('conversation-settings');
  await dialog.getByLabel('Disappearing messages').selectOption({ label });
  await expect(dialog.getByLabel('Disappearing messages')).toHaveValue(/\d+/);
  await dialog.getByRole('button', { name: 'Close' }).click();
};

const timerShown = async (app: ParleyApp): Promise<string | null> => {
  await app.page.getByRole('button', { name: 'Conversation settings' }).click();
  const dialog = app.page.getByTestId('conversation-settings');
  const value = await dialog.getByLabel('Disappearing messages').inputValue();
  await dialog.getByRole('button', { name: 'Close' }).click();
  return value;
};

test('a disappearing-messages timer both sides agree on removes messages from both archives', async ({
  openApps,
}) => {
  test.setTimeout(150_000);
  const [alice, bob] = await openApps('Alice', 'Bob');
  await Promise.all([alice.createIdentity(), bob.createIdentity()]);
  await alice.befriend(bob);
  await alice.send('this one stays');
  await bob.expectReceived('this one stays');

  await setTimer(alice, '30 seconds');
  const notice = (app: ParleyApp) => app.page.locator('[data-kind="timer"]').last();
  await expect(notice(alice)).toContainText('You set disappearing messages to 30 seconds.', {
    timeout: 15_000,
  });
  await expect(notice(bob)).toContainText('Alice set disappearing messages to 30 seconds.', {
    timeout: 15_000,
  });
  expect(await timerShown(bob)).toBe('30');

  // Both sides' texts now disappear; the mark says so.
  await alice.send('gone soon from Alice');
  await bob.send('gone soon from Bob');
  await bob.expectReceived('gone soon from Alice');
  await alice.expectReceived('gone soon from Bob');
  const vanishing = alice.page.locator('[data-kind="text"]', { hasText: 'gone soon from Alice' });
  await expect(vanishing.getByRole('img', { name: /^Disappears / })).toBeVisible();
  await expect(alice.page.getByTestId('disappearing-badge')).toHaveText('30 seconds');
  await captureBothThemes(alice.page, 'disappearing');
  await alice.page.getByRole('button', { name: 'Conversation settings' }).click();
  await captureBothThemes(alice.page, 'disappearing-setting');
  await alice.page.getByTestId('conversation-settings').getByRole('button', { name: 'Close' }).click();

  // Half a minute later they are gone on both sides, from the conversation and from search.
  for (const app of [alice, bob]) {
    await expect(app.messagesWithText('gone soon from Alice')).toHaveCount(0, { timeout: 45_000 });
    await expect(app.messagesWithText('gone soon from Bob')).toHaveCount(0, { timeout: 15_000 });
    await expect(app.messagesWithText('this one stays')).toHaveCount(1);
  }
  await alice.page.getByLabel('Search messages').fill('gone soon');
  await expect(alice.page.getByTestId('search-status')).toHaveText('No messages match.', {
    timeout: 15_000,
  });
  await alice.page.getByLabel('Search messages').press('Escape');

  // Bob turns it off: Alice sees it, and her next text stays.
  await setTimer(bob, 'Off');
  await expect(notice(alice)).toContainText('Bob turned off disappearing messages.', { timeout: 15_000 });
  expect(await timerShown(alice)).toBe('0');
  await alice.send('here to stay');
  await expect(
    alice.page
      .locator('[data-kind="text"]', { hasText: 'here to stay' })
      .getByRole('img', { name: /^Disappears / }),
  ).toHaveCount(0);
  await expect(alice.page.getByTestId('disappearing-badge')).toHaveCount(0);
});
