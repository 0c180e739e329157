// The everyday journey of issue 6 on the browser build: two people onboard, one adds the other by invite link,
// the other accepts, both compare and verify their safety number, and they chat both ways, seeing delivered
// and then read; one edits a text sent, and the other sees it changed and marked edited; both react to it. And a
// blocked contact's messages never appear. Writes the README's screenshots on the way.
import { expect, test } from '../support/fixtures';
import { expectAccessible } from '../support/accessibility';
import { captureBothThemes } from '../support/screenshots';

test.use({ viewport: { width: 1100, height: 720 } });

test('onboard, add by invite link, accept, verify safety numbers, chat both ways with delivered then read, edit, react', async ({
  openApps,
}) => {
  test.setTimeout(120_000);
  const [alice, bob] = await openApps('Alice', 'Bob');
  await expect(alice.page.getByRole('button', { name: 'Create my identity' })).toBeVisible();
  await captureBothThemes(alice.page, 'onboarding');
  await expectAccessible(alice.page, 'onboarding');
  await Promise.all([alice.createIdentity(), bob.createIdentity()]);

  const invite = await alice.inviteLink();
  expect(invite).toBe(`parley://add/${await alice.peerId()}?name=Alice`);
  // Bob pastes it; the app names who it is for before anything is sent.
  await bob.page.getByTestId('contact-peer-id').fill(invite);
  await bob.page.getByRole('button', { name: 'Add', exact: true }).click();
  const confirm = bob.page.getByTestId('invite-confirm');
  await expect(confirm).toContainText('Alice');
  await expect(confirm).toContainText(await alice.peerId());
  await confirm.getByRole('button', { name: 'Send request' }).click();

  await alice.acceptRequestFrom('Bob');
  await bob.expectAccepted();
  await Promise.all([alice.expectConnected(), bob.expectConnected()]);

  // Both see the same 60 digits, and mark each other verified.
  const [fromAlice, fromBob] = await Promise.all([alice.safetyNumber(), bob.safetyNumber()]);
  expect(fromAlice).toMatch(/^\d{60}$/);
  expect(fromAlice).toBe(fromBob);
  await captureBothThemes(bob.page, 'verification');
  await expectAccessible(bob.page, 'safety number');
  await Promise.all([alice.markVerified(), bob.markVerified()]);
  await expect(alice.page.getByTestId('conversations').getByRole('img', { name: 'verified' })).toBeVisible();

  // Alice is in her settings, not reading: Bob's message is delivered, not read, until she comes back.
  await alice.page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(alice.page.getByTestId('settings')).toBeVisible();
  await captureBothThemes(alice.page, 'settings');
  await expectAccessible(alice.page, 'settings');
  await bob.send('Hi Alice, the numbers match.');
  await bob.expectStatus('Hi Alice, the numbers match.', 'delivered');
  await expect(
    bob.page.locator('[data-direction="out"]', { hasText: 'Hi Alice, the numbers match.' }),
  ).not.toHaveAttribute('data-status', 'read');
  await alice.page.getByRole('button', { name: 'Back to chats' }).click();
  await alice.expectReceived('Hi Alice, the numbers match.');
  await bob.expectStatus('Hi Alice, the numbers match.', 'read');

  await alice.send('Great, see https://example.test/notes and my link too.');
  await bob.expectReceived('Great, see');
  await alice.expectStatus('Great, see https://example.test/notes and my link too.', 'read');
  // The web link is a link that opens outside the app, never in it.
  const link = bob.page.getByRole('link', { name: 'https://example.test/notes' });
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  await captureBothThemes(bob.page, 'conversation');
  await expectAccessible(bob.page, 'conversation');

  // Bob edits his first text from its menu; Alice's copy changes where it is, marked edited.
  const bobsText = bob.page.locator('[data-direction="out"]', { hasText: 'Hi Alice, the numbers match.' });
  await bobsText.getByRole('button', { name: 'Message actions' }).click();
  await bob.page.getByRole('menuitem', { name: 'Edit' }).click();
  await expect(bob.page.getByTestId('editing')).toContainText('Hi Alice, the numbers match.');
  await expect(bob.page.getByRole('button', { name: 'Save edit' })).toBeVisible();
  await expectAccessible(bob.page, 'editing a message');
  await bob.page.getByTestId('composer').fill('Hi Alice, the numbers match. Talk tonight?');
  await bob.page.getByTestId('composer').press('Enter');
  await expect(bob.page.getByTestId('editing')).toHaveCount(0);
  const edited = alice.page.locator('[data-direction="in"]', {
    hasText: 'Hi Alice, the numbers match. Talk tonight?',
  });
  await expect(edited.getByTestId('edited')).toHaveText('edited', { timeout: 15_000 });
  await expect(edited.getByTestId('edited')).toHaveAttribute('title', /^Edited /);
  await expect(alice.messagesWithText('Hi Alice, the numbers match.')).toHaveCount(0);
  await captureBothThemes(alice.page, 'edited');
  await expectAccessible(alice.page, 'an edited message');

  // Alice reacts to it from its menu; Bob sees her reaction on his text, and answers it with the same.
  await edited.getByRole('button', { name: 'Message actions' }).click();
  await expectAccessible(alice.page, 'the message actions menu');
  await alice.page.getByRole('menuitemradio', { name: 'React with ❤️' }).click();
  await expect(edited.getByRole('button', { name: '❤️ from you' })).toHaveAttribute('aria-pressed', 'true');
  const reacted = bob.page.locator('[data-direction="out"]', { hasText: 'Talk tonight?' });
  await reacted.getByRole('button', { name: '❤️ from Alice' }).click({ timeout: 15_000 });
  await expect(reacted.getByRole('button', { name: '❤️ from you and Alice' })).toBeVisible();
  await expect(edited.getByRole('button', { name: '❤️ from you and Bob' })).toBeVisible({ timeout: 15_000 });
  await captureBothThemes(alice.page, 'reactions');
  await expectAccessible(alice.page, 'reactions');
  // Any other emoji from the picker (its data served by the app itself): Alice's reaction becomes that one.
  await edited.getByRole('button', { name: 'Message actions' }).click();
  await alice.page.getByRole('menuitem', { name: 'More reactions…' }).click();
  const picker = alice.page.getByRole('dialog', { name: 'React' });
  await expect(picker.getByRole('searchbox', { name: 'Search emoji' })).toBeFocused();
  await alice.page.keyboard.type('party popper');
  await expect(picker.getByRole('gridcell', { name: 'Party popper' })).toBeVisible();
  await expectAccessible(alice.page, 'the reaction picker');
  await picker.getByRole('gridcell', { name: 'Party popper' }).click();
  await expect(picker).toHaveCount(0);
  await expect(edited.getByRole('button', { name: '🎉 from you' })).toBeVisible();
  await expect(reacted.getByRole('button', { name: '🎉 from Alice' })).toBeVisible({ timeout: 15_000 });
  await expect(reacted.getByRole('button', { name: '❤️ from you' })).toBeVisible();
  await alice.page.getByRole('button', { name: 'Invite someone' }).click();
  await expectAccessible(alice.page, 'invite');
});

test('a blocked contact cannot reach you: their messages never appear, and the block can be lifted', async ({
  openApps,
}) => {
  test.setTimeout(120_000);
  const [alice, bob] = await openApps('Alice', 'Bob');
  await Promise.all([alice.createIdentity(), bob.createIdentity()]);
  await bob.addContact(await alice.inviteLink());
  await alice.acceptRequestFrom('Bob');
  await bob.expectAccepted();
  await bob.send('Before the block');
  await alice.expectReceived('Before the block');

  const settings = await alice.conversationSettings();
  await settings.getByRole('button', { name: 'Block', exact: true }).click();
  await expect(settings.getByRole('button', { name: 'Delete contact…' })).toBeDisabled();
  await settings.getByRole('button', { name: 'Close' }).click();
  await expect(alice.page.getByTestId('blocked-banner')).toBeVisible();
  await expect(alice.page.getByTestId('blocked').getByRole('button', { name: /Bob/ })).toBeVisible();
  await expect(alice.page.getByTestId('composer')).toBeDisabled();

  await bob.page.getByTestId('composer').fill('After the block');
  await bob.page.getByTestId('composer').press('Enter');
  // Refused by Alice's engine: it fails on Bob's side with the reason, and never shows on hers.
  await expect(bob.page.locator('[data-direction="out"]', { hasText: 'After the block' })).toHaveAttribute(
    'data-status',
    'failed',
    { timeout: 30_000 },
  );
  await expect(alice.page.locator('[data-direction="in"]', { hasText: 'After the block' })).toHaveCount(0);

  // Unblocked, Bob is a stranger again; his new request is answered and they talk.
  const unblocking = await alice.conversationSettings();
  await unblocking.getByRole('button', { name: 'Unblock' }).click();
  await unblocking.getByRole('button', { name: 'Close' }).click();
  await expect(alice.page.getByTestId('blocked')).toHaveCount(0);
  await expect(alice.page.getByTestId('composer')).toBeDisabled();
  await expect(alice.page.locator('[data-direction="in"]', { hasText: 'After the block' })).toHaveCount(0);
  // Bob was told she had not accepted him, so he asks again from her invite link.
  await bob.addContact(await alice.inviteLink());
  await alice.acceptRequestFrom('Bob');
  await bob.send('After the unblock');
  await alice.expectReceived('After the unblock');
  await bob.expectStatus('After the unblock', 'read');
  await alice.send('Welcome back, Bob');
  await bob.expectReceived('Welcome back, Bob');
  await alice.expectStatus('Welcome back, Bob', 'read');
  // What she refused while he was blocked stays refused, contact again or not.
  await expect(alice.page.locator('[data-direction="in"]', { hasText: 'After the block' })).toHaveCount(0);
});
