// The conversation settings dialog (issue 7, retention and archive): pinning and muting it; clearing a
// conversation removes its messages on this side only, and the contact stays; deleting the contact removes it from the list, and from
// then on their messages are refused until one of them sends a new request. The dialog is checked with axe and
// photographed in both themes.
import { expect, test } from '../support/fixtures';
import { expectAccessible } from '../support/accessibility';
import { captureBothThemes } from '../support/screenshots';

test.use({ viewport: { width: 1100, height: 720 } });

test('clear a conversation on this side only, then delete the contact: their next message needs a new request', async ({
  openApps,
}) => {
  test.setTimeout(150_000);
  const [alice, bob] = await openApps('Alice', 'Bob');
  await Promise.all([alice.createIdentity(), bob.createIdentity()]);
  await bob.befriend(alice);
  await bob.send('First from Bob');
  await alice.openConversationWith('Bob');
  await alice.expectReceived('First from Bob');
  await alice.send('Reply from Alice');
  await bob.expectStatus('First from Bob', 'read');

  const settings = await alice.conversationSettings();
  await expect(settings.getByRole('group', { name: 'Export this conversation' })).toBeVisible();
  await expect(settings.getByLabel('Keep messages in this conversation')).toHaveValue('default');
  await captureBothThemes(alice.page, 'conversation-settings');
  await expectAccessible(alice.page, 'conversation settings');

  // Muted for an hour: the dialog says until when, the sidebar marks the conversation; Unmute ends it.
  await settings.getByLabel('Mute notifications').selectOption({ label: 'For 1 hour' });
  await expect(settings.getByTestId('muted-until')).toContainText('Muted until');
  const mutedMark = alice.page.getByTestId('conversations').getByRole('img', { name: 'muted' });
  await expect(mutedMark).toBeVisible();
  await expectAccessible(alice.page, 'conversation settings, muted');
  await settings.getByRole('button', { name: 'Unmute' }).click();
  await expect(settings.getByLabel('Mute notifications')).toHaveValue('');
  await expect(mutedMark).toHaveCount(0);

  // Pinned: marked in the list; unpinned again.
  await settings.getByRole('button', { name: 'Pin to top' }).click();
  const pinnedMark = alice.page.getByTestId('conversations').getByRole('img', { name: 'pinned' });
  await expect(pinnedMark).toBeVisible();
  await settings.getByRole('button', { name: 'Unpin' }).click();
  await expect(pinnedMark).toHaveCount(0);

  // The confirm step can be cancelled; confirmed, Alice's copy goes and Bob's stays.
  await settings.getByRole('button', { name: 'Clear conversation…' }).click();
  await expect(settings.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await alice.page.keyboard.press('Enter');
  await expect(settings.getByRole('button', { name: 'Clear conversation…' })).toBeFocused();
  // Escape closes the dialog (focus goes back to its button); the keyboard opens it again.
  await alice.page.keyboard.press('Escape');
  await expect(settings).toBeHidden();
  await expect(alice.page.getByRole('button', { name: 'Conversation settings' })).toBeFocused();
  await alice.page.keyboard.press('Enter');
  await settings.getByRole('button', { name: 'Clear conversation…' }).click();
  await settings.getByRole('button', { name: 'Clear conversation', exact: true }).click();
  await expect(settings.getByTestId('conversation-settings-status')).toHaveText(/cleared/);
  await settings.getByRole('button', { name: 'Close' }).click();
  await expect(alice.page.locator('[data-kind="text"]')).toHaveCount(0);
  const bobInList = alice.page.getByTestId('conversations').getByRole('button', { name: /Bob/ });
  await expect(bobInList).toBeVisible();
  await expect(bobInList).not.toContainText('Reply from Alice');
  await expect(bob.messagesWithText('First from Bob')).toHaveCount(1);
  await expect(bob.messagesWithText('Reply from Alice')).toHaveCount(1);
  // Still contacts: Bob's next message arrives.
  await bob.send('After the clear');
  await alice.expectReceived('After the clear');
  await expect(alice.page.locator('[data-kind="text"]')).toHaveCount(1);

  // Deleting the contact explains what it means, then leaves the conversation and the list.
  const again = await alice.conversationSettings();
  await again.getByRole('button', { name: 'Delete contact…' }).click();
  await expect(again).toContainText('new contact request');
  await captureBothThemes(alice.page, 'conversation-settings-delete');
  await again.getByRole('button', { name: 'Delete contact', exact: true }).click();
  await expect(alice.page.getByTestId('conversation-name')).toHaveCount(0);
  await expect(bobInList).toHaveCount(0);

  // Bob still has Alice as a contact, but what he sends now is refused, and never shows on her side.
  await bob.page.getByTestId('composer').fill('Are you still there?');
  await bob.page.getByTestId('composer').press('Enter');
  await expect(
    bob.page.locator('[data-direction="out"]', { hasText: 'Are you still there?' }),
  ).toHaveAttribute('data-status', 'failed', { timeout: 30_000 });
  await expect(alice.page.getByTestId('requests').getByRole('button', { name: /Bob/ })).toHaveCount(0);
  await expect(bobInList).toHaveCount(0);

  // A new request from Alice is answered at once (Bob never removed her); the old history stays gone.
  await alice.addContact(await bob.peerId());
  await alice.expectAccepted();
  await bob.send('Welcome back');
  await alice.expectReceived('Welcome back');
  await expect(alice.messagesWithText('First from Bob')).toHaveCount(0);
  await expect(alice.messagesWithText('After the clear')).toHaveCount(0);
  await expect(alice.messagesWithText('Are you still there\\?')).toHaveCount(0);
});
