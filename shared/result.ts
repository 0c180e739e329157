// Results cross every boundary (IPC, Worker RPC, the wire) as plain values: nothing is thrown across them.
import type { ErrorCode } from './errors';

export interface Failure {
  readonly code: ErrorCode;
  readonly message: string;
}

export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: Failure };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export const fail = (code: ErrorCode, message: string): { readonly ok: false; readonly error: Failure } => ({
  ok: false,
  error: { code, message },
});
