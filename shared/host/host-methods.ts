// The host contract's method names and IPC channels, free of schema code so the sandboxed preload bundle stays
// tiny. host-contract.ts is checked against this list at compile time: neither can drift from the other.
export const HOST_METHODS = [
  'getAppInfo',
  'getVaultStatus',
  'getIdentity',
  'createIdentity',
  'unlockIdentity',
  'exportIdentityBackup',
  'restoreIdentityBackup',
  'renameIdentity',
  'signSignalingChallenge',
  'sealSignal',
  'openSignal',
  'getSettings',
  'updateSettings',
  'showNotification',
  'getSafetyNumber',
  'setUnreadCount',
  'sessionBegin',
  'sessionHandshake',
  'sessionSeal',
  'sessionOpen',
  'sessionEnd',
] as const;

export type HostMethod = (typeof HOST_METHODS)[number];

/** The IPC channel the privileged side sends host events on (shared/host/host-events.ts holds their schema). */
export const HOST_EVENT_CHANNEL = 'parley:host-event';

/** The IPC channel of a method; no channel string is written anywhere else. */
export const hostChannel = (method: HostMethod): string => `parley:host:${method}`;

export const isHostMethod = (name: unknown): name is HostMethod =>
  typeof name === 'string' && (HOST_METHODS as readonly string[]).includes(name);
