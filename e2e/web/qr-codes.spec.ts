// QR codes end to end: the invite and safety-number codes the app draws are read back by the other app from a
// picture (a screenshot of the code, as it would arrive over another channel); a matching safety number
// verifies the contact, and a code that does not match says so.
import QRCode from 'qrcode';
import { expect, test } from '../support/fixtures';

test('an invite scanned from a picture adds the contact; scanning their safety-number code verifies them', async ({
  openApps,
}) => {
  test.setTimeout(120_000);
  const [alice, bob] = await openApps('Alice', 'Bob');
  await Promise.all([alice.createIdentity(), bob.createIdentity()]);

  // Alice shows her invite code; Bob reads a picture of it.
  await alice.page.getByRole('button', { name: 'Invite someone' }).click();
  const invitePicture = await alice.page
    .getByRole('img', { name: 'QR code of your invite link' })
    .screenshot();
  await alice.page.getByTestId('invite-dialog').getByRole('button', { name: 'Close' }).click();
  await bob.page.getByRole('button', { name: 'Scan a QR code' }).click();
  await bob.page
    .getByTestId('qr-scanner')
    .getByLabel('Or choose a picture of the code')
    .setInputFiles({ name: 'invite.png', mimeType: 'image/png', buffer: invitePicture });
  const confirm = bob.page.getByTestId('invite-confirm');
  await expect(confirm).toContainText(await alice.peerId());
  await confirm.getByRole('button', { name: 'Send request' }).click();
  await alice.acceptRequestFrom('Bob');
  await Promise.all([alice.expectConnected(), bob.expectConnected()]);

  // A code that is not theirs is refused, loudly.
  await bob.safetyNumber();
  const dialog = bob.page.getByTestId('safety-number-dialog');
  const wrongCode = await QRCode.toBuffer('PARLEY-SN:1:NOT-THE-RIGHT-KEYS');
  await dialog.getByRole('button', { name: 'Scan their code' }).click();
  await bob.page
    .getByTestId('qr-scanner')
    .getByLabel('Or choose a picture of the code')
    .setInputFiles({ name: 'wrong.png', mimeType: 'image/png', buffer: wrongCode });
  await expect(dialog.getByTestId('scan-outcome')).toContainText('do not match');
  await expect(bob.page.getByTestId('verified-badge')).toHaveCount(0);

  // Alice's code, read from a picture of her screen: the same payload, so Bob's side marks her verified.
  await alice.safetyNumber();
  const theirCode = await alice.page.getByRole('img', { name: 'QR code of the safety number' }).screenshot();
  await dialog.getByRole('button', { name: 'Scan their code' }).click();
  await bob.page
    .getByTestId('qr-scanner')
    .getByLabel('Or choose a picture of the code')
    .setInputFiles({ name: 'safety.png', mimeType: 'image/png', buffer: theirCode });
  await expect(dialog.getByTestId('scan-outcome')).toContainText('The codes match');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(bob.page.getByTestId('verified-badge')).toBeVisible();
});
