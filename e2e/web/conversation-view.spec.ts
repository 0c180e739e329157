// The conversation view on the browser build: replies quote what they answer, deleting for everyone removes the
// message on both sides with a notice saying so, deleting for me only here, drafts survive switching views; and
// a history of 100,000 messages keeps only what is on screen in the page while scrolling back through it.
import { seedHistory } from '../support/archive-seed';
import { expect, test } from '../support/fixtures';
import type { ParleyApp } from '../support/parley-app';

/** The actions button of the message whose own text is `text` (not of a reply quoting it). */
const messageActions = (app: ParleyApp, text: string) =>
  app.page
    .locator('.message')
    .filter({ has: app.page.locator('.message-text', { hasText: text }) })
    .getByRole('button', { name: 'Message actions' });

test('reply, delete for everyone, delete for me, and drafts kept per conversation', async ({ openApps }) => {
  test.setTimeout(120_000);
  const [alice, bob] = await openApps('Alice', 'Bob');
  await Promise.all([alice.createIdentity(), bob.createIdentity()]);
  await bob.befriend(alice);

  await bob.send('The original question');
  await alice.expectReceived('The original question');
  await messageActions(alice, 'The original question').click();
  await alice.page.getByRole('menuitem', { name: 'Reply' }).click();
  await expect(alice.page.getByTestId('replying-to')).toContainText('The original question');
  await alice.send('The answer');
  await expect(alice.page.getByTestId('replying-to')).toHaveCount(0);
  const answerAtBob = bob.page.locator('[data-direction="in"]', { hasText: 'The answer' });
  await expect(answerAtBob.getByLabel('In reply to')).toContainText('The original question', {
    timeout: 15_000,
  });

  // Bob takes his question back: gone on both sides, each told what happened.
  await messageActions(bob, 'The original question').click();
  await bob.page.getByRole('menuitem', { name: 'Delete for everyone' }).click();
  await expect(bob.page.getByText('You deleted a message for everyone.')).toBeVisible();
  await expect(alice.page.getByText('Bob deleted a message.')).toBeVisible({ timeout: 15_000 });
  await expect(alice.page.locator('[data-kind="text"]', { hasText: 'The original question' })).toHaveCount(0);
  await expect(bob.page.locator('[data-kind="text"]', { hasText: 'The original question' })).toHaveCount(0);
  // The reply stays, and says its quote is gone.
  await expect(answerAtBob.getByLabel('In reply to')).toContainText('no longer here');

  // Alice removes her answer for herself only.
  await messageActions(alice, 'The answer').click();
  await alice.page.getByRole('menuitem', { name: 'Delete for me' }).click();
  await expect(alice.page.locator('[data-kind="text"]', { hasText: 'The answer' })).toHaveCount(0);
  await expect(answerAtBob).toBeVisible();

  // A draft waits while Alice looks at her settings.
  await alice.page.getByTestId('composer').fill('half a thought');
  await alice.page.getByRole('button', { name: 'Settings', exact: true }).click();
  await alice.page.getByRole('button', { name: 'Back to chats' }).click();
  await expect(alice.page.getByTestId('composer')).toHaveValue('half a thought');
  // Shift+Enter adds a line; Enter sends both lines as one message.
  await alice.page.getByTestId('composer').press('Shift+Enter');
  await alice.page.getByTestId('composer').pressSequentially('and the rest');
  await alice.page.getByTestId('composer').press('Enter');
  await bob.expectReceived('and the rest');
  const received = bob.page.locator('[data-direction="in"] .message-text', { hasText: 'and the rest' });
  expect(await received.textContent()).toBe('half a thought\nand the rest');

  // The Send button does what Enter does, and waits for something to send.
  const sendButton = alice.page.getByRole('button', { name: 'Send', exact: true });
  await expect(sendButton).toBeDisabled();
  await alice.page.getByTestId('composer').fill('sent with the button');
  await sendButton.click();
  await bob.expectReceived('sent with the button');
  await expect(alice.page.getByTestId('composer')).toHaveValue('');
  await expect(alice.page.getByTestId('composer')).toBeFocused();

  // The field grows with a long draft, up to a third of the window, then scrolls.
  const composer = alice.page.getByTestId('composer');
  const empty = (await composer.boundingBox())?.height ?? 0;
  await composer.fill(Array.from({ length: 40 }, (_, line) => `line ${String(line)}`).join('\n'));
  const full = (await composer.boundingBox())?.height ?? 0;
  expect(full).toBeGreaterThan(empty * 2);
  expect(full).toBeLessThanOrEqual((alice.page.viewportSize()?.height ?? 0) / 3 + 1);
  expect(await composer.evaluate((field) => field.scrollHeight > field.clientHeight)).toBe(true);
});

test('a conversation with 100,000 messages keeps only what is on screen and scrolls back through history', async ({
  openApps,
  signalingServer,
}) => {
  test.setTimeout(180_000);
  const [alice, bob] = await openApps('Alice', 'Bob');
  await Promise.all([alice.createIdentity(), bob.createIdentity()]);
  await bob.befriend(alice);
  await seedHistory(alice.page, await alice.peerId(), await bob.peerId(), 100_000);
  await alice.quit();
  await alice.reopen(signalingServer.httpUrl);
  await alice.openConversationWith('Bob');

  const rows = alice.page.locator('.message-row');
  await expect(alice.page.getByText('old message 99999', { exact: true })).toBeVisible();
  expect(await rows.count()).toBeLessThan(120);

  // Back through history: each time the top is reached an older page loads; the page never holds it all.
  const scroller = alice.page.getByTestId('messages');
  for (let page = 0; page < 5; page += 1) {
    await scroller.evaluate((element) => element.scrollTo({ top: 0 }));
    await expect(
      alice.page.getByText(`old message ${String(99_999 - 200 * (page + 1))}`, { exact: true }),
    ).toBeAttached({
      timeout: 15_000,
    });
  }
  expect(await rows.count()).toBeLessThan(120);

  // New messages still arrive at the bottom, and "Latest" brings the view back to them.
  await bob.send('Still here after all these years');
  await alice.page.getByRole('button', { name: /Latest/ }).click();
  await alice.expectReceived('Still here after all these years');
});
