// Passphrase-protected private keys as PEM "ENCRYPTED PRIVATE KEY": PKCS#8 EncryptedPrivateKeyInfo (RFC 5958
// section 3) under PBES2 (RFC 8018) with PBKDF2-HMAC-SHA256 and AES-256-CBC, readable by OpenSSL, node:crypto and
// node-forge. node-forge builds and parses the ASN.1 and the PEM armour; PBKDF2 and AES run on WebCrypto, because
// forge's pure-JavaScript PBKDF2 takes about 3 s per key at 600,000 iterations and would stall Electron's main
// process for that long.
import forge from 'node-forge';
import { utf8 } from '../encoding/bytes';
import { fail, ok, type Result } from '../result';
import type { IdentityCryptoPort } from './identity-crypto-port';

/** OWASP's 2023 figure for PBKDF2-HMAC-SHA256. */
export const PBKDF2_ITERATIONS = 600_000;
// Refusing larger counts keeps a crafted file from occupying the host for minutes.
const MAX_PBKDF2_ITERATIONS = 10_000_000;
const SALT_BYTES = 16;
const MIN_SALT_BYTES = 8;
const AES_KEY_BYTES = 32;
const AES_BLOCK_BYTES = 16;
const MAX_PEM_CHARS = 16_384;

const { asn1 } = forge;
const { Class, Type } = asn1;
const OID = {
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  hmacWithSha256: '1.2.840.113549.2.9',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
} as const;

type Node = forge.asn1.Asn1;

const toBinary = (bytes: Uint8Array): string => forge.util.binary.raw.encode(bytes);
const fromBinary = (binary: string): Uint8Array<ArrayBuffer> =>
  Uint8Array.from(forge.util.binary.raw.decode(binary));

const sequence = (children: Node[]): Node => asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, children);
const octets = (bytes: Uint8Array): Node =>
  asn1.create(Class.UNIVERSAL, Type.OCTETSTRING, false, toBinary(bytes));
const oid = (id: string): Node => asn1.create(Class.UNIVERSAL, Type.OID, false, asn1.oidToDer(id).getBytes());
const integer = (value: number): Node =>
  asn1.create(Class.UNIVERSAL, Type.INTEGER, false, asn1.integerToDer(value).getBytes());
const nullValue = (): Node => asn1.create(Class.UNIVERSAL, Type.NULL, false, '');

/** The passphrase as RFC 8018 asks: UTF-8, here of its NFC form so the same words typed on any OS match. */
const passphraseBytes = (passphrase: string): Uint8Array<ArrayBuffer> =>
  Uint8Array.from(utf8(passphrase.normalize('NFC')));

const deriveAesKey = async (
  crypto: IdentityCryptoPort,
  passphrase: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
  usage: 'encrypt' | 'decrypt',
) => {
  const base = await crypto.subtle.importKey('raw', passphraseBytes(passphrase), { name: 'PBKDF2' }, false, [
    'deriveBits',
  ]);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    base,
    AES_KEY_BYTES * 8,
  );
  return crypto.subtle.importKey('raw', new Uint8Array(bits), { name: 'AES-CBC' }, false, [usage]);
};

export const encryptPrivateKeyPem = async (
  crypto: IdentityCryptoPort,
  pkcs8: Uint8Array,
  passphrase: string,
): Promise<string> => {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const iv = crypto.getRandomValues(new Uint8Array(AES_BLOCK_BYTES));
  const key = await deriveAesKey(crypto, passphrase, salt, PBKDF2_ITERATIONS, 'encrypt');
  const encrypted = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-CBC', iv }, key, Uint8Array.from(pkcs8)),
  );
  const info = sequence([
    sequence([
      oid(OID.pbes2),
      sequence([
        sequence([
          oid(OID.pbkdf2),
          sequence([
            octets(salt),
            integer(PBKDF2_ITERATIONS),
            integer(AES_KEY_BYTES),
            sequence([oid(OID.hmacWithSha256), nullValue()]),
          ]),
        ]),
        sequence([oid(OID.aes256Cbc), octets(iv)]),
      ]),
    ]),
    octets(encrypted),
  ]);
  return forge.pki.encryptedPrivateKeyToPem(info);
};

interface Pbes2Parameters {
  readonly salt: Uint8Array<ArrayBuffer>;
  readonly iterations: number;
  readonly iv: Uint8Array<ArrayBuffer>;
  readonly encrypted: Uint8Array<ArrayBuffer>;
}

// Readers for one ASN.1 node each; any mismatch throws and the whole document is refused.
class Asn1ShapeError extends Error {}
const expectSequence = (node: Node | undefined, min: number, max = min): Node[] => {
  if (node?.tagClass !== Class.UNIVERSAL || node.type !== Type.SEQUENCE || !Array.isArray(node.value)) {
    throw new Asn1ShapeError('expected a SEQUENCE');
  }
  if (node.value.length < min || node.value.length > max) {
    throw new Asn1ShapeError('unexpected SEQUENCE length');
  }
  return node.value;
};
const expectPrimitive = (node: Node | undefined, type: forge.asn1.Type): string => {
  if (node?.tagClass !== Class.UNIVERSAL || node.type !== type || typeof node.value !== 'string') {
    throw new Asn1ShapeError(`expected ASN.1 type ${type}`);
  }
  return node.value;
};
const expectOid = (node: Node | undefined, expected: string): void => {
  if (asn1.derToOid(expectPrimitive(node, Type.OID)) !== expected) {
    throw new Asn1ShapeError(`expected OID ${expected}`);
  }
};
const expectSmallInteger = (node: Node | undefined): number => {
  const der = expectPrimitive(node, Type.INTEGER);
  // Four bytes at most, and non-negative: iteration counts and key lengths only.
  if (der.length === 0 || der.length > 4 || der.charCodeAt(0) >= 0x80) {
    throw new Asn1ShapeError('INTEGER out of range');
  }
  return asn1.derToInteger(der);
};

/** Accepts exactly the PBES2 profile this file writes; anything else is refused as malformed. */
const readPbes2 = (pem: string): Pbes2Parameters => {
  const messages = forge.pem.decode(pem);
  const [message] = messages;
  if (messages.length !== 1 || message?.type !== 'ENCRYPTED PRIVATE KEY' || message.procType !== null) {
    throw new Asn1ShapeError('expected one ENCRYPTED PRIVATE KEY block');
  }
  const [algorithm, data] = expectSequence(asn1.fromDer(message.body, true), 2);
  const [schemeOid, schemeParams] = expectSequence(algorithm, 2);
  expectOid(schemeOid, OID.pbes2);
  const [kdf, cipher] = expectSequence(schemeParams, 2);
  const [kdfOid, kdfParams] = expectSequence(kdf, 2);
  expectOid(kdfOid, OID.pbkdf2);
  const [saltNode, iterationsNode, ...optional] = expectSequence(kdfParams, 3, 4);
  const prf = optional.length === 2 ? optional[1] : optional[0];
  if (optional.length === 2 && expectSmallInteger(optional[0]) !== AES_KEY_BYTES) {
    throw new Asn1ShapeError('key length must be 32');
  }
  const [prfOid, ...prfParams] = expectSequence(prf, 1, 2);
  expectOid(prfOid, OID.hmacWithSha256);
  if (prfParams.length === 1) {
    expectPrimitive(prfParams[0], Type.NULL);
  }
  const [cipherOid, ivNode] = expectSequence(cipher, 2);
  expectOid(cipherOid, OID.aes256Cbc);
  const salt = fromBinary(expectPrimitive(saltNode, Type.OCTETSTRING));
  const iterations = expectSmallInteger(iterationsNode);
  const iv = fromBinary(expectPrimitive(ivNode, Type.OCTETSTRING));
  const encrypted = fromBinary(expectPrimitive(data, Type.OCTETSTRING));
  if (salt.length < MIN_SALT_BYTES || iv.length !== AES_BLOCK_BYTES) {
    throw new Asn1ShapeError('bad salt or IV length');
  }
  if (iterations < PBKDF2_ITERATIONS || iterations > MAX_PBKDF2_ITERATIONS) {
    throw new Asn1ShapeError(`PBKDF2 iterations must be ${PBKDF2_ITERATIONS}–${MAX_PBKDF2_ITERATIONS}`);
  }
  if (encrypted.length === 0 || encrypted.length % AES_BLOCK_BYTES !== 0) {
    throw new Asn1ShapeError('ciphertext is not whole AES blocks');
  }
  return { salt, iterations, iv, encrypted };
};

/** A PrivateKeyInfo is a DER SEQUENCE that forge can parse; random bytes behind valid padding are not. */
const isPrivateKeyInfo = (bytes: Uint8Array): boolean => {
  try {
    expectSequence(asn1.fromDer(toBinary(bytes), true), 3, 4);
    return true;
  } catch {
    return false;
  }
};

/**
 * The PKCS#8 private key inside an encrypted PEM. IDENTITY_BACKUP_INVALID for anything but this file's PBES2
 * profile; IDENTITY_WRONG_PASSPHRASE when it does not decrypt (CBC cannot tell a wrong passphrase from damage).
 */
export const decryptPrivateKeyPem = async (
  crypto: IdentityCryptoPort,
  pem: string,
  passphrase: string,
): Promise<Result<Uint8Array>> => {
  let parameters: Pbes2Parameters;
  try {
    if (pem.length > MAX_PEM_CHARS) {
      throw new Asn1ShapeError('too long');
    }
    parameters = readPbes2(pem);
  } catch {
    return fail(
      'IDENTITY_BACKUP_INVALID',
      'a key is not a PBES2 (PBKDF2-SHA256, AES-256-CBC) encrypted private key',
    );
  }
  const key = await deriveAesKey(crypto, passphrase, parameters.salt, parameters.iterations, 'decrypt');
  let plain: Uint8Array;
  try {
    plain = new Uint8Array(
      await crypto.subtle.decrypt({ name: 'AES-CBC', iv: parameters.iv }, key, parameters.encrypted),
    );
  } catch {
    return fail('IDENTITY_WRONG_PASSPHRASE', 'the passphrase does not open this backup');
  }
  return isPrivateKeyInfo(plain)
    ? ok(plain)
    : fail('IDENTITY_WRONG_PASSPHRASE', 'the passphrase does not open this backup');
};
