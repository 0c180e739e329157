import { webcrypto } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { concatBytes } from '../encoding/byte-codec';
import { base64ToBytes, bytesToBase64, utf8 } from '../encoding/bytes';
import type { IdentitySummary } from '../host/host-contract';
import { signalingAuthMessage } from '../signaling/signaling-auth';
import { createMemoryIdentityVault } from '../testing/memory-ports';
import type { IdentityCryptoPort } from './identity-crypto-port';
import { RSA_OAEP_SHA256, verifyIdentitySignature } from './identity-keys';
import { createIdentityService, type IdentityService } from './identity-service';
import { verifyKeyBundle } from './key-bundle';
import { derivePeerId, publicKeyMatchesPeerId } from './peer-id';

const crypto = webcrypto as unknown as IdentityCryptoPort;
const PASSPHRASE = 'correct horse battery staple';

const newDevice = () => {
  const vault = createMemoryIdentityVault(crypto);
  return { vault, service: createIdentityService({ crypto, vault }) };
};

const valueOf = <T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!result.ok) {
    throw new Error(result.error.message);
  }
  return result.value;
};

const wrapTo = async (summary: IdentitySummary, secret: Uint8Array): Promise<Uint8Array> => {
  const key = await webcrypto.subtle.importKey(
    'spki',
    base64ToBytes(summary.keyBundle.encryptionKey),
    RSA_OAEP_SHA256,
    false,
    ['encrypt'],
  );
  return new Uint8Array(await webcrypto.subtle.encrypt(RSA_OAEP_SHA256, key, secret));
};

describe('identity service', () => {
  it('has no identity until one is created', async () => {
    const { service } = newDevice();
    expect(await service.status()).toEqual({ ok: true, value: { state: 'empty', protection: 'memory' } });
    expect(await service.current()).toEqual({ ok: true, value: null });
    const missing = { ok: false, error: { code: 'IDENTITY_MISSING' } };
    expect(
      await service.signSignalingChallenge({ serverId: 'server', realm: 'default', nonce: 'AAAA' }),
    ).toMatchObject(missing);
    expect(await service.sign('parley-test-v1', new Uint8Array(1))).toMatchObject(missing);
    expect(await service.unwrapKey(new Uint8Array(384))).toMatchObject(missing);
    expect(await service.exportBackup(PASSPHRASE)).toMatchObject(missing);
    expect(await service.unlock(PASSPHRASE)).toMatchObject(missing);
  });

  it('creates one identity of two RSA-3072 key pairs, the encryption key certified by the signing key', async () => {
    const { vault, service } = newDevice();
    const [first, second] = await Promise.all([service.create('Alice'), service.create('Alice again')]);
    expect(first).toEqual(second);
    expect(vault.saves()).toBe(1);
    const summary = valueOf(first);
    const signingKey = base64ToBytes(summary.keyBundle.signingKey);
    expect(summary.peerId).toBe(await derivePeerId(crypto, signingKey));
    expect(summary.publicKey).toBe(summary.keyBundle.signingKey);
    expect(summary.displayName).toBe('Alice');
    expect(await verifyKeyBundle(crypto, summary.keyBundle)).toMatchObject({ ok: true });

    const stored = valueOf(await vault.load());
    expect(stored?.signing.privateKey.extractable).toBe(false);
    expect(stored?.encryption.privateKey.extractable).toBe(false);
    expect(await service.create('Mallory')).toMatchObject({ ok: false, error: { code: 'IDENTITY_EXISTS' } });
    expect(await service.current()).toEqual({ ok: true, value: summary });
    expect(await service.keyBundle()).toEqual({ ok: true, value: summary.keyBundle });
  });

  describe('with an identity', () => {
    let alice: { service: IdentityService; summary: IdentitySummary };
    let bob: { service: IdentityService; summary: IdentitySummary };

    beforeAll(async () => {
      const [a, b] = [newDevice(), newDevice()];
      const [aliceSummary, bobSummary] = await Promise.all([
        a.service.create('Alice'),
        b.service.create('Bob'),
      ]);
      alice = { service: a.service, summary: valueOf(aliceSummary) };
      bob = { service: b.service, summary: valueOf(bobSummary) };
    });

    it('signs the domain-separated signaling challenge, verifiable against the peer ID', async () => {
      const nonce = bytesToBase64(crypto.getRandomValues(new Uint8Array(32)));
      const answer = valueOf(
        await alice.service.signSignalingChallenge({ serverId: 'signal.example:443', realm: 'acme', nonce }),
      );
      expect(answer.bundle).toEqual(alice.summary.keyBundle);
      const spki = base64ToBytes(answer.bundle.signingKey);
      const signature = base64ToBytes(answer.signature);
      expect(await publicKeyMatchesPeerId(crypto, spki, answer.bundle.peerId)).toBe(true);
      const verifies = (serverId: string, realm: string) =>
        verifyIdentitySignature(crypto, spki, signature, signalingAuthMessage(serverId, realm, nonce));
      expect(await verifies('signal.example:443', 'acme')).toBe(true);
      // Bound to the server and the realm: the same signature is worthless at another server or realm.
      expect(await verifies('evil.example:443', 'acme')).toBe(false);
      expect(await verifies('signal.example:443', 'globex')).toBe(false);
    });

    it('signs utf8(domain + "\\n") || data for privileged callers, and nothing else', async () => {
      const data = utf8('transcript hash');
      const signature = valueOf(await alice.service.sign('parley-handshake-v1', data));
      const signingKey = base64ToBytes(alice.summary.keyBundle.signingKey);
      const signed = concatBytes(utf8('parley-handshake-v1\n'), data);
      expect(await verifyIdentitySignature(crypto, signingKey, signature, signed)).toBe(true);
      expect(await verifyIdentitySignature(crypto, signingKey, signature, data)).toBe(false);
    });

    it('refuses to sign in its own domains or in a domain that could blur the separator', async () => {
      const data = new Uint8Array(8);
      await expect(alice.service.sign('parley-encryption-key-v1', data)).rejects.toThrow(/reserved/);
      await expect(alice.service.sign('parley-signaling-auth-v1', data)).rejects.toThrow(/reserved/);
      await expect(alice.service.sign('two\nlines', data)).rejects.toThrow(RangeError);
      await expect(alice.service.sign('', data)).rejects.toThrow(RangeError);
    });

    it('unwraps a key wrapped to its encryption key, and only that', async () => {
      const secret = crypto.getRandomValues(new Uint8Array(32));
      expect(await alice.service.unwrapKey(await wrapTo(alice.summary, secret))).toEqual({
        ok: true,
        value: secret,
      });
      const forBob = await wrapTo(bob.summary, secret);
      expect(await alice.service.unwrapKey(forBob)).toMatchObject({
        ok: false,
        error: { code: 'IDENTITY_UNWRAP_FAILED' },
      });
      expect(await alice.service.unwrapKey(new Uint8Array(384))).toMatchObject({
        ok: false,
        error: { code: 'IDENTITY_UNWRAP_FAILED' },
      });
    });

    it('hands the session layer a local identity that signs and unwraps without exposing a private key', async () => {
      const local = valueOf(await alice.service.localIdentity());
      expect(local.peerId).toBe(alice.summary.peerId);
      expect(bytesToBase64(local.signingKey)).toBe(alice.summary.keyBundle.signingKey);
      expect(bytesToBase64(local.encryptionKey)).toBe(alice.summary.keyBundle.encryptionKey);
      expect(local.keyBundle).toEqual(alice.summary.keyBundle);
      const signature = await local.sign('parley-handshake-v1', utf8('x'));
      expect(
        await verifyIdentitySignature(crypto, local.signingKey, signature, utf8('parley-handshake-v1\nx')),
      ).toBe(true);
      const secret = crypto.getRandomValues(new Uint8Array(32));
      expect(await local.unwrapKey(await wrapTo(alice.summary, secret))).toEqual(secret);
      expect(await local.unwrapKey(new Uint8Array(3))).toBeNull();
      await expect(local.sign('parley-encryption-key-v1', local.encryptionKey)).rejects.toThrow(/reserved/);
      expect(Object.values(local).some((value) => typeof value === 'object' && 'privateKey' in value)).toBe(
        false,
      );
    });
  });

  describe('renaming', () => {
    it('gives the identity a new, trimmed name and keeps its keys and peer ID', async () => {
      const { vault, service } = newDevice();
      const before = valueOf(await service.create('Alice'));
      const renamed = valueOf(await service.rename('  Alice Liddell '));
      expect(renamed).toEqual({ ...before, displayName: 'Alice Liddell' });
      expect(await service.current()).toEqual({ ok: true, value: renamed });
      expect(valueOf(await vault.exportRecord())?.displayName).toBe('Alice Liddell');
      expect(vault.saves()).toBe(2);
      // A backup made now carries the new name.
      const elsewhere = newDevice();
      const backup = valueOf(await service.exportBackup(PASSPHRASE));
      const restored = valueOf(await elsewhere.service.restoreBackup({ backup, passphrase: PASSPHRASE }));
      expect([restored.peerId, restored.displayName]).toEqual([renamed.peerId, 'Alice Liddell']);
    });

    it('refuses a name that is blank or too long with a coded error, and changes nothing', async () => {
      const { vault, service } = newDevice();
      const before = valueOf(await service.create('Alice'));
      for (const name of ['', '   ', 'x'.repeat(65)]) {
        expect(await service.rename(name)).toMatchObject({
          ok: false,
          error: { code: 'IDENTITY_DISPLAY_NAME_INVALID' },
        });
      }
      expect(vault.saves()).toBe(1);
      expect(await service.current()).toEqual({ ok: true, value: before });
    });

    it('has nothing to rename before an identity exists', async () => {
      const { service } = newDevice();
      expect(await service.rename('Alice')).toMatchObject({ ok: false, error: { code: 'IDENTITY_MISSING' } });
      expect(await service.current()).toEqual({ ok: true, value: null });
    });
  });

  describe('backup and restore', () => {
    let original: { service: IdentityService; summary: IdentitySummary; backup: string };

    beforeAll(async () => {
      const { service } = newDevice();
      const summary = valueOf(await service.create('Alice'));
      original = { service, summary, backup: valueOf(await service.exportBackup(PASSPHRASE)) };
    });

    it('restores the same identity on another device, with keys that still sign and unwrap', async () => {
      const { service } = newDevice();
      const restored = valueOf(
        await service.restoreBackup({ backup: original.backup, passphrase: PASSPHRASE }),
      );
      expect(restored.peerId).toBe(original.summary.peerId);
      expect(restored.displayName).toBe('Alice');
      expect(restored.keyBundle.signingKey).toBe(original.summary.keyBundle.signingKey);
      expect(restored.keyBundle.encryptionKey).toBe(original.summary.keyBundle.encryptionKey);
      expect(await verifyKeyBundle(crypto, restored.keyBundle)).toMatchObject({ ok: true });
      const secret = crypto.getRandomValues(new Uint8Array(32));
      expect(await service.unwrapKey(await wrapTo(original.summary, secret))).toEqual({
        ok: true,
        value: secret,
      });
    });

    it('refuses to restore over an existing identity unless told to replace it', async () => {
      const { vault, service } = newDevice();
      const mine = valueOf(await service.create('Bob'));
      expect(await service.restoreBackup({ backup: original.backup, passphrase: PASSPHRASE })).toMatchObject({
        ok: false,
        error: { code: 'IDENTITY_EXISTS' },
      });
      expect(valueOf(await service.current())?.peerId).toBe(mine.peerId);
      const replaced = await service.restoreBackup({
        backup: original.backup,
        passphrase: PASSPHRASE,
        replace: true,
      });
      expect(valueOf(replaced).peerId).toBe(original.summary.peerId);
      expect(vault.saves()).toBe(2);
    });

    it('leaves the vault untouched for a wrong passphrase or a malformed file', async () => {
      const { vault, service } = newDevice();
      const mine = valueOf(await service.create('Bob'));
      const attempts = [
        { backup: original.backup, passphrase: 'not the passphrase', code: 'IDENTITY_WRONG_PASSPHRASE' },
        {
          backup: original.backup.replace('"v": 1', '"v": 2'),
          passphrase: PASSPHRASE,
          code: 'IDENTITY_BACKUP_INVALID',
        },
        { backup: '{ not json', passphrase: PASSPHRASE, code: 'IDENTITY_BACKUP_INVALID' },
      ];
      for (const { backup, passphrase, code } of attempts) {
        expect(await service.restoreBackup({ backup, passphrase, replace: true })).toMatchObject({
          ok: false,
          error: { code },
        });
      }
      expect(vault.saves()).toBe(1);
      expect(await service.current()).toEqual({ ok: true, value: mine });
    });
  });
});
