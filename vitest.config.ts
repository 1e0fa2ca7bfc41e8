import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The Electron end-to-end tests need the Electron binary: `npm run test:electron` runs them.
    exclude: ['**/node_modules/**', 'test/electron/**'],
    globalSetup: ['test/global-setup.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests each start a real server on their own temp database; 2 cores here.
    maxWorkers: 2,
  },
});
