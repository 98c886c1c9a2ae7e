import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'core/**/*.test.ts',
      'electron/**/*.test.ts',
      'cli/**/*.test.ts',
      'node/**/*.test.ts',
      'scripts/**/*.test.ts',
      'renderer/**/*.test.{ts,tsx}',
      'build/**/*.test.ts',
    ],
    environment: 'node',
    // A timeout catches a hang, it measures nothing: the machines these run on are shared, and a
    // property test that takes 3 s on a quiet one has been seen to pass 5 s under load.
    testTimeout: 30_000,
    // Run through vitest rather than Node, so its `import 'electron'` reaches electron/testing/fake-electron.ts.
    server: { deps: { inline: ['electron-store'] } },
  },
});
