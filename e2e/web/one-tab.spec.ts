// The browser build opened twice in one browser: one tab at a time runs the identity's messaging (the archive,
// the outbox, the signaling connection). A second tab says so and offers "Use here", which hands everything
// over: the first tab steps back, the second sends and receives, and nothing is lost or doubled on the way.
import { expect, test } from '../support/fixtures';
import { ParleyApp } from '../support/parley-app';
import { captureBothThemes } from '../support/screenshots';

test('a second tab waits for "Use here", then takes over sending and receiving', async ({
  openApps,
  signalingServer,
}) => {
  test.setTimeout(120_000);
  const [alice, bob] = await openApps('Alice', 'Bob');
  await Promise.all([alice.createIdentity(), bob.createIdentity()]);
  await bob.befriend(alice);
  await bob.send('to the first tab');
  await alice.openConversationWith('Bob');
  await alice.expectReceived('to the first tab');

  const second = new ParleyApp('Alice', await alice.page.context().newPage());
  await second.page.goto(signalingServer.httpUrl);
  const elsewhere = second.page.getByTestId('elsewhere');
  await expect(elsewhere).toBeVisible({ timeout: 30_000 });
  await expect(elsewhere.getByRole('heading')).toHaveText('Parley is open in another tab');
  // The first tab carries on meanwhile.
  await bob.send('still to the first tab');
  await alice.expectReceived('still to the first tab');
  await captureBothThemes(second.page, 'open-in-another-tab');

  await elsewhere.getByRole('button', { name: 'Use here' }).click();
  await expect(second.page.getByTestId('signaling-status')).toHaveAttribute('data-status', 'ready', {
    timeout: 30_000,
  });
  await expect(alice.page.getByTestId('elsewhere')).toBeVisible();
  await second.openConversationWith('Bob');
  // The history is the same archive; new messages arrive here, once each, and go out from here.
  await second.expectReceived('still to the first tab');
  await bob.send('to the second tab');
  await second.expectReceived('to the second tab');
  await expect(second.messagesWithText('to the second tab')).toHaveCount(1);
  await second.send('from the second tab');
  await bob.expectReceived('from the second tab');
  // Bob has the conversation open, so it goes on to read: the receipt reaches the tab that sent it.
  await second.expectStatus('from the second tab', 'read');
  // The signaling server still has the second tab: the first did not take the identity back.
  await expect(second.page.getByTestId('connection-banner')).toHaveCount(0);

  // And back to the first tab, which picks up where the second left off.
  await alice.page.getByTestId('elsewhere').getByRole('button', { name: 'Use here' }).click();
  await expect(second.page.getByTestId('elsewhere')).toBeVisible({ timeout: 30_000 });
  await expect(alice.page.getByTestId('signaling-status')).toHaveAttribute('data-status', 'ready', {
    timeout: 30_000,
  });
  await alice.openConversationWith('Bob');
  await alice.expectReceived('to the second tab');
  await bob.send('back to the first tab');
  await alice.expectReceived('back to the first tab');
  await expect(alice.messagesWithText('from the second tab')).toHaveCount(1);
});
