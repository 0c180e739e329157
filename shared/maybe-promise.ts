// Values ready at once on some platforms and later on others: node:crypto's AES-GCM answers synchronously,
// WebCrypto's with a promise. Chaining through `thenMaybe` keeps the synchronous path free of promise hops.
export type MaybePromise<T> = T | Promise<T>;

export const isPromise = <T>(value: MaybePromise<T>): value is Promise<T> => value instanceof Promise;

/** `next(value)` now when `value` is ready, or once it resolves. */
export const thenMaybe = <T, U>(
  value: MaybePromise<T>,
  next: (ready: T) => MaybePromise<U>,
): MaybePromise<U> => (isPromise(value) ? value.then(next) : next(value));
