// The first screen a new user sees is onboarding, served under the app's Content-Security-Policy.
import { expect, test } from '../support/fixtures';

test('a new user sees onboarding under a strict Content-Security-Policy', async ({
  openApps,
  signalingServer,
}) => {
  const response = await fetch(signalingServer.httpUrl);
  const csp = response.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-eval');

  const [app] = await openApps('Carol');
  await expect(app.page.getByRole('heading', { name: 'Welcome to Parley' })).toBeVisible();
  // Recorded from before the page loaded: an error thrown while the app starts fails the test too.
  expect(app.pageErrors).toEqual([]);
});
