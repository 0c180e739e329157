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
  readonly name: 'RSA-PSS';
  readonly modulusLength: number;
  readonly publicExponent: Uint8Array;
  readonly hash: 'SHA-256';
}

type BinarySource = Uint8Array<ArrayBuffer>;

export interface SubtleCryptoPort {
  generateKey(
    algorithm: RsaPssKeyGenParams,
    extractable: boolean,
    keyUsages: ('sign' | 'verify')[],
  ): Promise<CryptoKeyPairHandle>;
  exportKey(format: 'spki' | 'pkcs8', key: CryptoKeyHandle): Promise<ArrayBuffer>;
  importKey(
    format: 'spki' | 'pkcs8',
    keyData: BinarySource,
    algorithm: { readonly name: 'RSA-PSS'; readonly hash: 'SHA-256' },
    extractable: boolean,
    keyUsages: ('sign' | 'verify')[],
  ): Promise<CryptoKeyHandle>;
  sign(
    algorithm: { readonly name: 'RSA-PSS'; readonly saltLength: number },
    key: CryptoKeyHandle,
    data: BinarySource,
  ): Promise<ArrayBuffer>;
  verify(
    algorithm: { readonly name: 'RSA-PSS'; readonly saltLength: number },
    key: CryptoKeyHandle,
    signature: BinarySource,
    data: BinarySource,
  ): Promise<boolean>;
  digest(algorithm: 'SHA-256', data: BinarySource): Promise<ArrayBuffer>;
}

export interface WebCryptoPort {
  readonly subtle: SubtleCryptoPort;
  getRandomValues<T extends Uint8Array<ArrayBuffer>>(array: T): T;
}
