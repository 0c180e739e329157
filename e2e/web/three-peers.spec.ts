// Three people on the browser build, each in their own Chromium profile, through one real signaling server:
// they become contacts pairwise and chat in every direction over WebRTC; one of them quits while messages are
// on their way and gets each exactly once after coming back, with the history kept.
import { expect, test } from '../support/fixtures';
import type { ParleyApp } from '../support/parley-app';

test('three users chat pairwise, and messages sent while one is away arrive once when they return', async ({
  openApps,
  signalingServer,
}) => {
  test.setTimeout(180_000);
  const [alice, bob, carol] = await openApps('Alice', 'Bob', 'Carol');
  await Promise.all([alice.createIdentity(), bob.createIdentity(), carol.createIdentity()]);
  await alice.befriend(bob);
  await alice.befriend(carol);
  await bob.befriend(carol);

  // Every ordered pair: the sender writes, the recipient sees it once and the sender sees it read.
  const apps = [alice, bob, carol];
  for (const sender of apps) {
    for (const recipient of apps) {
      if (sender === recipient) {
        continue;
      }
      const text = `${sender.name} to ${recipient.name}`;
      await sender.openConversationWith(recipient.name);
      await recipient.openConversationWith(sender.name);
      await sender.send(text);
      await recipient.expectReceived(text);
      await sender.expectStatus(text, 'read');
      await expect(recipient.messagesWithText(text)).toHaveCount(1);
    }
  }

  // Carol quits; Alice writes to her meanwhile: the messages wait in Alice's outbox, not delivered.
  await carol.quit();
  await alice.openConversationWith('Carol');
  const whileAway = ['while you were away 1', 'while you were away 2', 'while you were away 3'];
  for (const text of whileAway) {
    await alice.send(text);
  }
  for (const text of whileAway) {
    // Pending, or sent if the link to Carol's closed window was not yet seen to be dead: never delivered.
    await expect(alice.page.locator('[data-direction="out"]', { hasText: text })).toHaveAttribute(
      'data-status',
      /pending|sent/,
    );
  }

  // Carol comes back: same profile, so the same identity and archive.
  await carol.reopen(signalingServer.httpUrl);
  await carol.openConversationWith('Alice');
  for (const text of whileAway) {
    await carol.expectReceived(text);
    await alice.expectStatus(text, 'read');
  }
  for (const text of [...whileAway, 'Alice to Carol', 'Carol to Alice']) {
    await expect(carol.messagesWithText(text)).toHaveCount(1);
  }
  // And the conversation is in the same order on both sides.
  const order = (app: ParleyApp) => app.page.locator('[data-kind="text"] .message-text').allTextContents();
  expect(await order(carol)).toEqual(await order(alice));
});
