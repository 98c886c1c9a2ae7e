import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'core/**/*.test.ts',
      'electron/**/*.test.ts',
      'cli/**/*.test.ts',
      'renderer/**/*.test.{ts,tsx}',
      'build/**/*.test.ts',
      'scripts/**/*.test.ts',
    ],
    environment: 'node',
  },
});
