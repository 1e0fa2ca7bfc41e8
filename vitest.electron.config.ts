import { defineConfig } from 'vitest/config';

// `npm run test:electron`: the desktop app end to end with Playwright's _electron. Needs the
// Electron binary (and a display, e.g. xvfb-run on Linux), so it is not part of `npm test`.
export default defineConfig({
  test: {
    include: ['test/electron/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    environment: 'node',
    testTimeout: 90_000,
    hookTimeout: 120_000,
    maxWorkers: 1,
  },
});
