// Identities across devices: a backup saved from Settings restores the same identity in a fresh profile (a wrong
// passphrase changes nothing), a full backup brings the history along, and a stranger who takes a contact's name
// gets a loud warning, not trust.
import { readFile } from 'node:fs/promises';
import { expect, test } from '../support/fixtures';
import type { ParleyApp } from '../support/parley-app';
import { captureBothThemes } from '../support/screenshots';

const PASSPHRASE = 'correct horse battery staple';

const saveBackup = async (app: ParleyApp): Promise<Buffer> => {
  await app.page.getByRole('button', { name: 'Settings', exact: true }).click();
  await app.page.getByLabel('Backup passphrase').fill(PASSPHRASE);
  await app.page.getByLabel('Repeat the passphrase').fill(PASSPHRASE);
  const [download] = await Promise.all([
    app.page.waitForEvent('download'),
    app.page.getByRole('button', { name: 'Save identity only' }).click(),
  ]);
  return readFile(await download.path());
};

/** Settings → Backup → Back up everything: the file's name and content. */
const saveFullBackup = async (app: ParleyApp): Promise<{ name: string; content: Buffer }> => {
  await app.page.getByRole('button', { name: 'Settings', exact: true }).click();
  // The whole section in view, for the screenshots.
  await app.page.getByTestId('backup-status').scrollIntoViewIfNeeded();
  await app.page.getByLabel('Backup passphrase').fill(PASSPHRASE);
  await app.page.getByLabel('Repeat the passphrase').fill(PASSPHRASE);
  await captureBothThemes(app.page, 'backup');
  const [download] = await Promise.all([
    app.page.waitForEvent('download'),
    app.page.getByRole('button', { name: 'Back up everything (identity + messages)' }).click(),
  ]);
  await expect(app.page.getByTestId('backup-status')).toContainText('Saved parley-backup-');
  return { name: download.suggestedFilename(), content: await readFile(await download.path()) };
};

/** The names of the page's IndexedDB databases. */
const databases = (app: ParleyApp): Promise<string[]> =>
  app.page.evaluate(async () => (await indexedDB.databases()).map((database) => database.name ?? ''));

const chooseBackup = async (app: ParleyApp, backup: Buffer, passphrase: string) => {
  await app.page.getByRole('tab', { name: 'Restore from a backup' }).click();
  await app.page
    .getByLabel('Backup file')
    .setInputFiles({ name: 'parley-identity-backup.txt', mimeType: 'text/plain', buffer: backup });
  await app.page.getByLabel("The backup's passphrase").fill(passphrase);
  await app.page.getByRole('button', { name: 'Restore my identity' }).click();
};

test('a backup from Settings restores the same identity on a fresh profile; a wrong passphrase changes nothing', async ({
  openApps,
}) => {
  test.setTimeout(90_000);
  const [original, fresh] = await openApps('Erin', 'Erin on a new device');
  await original.createIdentity();
  const backup = await saveBackup(original);
  expect(backup.toString('utf8').length).toBeGreaterThan(100);

  await chooseBackup(fresh, backup, 'not the passphrase');
  await expect(fresh.page.getByRole('alert')).toContainText(/passphrase/i);
  await expect(fresh.page.getByRole('button', { name: 'Restore my identity' })).toBeVisible();

  await fresh.page.getByLabel("The backup's passphrase").fill(PASSPHRASE);
  await fresh.page.getByRole('button', { name: 'Restore my identity' }).click();
  await expect(fresh.page.getByTestId('signaling-status')).toHaveAttribute('data-status', 'ready', {
    timeout: 30_000,
  });
  expect(await fresh.peerId()).toBe(await original.peerId());

  // Both devices are open with one identity. The newer connection has it; the first device says so and does
  // not take it back by itself (the two would close each other's connection in turn, for ever).
  const originalBanner = original.page.getByTestId('connection-banner');
  await expect(originalBanner).toHaveAttribute('data-state', 'replaced', { timeout: 30_000 });
  await expect(original.page.getByTestId('signaling-status')).toHaveText('Online elsewhere');
  await original.page.getByRole('button', { name: 'Back to chats' }).click();
  await captureBothThemes(original.page, 'online-elsewhere');
  await expect(fresh.page.getByTestId('signaling-status')).toHaveAttribute('data-status', 'ready');
  await expect(fresh.page.getByTestId('connection-banner')).toHaveCount(0);
  // Its user chooses to use it here after all: now the other device steps back.
  await originalBanner.getByRole('button', { name: 'Use here' }).click();
  await expect(original.page.getByTestId('signaling-status')).toHaveAttribute('data-status', 'ready', {
    timeout: 30_000,
  });
  await expect(fresh.page.getByTestId('connection-banner')).toHaveAttribute('data-state', 'replaced', {
    timeout: 30_000,
  });
});

test('a stranger using a contact’s name is flagged before anything from them is trusted', async ({
  openApps,
}) => {
  test.setTimeout(90_000);
  const [alice, bob, impostor] = await openApps('Alice', 'Bob', 'Bob');
  await Promise.all([alice.createIdentity(), bob.createIdentity(), impostor.createIdentity()]);
  await bob.addContact(await alice.inviteLink());
  await alice.acceptRequestFrom('Bob');
  await bob.expectAccepted();

  // "Bob" writes from a new key: a different peer ID, so a new request, and the name is not enough.
  await impostor.addContact(await alice.peerId());
  const requests = alice.page.getByTestId('requests');
  await requests.getByRole('button', { name: /Bob/ }).click({ timeout: 30_000 });
  const warning = alice.page.getByTestId('namesake-warning');
  await expect(warning).toContainText('Not the Bob you know');
  await expect(alice.page.getByTestId('composer')).toBeDisabled();
  await warning.getByRole('button', { name: 'Block' }).click();
  await expect(alice.page.getByTestId('blocked').getByRole('button', { name: /Bob/ })).toBeVisible();
  // The real Bob is untouched.
  await alice.openConversationWith('Bob');
  await bob.send('It is really me');
  await alice.expectReceived('It is really me');
});

test('history moves to a new device: identity backup, then the archive export imported once, never twice', async ({
  openApps,
}) => {
  test.setTimeout(120_000);
  const [alice, bob, newDevice] = await openApps('Alice', 'Bob', 'Alice on a new device');
  await Promise.all([alice.createIdentity(), bob.createIdentity()]);
  await bob.addContact(await alice.inviteLink());
  await alice.acceptRequestFrom('Bob');
  await bob.expectAccepted();
  await bob.send('Remember the café on Rue Cler');
  await alice.expectReceived('Remember the café on Rue Cler');
  await alice.send('I will never forget it');
  await alice.expectStatus('I will never forget it', 'read');

  const backup = await saveBackup(alice);
  const [archiveDownload] = await Promise.all([
    alice.page.waitForEvent('download'),
    alice.page.getByRole('button', { name: 'Export all (JSON)' }).click(),
  ]);
  const archive = await readFile(await archiveDownload.path());

  await chooseBackup(newDevice, backup, PASSPHRASE);
  await expect(newDevice.page.getByTestId('signaling-status')).toHaveAttribute('data-status', 'ready', {
    timeout: 30_000,
  });
  await newDevice.page.getByRole('button', { name: 'Settings', exact: true }).click();
  // How much room the archive takes, and whether the browser keeps it under pressure.
  await expect(newDevice.page.getByTestId('storage-used')).toContainText(/used/);
  const importField = newDevice.page.getByLabel('Import an archive file (JSON)');
  // A hostile file first: refused, with the reason.
  await importField.setInputFiles({
    name: 'evil.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ format: 'parley-archive', version: 1, owner: 'o'.repeat(32) })),
  });
  await expect(newDevice.page.getByTestId('archive-status')).toContainText('Nothing was imported');
  await importField.setInputFiles({ name: 'archive.json', mimeType: 'application/json', buffer: archive });
  // A plain file makes nobody a contact by itself (anyone could write one): Bob comes back as a request.
  await expect(newDevice.page.getByTestId('archive-status')).toContainText(
    /Imported [1-9]\d* messages\. 1 of its contacts are not yours here yet/,
  );
  await importField.setInputFiles({ name: 'archive.json', mimeType: 'application/json', buffer: archive });
  await expect(newDevice.page.getByTestId('archive-status')).toContainText('Imported 0 messages');

  await newDevice.page.getByRole('button', { name: 'Back to chats' }).click();
  await newDevice.acceptRequestFrom('Bob');
  await newDevice.openConversationWith('Bob');
  await expect(newDevice.messagesWithText('Remember the café on Rue Cler')).toHaveCount(1);
  await expect(newDevice.messagesWithText('I will never forget it')).toHaveCount(1);
});

test('everything moves to a new device in one file: identity and history come back, and the conversation goes on', async ({
  openApps,
}) => {
  test.setTimeout(150_000);
  const [alice, bob, newDevice] = await openApps('Alice', 'Bob', 'Alice on a new device');
  await Promise.all([alice.createIdentity(), bob.createIdentity()]);
  await bob.befriend(alice);
  await bob.send('Remember the café on Rue Cler');
  await alice.openConversationWith('Bob');
  await alice.expectReceived('Remember the café on Rue Cler');
  await alice.send('I will never forget it');
  await alice.expectStatus('I will never forget it', 'read');
  // Alice verified Bob: the backup, her own beyond doubt, keeps it.
  await alice.safetyNumber();
  await alice.markVerified();
  const alicePeerId = await alice.peerId();

  const backup = await saveFullBackup(alice);
  expect(backup.name).toMatch(/^parley-backup-\d{4}-\d{2}-\d{2}\.parley$/);
  // The messages are encrypted: nothing of them is readable in the file.
  expect(backup.content.toString('utf8')).not.toContain('Rue Cler');
  // The old device is gone (one device per identity is online at a time).
  await alice.quit();

  const { page } = newDevice;
  await page.getByRole('tab', { name: 'Restore from a backup' }).click();
  await page
    .getByLabel('Backup file')
    .setInputFiles({ name: backup.name, mimeType: 'application/octet-stream', buffer: backup.content });
  await expect(page.getByTestId('backup-kind')).toHaveText('A full backup: your identity and your messages.');
  // A wrong passphrase: refused with the reason, and nothing was created — no identity, no archive.
  await page.getByLabel("The backup's passphrase").fill('not the passphrase');
  await page.getByRole('button', { name: 'Restore my identity and messages' }).click();
  await expect(page.getByRole('alert')).toContainText('passphrase does not open this backup');
  await captureBothThemes(page, 'restore');
  expect((await databases(newDevice)).filter((name) => name.startsWith('parley-archive-'))).toEqual([]);
  await page.reload();
  await expect(page.getByRole('tab', { name: 'Restore from a backup' })).toBeVisible();

  await page.getByRole('tab', { name: 'Restore from a backup' }).click();
  await page
    .getByLabel('Backup file')
    .setInputFiles({ name: backup.name, mimeType: 'application/octet-stream', buffer: backup.content });
  await page.getByLabel("The backup's passphrase").fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Restore my identity and messages' }).click();
  await expect(page.getByTestId('signaling-status')).toHaveAttribute('data-status', 'ready', {
    timeout: 30_000,
  });
  expect(await newDevice.peerId()).toBe(alicePeerId);
  await newDevice.openConversationWith('Bob');
  await expect(newDevice.messagesWithText('Remember the café on Rue Cler')).toHaveCount(1);
  await expect(newDevice.messagesWithText('I will never forget it')).toHaveCount(1);
  await expect(newDevice.page.getByTestId('verified-badge')).toBeVisible();

  // The conversation goes on, both ways, with the restored keys.
  await bob.send('Welcome back');
  await newDevice.expectReceived('Welcome back');
  await newDevice.send('Good to be back');
  await bob.expectReceived('Good to be back');
  await newDevice.expectStatus('Good to be back', 'read');
});
