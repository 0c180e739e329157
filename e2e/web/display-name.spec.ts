// Issue 6, the display name: Alice renames herself in Settings and Bob's contact list and conversation header
// follow, live and after he was away; her new name survives her own restart. Screenshots the settings screen
// with the field.
import { expect, test } from '../support/fixtures';
import { expectAccessible } from '../support/accessibility';
import type { ParleyApp } from '../support/parley-app';
import { captureBothThemes } from '../support/screenshots';

test.use({ viewport: { width: 1100, height: 720 } });

const rename = async (app: ParleyApp, name: string): Promise<void> => {
  await app.page.getByRole('button', { name: 'Settings', exact: true }).click();
  await app.page.getByLabel('Display name').fill(name);
  await app.page.getByRole('button', { name: 'Save name' }).click();
  await expect(app.page.getByTestId('profile-status')).toHaveText(/^Saved\./);
};

const expectNamed = async (app: ParleyApp, name: string): Promise<void> => {
  await expect(app.page.getByTestId('conversations').getByRole('button', { name })).toBeVisible({
    timeout: 30_000,
  });
  await expect(app.page.getByTestId('conversation-name')).toHaveText(name);
};

test('a new display name reaches a contact, online or back from being away', async ({
  openApps,
  signalingServer,
}) => {
  test.setTimeout(120_000);
  const [alice, bob] = await openApps('Alice', 'Bob');
  await Promise.all([alice.createIdentity(), bob.createIdentity()]);
  await alice.befriend(bob);
  await expectNamed(bob, 'Alice');

  await rename(alice, 'Alice Liddell');
  await expect(alice.page.getByTestId('profile-status')).toHaveText(
    'Saved. Your contact sees it once they are online.',
  );
  await expect(alice.page.getByRole('button', { name: 'Save name' })).toBeDisabled();
  await captureBothThemes(alice.page, 'settings-profile');
  await expectAccessible(alice.page, 'settings with the display name');
  await expectNamed(bob, 'Alice Liddell');

  // A blank name is refused where it is typed, and nothing changes.
  await alice.page.getByLabel('Display name').fill('   ');
  await alice.page.getByRole('button', { name: 'Save name' }).click();
  await expect(alice.page.getByTestId('profile-status')).toHaveText('Enter a name of 1 to 64 characters.');

  // Bob is away while she changes it again: he learns it when he is back.
  await bob.quit();
  await alice.page.getByLabel('Display name').fill('Ally');
  await alice.page.getByRole('button', { name: 'Save name' }).click();
  await expect(alice.page.getByTestId('profile-status')).toHaveText(/^Saved\./);
  await bob.reopen(signalingServer.httpUrl);
  await bob.openConversationWith('Ally');
  await expectNamed(bob, 'Ally');

  // Her own app keeps the name across a restart.
  await alice.quit();
  await alice.reopen(signalingServer.httpUrl);
  await alice.page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(alice.page.getByLabel('Display name')).toHaveValue('Ally');
});
