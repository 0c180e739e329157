// The one catalog of error codes used across processes and on the wire (listed in docs/PROTOCOL.md).
export const ERROR_CODES = [
  // Host contract (UI <-> privileged side)
  'HOST_UNKNOWN_METHOD',
  'HOST_INVALID_ARGUMENTS',
  'HOST_FORBIDDEN_SENDER',
  'HOST_INTERNAL',
  // Identity
  'IDENTITY_MISSING',
  'IDENTITY_EXISTS',
  'IDENTITY_VAULT_UNAVAILABLE',
  // Signaling protocol
  'SIGNAL_MALFORMED_FRAME',
  'SIGNAL_NOT_REGISTERED',
  'SIGNAL_AUTH_FAILED',
  'SIGNAL_PEER_OFFLINE',
  'SIGNAL_FRAME_TOO_LARGE',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];
