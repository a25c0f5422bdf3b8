import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'parsers/**/*.test.ts', 'engine/**/*.test.ts', 'rules/**/*.test.ts', 'cli/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
  },
});
