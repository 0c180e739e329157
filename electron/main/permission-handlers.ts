// Installs the permission policy on a session, for both permission requests and permission checks.
import type { Session } from 'electron';
import { isPermissionGranted } from './permission-policy';

export const installPermissionHandlers = (
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>,
  appOrigin: string,
): void => {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(
      isPermissionGranted(
        {
          permission,
          requestingUrl: details.requestingUrl,
          isMainFrame: details.isMainFrame,
          ...('mediaTypes' in details && details.mediaTypes ? { mediaTypes: details.mediaTypes } : {}),
        },
        appOrigin,
      ),
    );
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    isPermissionGranted(
      { permission, requestingUrl: requestingOrigin, isMainFrame: details.isMainFrame },
      appOrigin,
    ),
  );
};
