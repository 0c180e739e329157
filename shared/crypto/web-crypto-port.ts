// The slice of WebCrypto the core uses. shared/ compiles without DOM or Node types, so the port is spelled out
// here; browsers, Workers and Node (globalThis.crypto) all satisfy it structurally.
export interface CryptoKeyHandle {
  readonly type: string;
  readonly extractable: boolean;
}

export interface CryptoKeyPairHandle {
  readonly publicKey: CryptoKeyHandle;
  readonly privateKey: CryptoKeyHandle;
}

export interface RsaPssKeyGenParams {
  readonly name: 'RSA-PSS' | 'RSA-OAEP';
  readonly modulusLength: number;
  readonly publicExponent: Uint8Array;
  readonly hash: 'SHA-256';
}

export type KeyUsageName = 'sign' | 'verify' | 'encrypt' | 'decrypt' | 'wrapKey' | 'unwrapKey' | 'deriveBits';

type BinarySource = Uint8Array<ArrayBuffer>;

/** Algorithm parameters are plain objects named by `name`; WebCrypto itself checks the rest. */
export interface AlgorithmParams {
  readonly name: string;
  readonly [parameter: string]: unknown;
}

export interface SubtleCryptoPort {
  generateKey(
    algorithm: RsaPssKeyGenParams,
    extractable: boolean,
    keyUsages: KeyUsageName[],
  ): Promise<CryptoKeyPairHandle>;
  // WebCrypto's typings cannot tell that X25519 always yields a pair; callers check.
  generateKey(
    algorithm: { readonly name: 'X25519' },
    extractable: boolean,
    keyUsages: KeyUsageName[],
  ): Promise<CryptoKeyPairHandle | CryptoKeyHandle>;
  exportKey(format: 'spki' | 'pkcs8' | 'raw', key: CryptoKeyHandle): Promise<ArrayBuffer>;
  importKey(
    format: 'spki' | 'pkcs8' | 'raw',
    keyData: BinarySource,
    algorithm: AlgorithmParams,
    extractable: boolean,
    keyUsages: KeyUsageName[],
  ): Promise<CryptoKeyHandle>;
  sign(algorithm: AlgorithmParams, key: CryptoKeyHandle, data: BinarySource): Promise<ArrayBuffer>;
  verify(
    algorithm: AlgorithmParams,
    key: CryptoKeyHandle,
    signature: BinarySource,
    data: BinarySource,
  ): Promise<boolean>;
  digest(algorithm: 'SHA-256' | 'SHA-512', data: BinarySource): Promise<ArrayBuffer>;
  deriveBits(
    algorithm: { readonly name: 'X25519'; readonly public: CryptoKeyHandle },
    baseKey: CryptoKeyHandle,
    length: number,
  ): Promise<ArrayBuffer>;
  // Two overloads, not a union: Node's and the DOM's typings declare X25519 and HKDF in separate overloads, and
  // only matching overloads keep the platforms' objects assignable to this port.
  deriveBits(
    // eslint-disable-next-line @typescript-eslint/unified-signatures
    algorithm: {
      readonly name: 'HKDF';
      readonly hash: 'SHA-256';
      readonly salt: BinarySource;
      readonly info: BinarySource;
    },
    baseKey: CryptoKeyHandle,
    length: number,
  ): Promise<ArrayBuffer>;
  encrypt(algorithm: AlgorithmParams, key: CryptoKeyHandle, data: BinarySource): Promise<ArrayBuffer>;
  decrypt(algorithm: AlgorithmParams, key: CryptoKeyHandle, data: BinarySource): Promise<ArrayBuffer>;
}

export interface WebCryptoPort {
  readonly subtle: SubtleCryptoPort;
  getRandomValues<T extends Uint8Array<ArrayBuffer>>(array: T): T;
}
