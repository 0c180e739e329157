// The app around the conversations: keyboard shortcuts, unread counts in the list and the window title, the
// theme setting, a draft kept across a reload, and the banner that says when the signaling server cannot be reached (with a working retry).
import { fileURLToPath } from 'node:url';
import type { Logger } from '../../shared/ports/logger';
import { startSignalingServer, type RunningSignalingServer } from '../../signaling-server/server';
import { expect, test } from '../support/fixtures';
import { seedHistory } from '../support/archive-seed';
import { expectAccessible } from '../support/accessibility';
import { ParleyApp } from '../support/parley-app';

const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const WEB_ROOT = fileURLToPath(new URL('../../out/web', import.meta.url));

test('shortcuts, unread counts and the window title, the theme setting, and a draft kept', async ({
  openApps,
}) => {
  test.setTimeout(90_000);
  const [alice, bob] = await openApps('Alice', 'Bob');
  await Promise.all([alice.createIdentity(), bob.createIdentity()]);
  await bob.addContact(await alice.peerId());
  await alice.acceptRequestFrom('Bob');
  await bob.expectAccepted();

  // Alice looks at her settings (Ctrl+,) while Bob writes twice: two unread, in the list and the title.
  await alice.page.keyboard.press('Control+Comma');
  await expect(alice.page.getByTestId('settings')).toBeVisible();
  await bob.send('one');
  await bob.send('two');
  await expect(alice.page.getByTestId('unread-count')).toHaveText('2', { timeout: 15_000 });
  await expect(alice.page).toHaveTitle('(2) Parley');

  // Ctrl+K, a few letters, Enter: the conversation opens and is read.
  await alice.page.keyboard.press('Control+k');
  const switcher = alice.page.getByTestId('quick-switcher');
  await switcher.getByRole('combobox', { name: 'Contact name' }).fill('bo');
  await expect(switcher.getByRole('option', { name: 'Bob' })).toHaveAttribute('aria-selected', 'true');
  await alice.page.keyboard.press('Enter');
  await expect(alice.page.getByTestId('conversation-name')).toHaveText('Bob');
  await expect(alice.page.getByTestId('unread-count')).toHaveCount(0);
  await expect(alice.page).toHaveTitle('Parley');
  await bob.expectStatus('two', 'read');
  // Something typed and not sent: it is still there after the reload below.
  await alice.page.getByTestId('composer').fill('a thought for later');

  // Ctrl+N goes to the field for a new contact.
  await alice.page.keyboard.press('Control+n');
  await expect(alice.page.getByLabel('Invite link or peer ID')).toBeFocused();

  // The theme choice applies at once and is kept by the host.
  await alice.page.keyboard.press('Control+Comma');
  await alice.page.getByRole('radio', { name: 'Dark' }).check();
  await expect(alice.page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await alice.page.reload();
  await expect(alice.page.locator('html')).toHaveAttribute('data-theme', 'dark', { timeout: 15_000 });

  // The draft came back from the archive: the sidebar shows it, and the composer holds it again.
  await expect(alice.page.getByTestId('draft-preview')).toHaveText('Draft: a thought for later', {
    timeout: 15_000,
  });
  // Back to the system's theme, so the check covers both.
  await alice.page.keyboard.press('Control+Comma');
  await alice.page.getByRole('radio', { name: 'Follow the system' }).check();
  await expect(alice.page.locator('html')).not.toHaveAttribute('data-theme', 'dark');
  await expectAccessible(alice.page, 'sidebar with a draft');
  await alice.openConversationWith('Bob');
  await expect(alice.page.getByTestId('composer')).toHaveValue('a thought for later');
  await expect(alice.page.getByTestId('draft-preview')).toHaveCount(0);
});

test('read receipts off: the contact never sees what was read meanwhile, nor does the user see theirs', async ({
  openApps,
}) => {
  test.setTimeout(90_000);
  const [alice, bob] = await openApps('Alice', 'Bob');
  await Promise.all([alice.createIdentity(), bob.createIdentity()]);
  await bob.befriend(alice);
  await alice.openConversationWith('Bob');
  await alice.send('hello Bob');
  await bob.openConversationWith('Alice');
  await alice.expectStatus('hello Bob', 'read');

  // Bob turns read receipts off: Alice's message he reads now stays "delivered" for her, and his own read
  // message no longer shows as read to him.
  await bob.page.keyboard.press('Control+Comma');
  await bob.page.getByRole('checkbox', { name: 'Send read receipts' }).uncheck();
  await expect(bob.page.getByRole('checkbox', { name: 'Send read receipts' })).not.toBeChecked();
  await alice.send('read while off');
  await bob.openConversationWith('Alice');
  await bob.expectReceived('read while off');
  await bob.send('from Bob');
  // Alice, looking at the conversation, reads it: stored as read on Bob's side, shown to him as delivered.
  await bob.expectStatus('from Bob', 'read');
  await expect(
    bob.page
      .locator('[data-direction="out"]', { hasText: 'from Bob' })
      .getByRole('img', { name: 'Delivered' }),
  ).toBeVisible();

  // On again: what he reads from now on is told, in order, so the earlier one would have come first.
  await bob.page.keyboard.press('Control+Comma');
  await bob.page.getByRole('checkbox', { name: 'Send read receipts' }).check();
  await alice.send('read while on');
  await bob.openConversationWith('Alice');
  await alice.expectStatus('read while on', 'read');
  await alice.expectStatus('read while off', 'delivered');
});

test('the signaling server out of reach is shown with its reason, and Retry now tries again', async ({
  context,
}) => {
  test.setTimeout(90_000);
  const first = await startSignalingServer({ host: '127.0.0.1', port: 0, webRoot: WEB_ROOT, logger: quiet });
  let second: RunningSignalingServer | undefined;
  // Both servers are closed however the test ends (Playwright closes the context fixture).
  try {
    const port = Number(new URL(first.httpUrl).port);
    const app = new ParleyApp('Dana', await context.newPage());
    await app.page.goto(first.httpUrl);
    await app.createIdentity();
    await expect(app.page.getByTestId('connection-banner')).toHaveCount(0);

    // The server leaves: the banner says why, and the app keeps trying in the background.
    await first.close();
    const banner = app.page.getByTestId('connection-banner');
    await expect(banner).toHaveAttribute('data-state', 'unreachable', { timeout: 15_000 });
    await expect(banner).toContainText('server shutting down');

    // With nothing listening, Retry now makes an attempt at once, which fails with a reason of its own.
    await banner.getByRole('button', { name: 'Retry now' }).click();
    await expect(banner).not.toContainText('server shutting down', { timeout: 15_000 });
    await expect(banner).toHaveAttribute('data-state', 'unreachable');

    // A server is back at the address: the retries (started over by the click, so soon) find it.
    second = await startSignalingServer({ host: '127.0.0.1', port, webRoot: WEB_ROOT, logger: quiet });
    await banner
      .getByRole('button', { name: 'Retry now' })
      .click({ timeout: 5_000 })
      .catch(() => undefined);
    await expect(app.page.getByTestId('signaling-status')).toHaveAttribute('data-status', 'ready', {
      timeout: 15_000,
    });
    await expect(banner).toHaveCount(0);
  } finally {
    // close() may be called again: it returns the first call's shutdown.
    await Promise.all([first.close(), second?.close()]);
  }
});

test('retention deletes what is older than the conversation keeps, when the app starts', async ({
  openApps,
  signalingServer,
}) => {
  test.setTimeout(90_000);
  const [alice, bob] = await openApps('Alice', 'Bob');
  await Promise.all([alice.createIdentity(), bob.createIdentity()]);
  await bob.befriend(alice);
  // Twenty days of history, one message a day: message n is 21 - n days old (19 is two days old).
  await seedHistory(alice.page, await alice.peerId(), await bob.peerId(), 20, {}, 86_400_000);
  await alice.openConversationWith('Bob');
  const keep = (await alice.conversationSettings()).getByLabel('Keep messages in this conversation');
  await keep.selectOption({ label: '1 week' });
  // The select shows what the archive holds, so this waits until the setting is stored: closing the page
  // while the write is in flight loses it (this test failed that way in CI).
  await expect(keep).toHaveValue('7');
  // The purge runs when Parley starts (and every hour).
  await alice.quit();
  await alice.reopen(signalingServer.httpUrl);
  await alice.openConversationWith('Bob');
  await expect(alice.page.getByText('old message 19', { exact: true })).toBeVisible();
  await expect(alice.page.getByText('old message 15', { exact: true })).toBeAttached();
  await expect(alice.page.getByText('old message 14', { exact: true })).toHaveCount(0);
  await expect(alice.page.getByText('old message 0', { exact: true })).toHaveCount(0);
  await expect(
    (await alice.conversationSettings()).getByLabel('Keep messages in this conversation'),
  ).toHaveValue('7');
});
