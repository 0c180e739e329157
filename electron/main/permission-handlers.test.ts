import { describe, expect, it } from 'vitest';
import { installPermissionHandlers } from './permission-handlers';

type RequestHandler = (
  contents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: { requestingUrl: string; isMainFrame: boolean },
) => void;
type CheckHandler = (
  contents: unknown,
  permission: string,
  origin: string,
  details: { isMainFrame: boolean },
) => boolean;

const install = () => {
  const installed: { request?: RequestHandler; check?: CheckHandler } = {};
  const session = {
    setPermissionRequestHandler: (handler: RequestHandler) => void (installed.request = handler),
    setPermissionCheckHandler: (handler: CheckHandler) => void (installed.check = handler),
  };
  installPermissionHandlers(session, 'app://parley');
  const request = (permission: string, requestingUrl: string, isMainFrame = true): boolean => {
    let answer: boolean | undefined;
    installed.request?.(null, permission, (granted) => (answer = granted), { requestingUrl, isMainFrame });
    if (answer === undefined) {
      throw new Error('the request handler never answered');
    }
    return answer;
  };
  const check = (permission: string, origin: string, isMainFrame = true) =>
    installed.check?.(null, permission, origin, { isMainFrame });
  return { request, check };
};

describe('installPermissionHandlers', () => {
  it('answers every request, granting only what the policy allows', () => {
    const { request } = install();
    expect(request('notifications', 'app://parley/index.html')).toBe(true);
    expect(request('media', 'app://parley/index.html')).toBe(false);
    expect(request('notifications', 'https://example.org/')).toBe(false);
    expect(request('notifications', 'app://parley/index.html', false)).toBe(false);
  });

  it('applies the same policy to permission checks', () => {
    const { check } = install();
    expect(check('clipboard-sanitized-write', 'app://parley')).toBe(true);
    expect(check('clipboard-read', 'app://parley')).toBe(false);
    expect(check('notifications', 'https://example.org')).toBe(false);
  });
});
