import { cloudflareTest } from '@cloudflare/vitest-pool-workers'
import { defineConfig } from 'vitest/config'
import { SHIPPED_ALIASES } from './build/aliases'

/** The tests' admin token and public origin, as in vitest.config.ts and tests/helpers.ts. */
const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789'
const TEST_ORIGIN = 'http://nashra.test'

/** `npm run fuzz`: the fuzz file alone, its size, seed and known bugs passed in as bindings. */
const bindings: Record<string, string> = { ADMIN_TOKEN: TEST_ADMIN_TOKEN, PUBLIC_URL: TEST_ORIGIN, FUZZ_RUNS: process.env.FUZZ_RUNS ?? '10000' }
if (process.env.FUZZ_SEED) bindings.FUZZ_SEED = process.env.FUZZ_SEED
if (process.env.FUZZ_BUGS !== undefined) bindings.FUZZ_BUGS = process.env.FUZZ_BUGS

export default defineConfig({
  plugins: [
    cloudflareTest({
      main: './src/index.ts',
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        bindings,
        outboundService: 'upstream',
        workers: [{ name: 'upstream', modules: true, scriptPath: './tests/fixtures/upstream-worker.js', compatibilityDate: '2026-04-20' }],
      },
    }),
  ],
  // The bundle's aliases, as in vitest.config.ts: the fuzz runs what ships.
  resolve: { alias: SHIPPED_ALIASES },
  test: { include: ['tests/fuzz/fuzz.test.ts'], testTimeout: 3_600_000 },
})
