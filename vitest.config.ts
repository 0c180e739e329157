// Unit and integration tests (Vitest) live beside the code they test; e2e journeys are Playwright's (e2e/).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{shared,electron,renderer,signaling-server,eslint,scripts,e2e}/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 30_000,
  },
});
