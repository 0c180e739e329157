// The browser host's services: the shared ones, with every change to the identity taking its turn across tabs.
// Each tab runs its own host Worker, so its own identity service, whose queue orders that tab's calls only; but
// all share one IndexedDB vault, where creating or restoring is "is it empty?" then "store this one", and
// another tab's save could fall between the two, one identity silently replacing the other. A Web Lock of the
// origin around each change, check included, makes the later one find the vault taken (IDENTITY_EXISTS).
import type { HostServices } from '../../../shared/host/host-contract';
import {
  createHostServices,
  createPrivilegedServices,
  type HostPorts,
} from '../../../shared/host/host-services';
import type { IdentityService } from '../../../shared/identity/identity-service';

export const IDENTITY_VAULT_LOCK = 'parley-identity-vault';

/** `identity` with its vault-changing calls run one at a time among every tab of the origin. */
export const lockIdentityChanges = (
  identity: IdentityService,
  locks: LockManager | undefined,
): IdentityService => {
  if (!locks) {
    // No Web Locks (engines older than 2022): each tab's own queue, as before.
    return identity;
  }
  const alone = <T>(change: () => Promise<T>): Promise<T> => locks.request(IDENTITY_VAULT_LOCK, change);
  // A double click still makes one attempt (the service's own sharing would not see a second that waits here).
  let creating: ReturnType<IdentityService['create']> | null = null;
  return {
    ...identity,
    create(displayName, options) {
      creating ??= alone(() => identity.create(displayName, options)).finally(() => {
        creating = null;
      });
      return creating;
    },
    unlock: (passphrase) => alone(() => identity.unlock(passphrase)),
    restoreBackup: (request) => alone(() => identity.restoreBackup(request)),
    rename: (displayName) => alone(() => identity.rename(displayName)),
  };
};

export const createBrowserHostServices = (ports: HostPorts, locks: LockManager | undefined): HostServices => {
  // Other privileged code (the session layer) only reads the identity: it shares the service unlocked.
  const privileged = createPrivilegedServices(ports);
  return createHostServices(ports, {
    ...privileged,
    identity: lockIdentityChanges(privileged.identity, locks),
  });
};
