import { webcrypto } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { bytesToBase64 } from '../encoding/bytes';
import type { IdentityRecord } from '../ports/identity-vault';
import {
  createIdentityBackup,
  IdentityBackupSchema,
  openIdentityBackup,
  type IdentityBackup,
} from './identity-backup';
import type { IdentityCryptoPort } from './identity-crypto-port';
import { generateIdentityRecord } from './identity-record';
import { derivePeerId, type PeerId } from './peer-id';

const crypto = webcrypto as unknown as IdentityCryptoPort;
const PASSPHRASE = 'backup passphrase 1';

const edit = (text: string, change: (backup: Record<string, unknown>) => void): string => {
  const document = JSON.parse(text) as Record<string, unknown>;
  change(document);
  return JSON.stringify(document);
};

const codeOf = async (text: string, passphrase = PASSPHRASE) => {
  const opened = await openIdentityBackup(crypto, text, passphrase);
  return opened.ok ? 'ok' : opened.error.code;
};

describe('identity backup', () => {
  let record: IdentityRecord;
  let peerId: PeerId;
  let text: string;

  beforeAll(async () => {
    record = await generateIdentityRecord(crypto, 'Ada Lovelace');
    peerId = await derivePeerId(crypto, record.signing.spki);
    text = await createIdentityBackup(crypto, { peerId, record }, PASSPHRASE);
  });

  it('is a versioned JSON document naming the identity, with both keys as encrypted PEM', () => {
    const backup = IdentityBackupSchema.parse(JSON.parse(text));
    expect(backup).toMatchObject({
      format: 'parley-identity-backup',
      v: 1,
      peerId,
      displayName: 'Ada Lovelace',
    });
    for (const pem of [backup.signingKey, backup.encryptionKey]) {
      expect(pem).toMatch(
        /^-----BEGIN ENCRYPTED PRIVATE KEY-----\r\n[\s\S]+-----END ENCRYPTED PRIVATE KEY-----\r\n$/,
      );
    }
    expect(backup.signingKey).not.toBe(backup.encryptionKey);
  });

  it('holds no private key in the clear', () => {
    for (const pkcs8 of [record.signing.pkcs8, record.encryption.pkcs8]) {
      expect(text).not.toContain(bytesToBase64(pkcs8).slice(60, 140));
    }
  });

  it('opens into the same identity: keys, public halves and certificate all verified', async () => {
    const opened = await openIdentityBackup(crypto, text, PASSPHRASE);
    if (!opened.ok) {
      throw new Error(opened.error.message);
    }
    expect(opened.value.displayName).toBe('Ada Lovelace');
    expect(opened.value.signing).toEqual(record.signing);
    expect(opened.value.encryption).toEqual(record.encryption);
    // RSA-PSS is randomized: the restored certificate is a fresh one by the same key.
    expect(opened.value.certificate).toHaveLength(384);
  });

  it('gives IDENTITY_WRONG_PASSPHRASE for another passphrase', async () => {
    expect(await codeOf(text, 'backup passphrase 2')).toBe('IDENTITY_WRONG_PASSPHRASE');
  });

  it('gives IDENTITY_BACKUP_INVALID for anything that is not a well-formed v1 backup', async () => {
    const malformed = [
      '',
      'null',
      '[]',
      text.slice(0, text.length / 2),
      edit(text, (backup) => (backup['format'] = 'something-else')),
      edit(text, (backup) => (backup['v'] = 2)),
      edit(text, (backup) => (backup['extra'] = true)),
      edit(text, (backup) => delete backup['encryptionKey']),
      edit(text, (backup) => (backup['displayName'] = '')),
      edit(text, (backup) => (backup['peerId'] = 'not a peer id')),
      edit(
        text,
        (backup) => (backup['signingKey'] = '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n'),
      ),
      ' '.repeat(40_000),
    ];
    for (const candidate of malformed) {
      expect(await codeOf(candidate), candidate.slice(0, 60)).toBe('IDENTITY_BACKUP_INVALID');
    }
  });

  it('refuses keys that do not reproduce the peer ID the backup names', async () => {
    const other = await generateIdentityRecord(crypto, 'Other');
    const otherPeerId = await derivePeerId(crypto, other.signing.spki);
    expect(await codeOf(edit(text, (backup) => (backup['peerId'] = otherPeerId)))).toBe(
      'IDENTITY_BACKUP_INVALID',
    );
    const swapped = edit(text, (backup) => {
      const { signingKey, encryptionKey } = backup as IdentityBackup;
      backup['signingKey'] = encryptionKey;
      backup['encryptionKey'] = signingKey;
    });
    expect(await codeOf(swapped)).toBe('IDENTITY_BACKUP_INVALID');
  });

  it('refuses the same key in both places', async () => {
    const doubled = edit(text, (backup) => (backup['encryptionKey'] = (backup as IdentityBackup).signingKey));
    expect(await codeOf(doubled)).toBe('IDENTITY_BACKUP_INVALID');
  });
});
