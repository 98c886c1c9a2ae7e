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
    // Run through vitest rather than Node, so its `import 'electron'` reaches electron/testing/fake-electron.ts.
    server: { deps: { inline: ['electron-store'] } },
  },
});
