import { defineConfig } from 'vitest/config'
import { SHIPPED_ALIASES } from './build/aliases'
import { WORKERD_TEST, workerPool } from './vitest.config'

/** `npm run fuzz`: the fuzz file alone, its size, seed and known bugs passed in as bindings. */
const bindings: Record<string, string> = { FUZZ_RUNS: process.env.FUZZ_RUNS ?? '10000' }
if (process.env.FUZZ_SEED) bindings.FUZZ_SEED = process.env.FUZZ_SEED
if (process.env.FUZZ_BUGS !== undefined) bindings.FUZZ_BUGS = process.env.FUZZ_BUGS

export default defineConfig({
  plugins: [workerPool(bindings)],
  // The bundle's aliases, as in vitest.config.ts: the fuzz runs what ships.
  resolve: { alias: SHIPPED_ALIASES },
  test: { ...WORKERD_TEST, include: ['tests/fuzz/fuzz.test.ts'], testTimeout: 3_600_000 },
})
