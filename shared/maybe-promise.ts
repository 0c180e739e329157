// Values ready at once on some platforms and later on others: node:crypto's AES-GCM answers synchronously,
// WebCrypto's with a promise. Callers branch on `isPromise` so the synchronous path makes no promise hops.
export type MaybePromise<T> = T | Promise<T>;

export const isPromise = <T>(value: MaybePromise<T>): value is Promise<T> => value instanceof Promise;
