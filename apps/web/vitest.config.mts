import { defineConfig } from 'vitest/config';

/** Component and logic tests of apps/web (`*.test.ts(x)` beside the code), in happy-dom. */
export default defineConfig({
  root: import.meta.dirname,
  oxc: { jsx: { runtime: 'automatic' } },
  test: { environment: 'happy-dom', include: ['src/**/*.test.{ts,tsx}'] },
});
