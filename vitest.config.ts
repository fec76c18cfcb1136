import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers'
import { defineConfig } from 'vitest/config'
import { SHIPPED_ALIASES } from './build/aliases'

/** The admin token the tests use; .dev.vars is not read here, so a developer's own token never leaks in. */
export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789'

/**
 * The Worker in workerd with local KV, as every workerd test config runs it (this one and vitest.fuzz.config.ts).
 * The tests' origin (tests/helpers.ts ORIGIN) is the configured public origin, as in production; the development
 * case (no PUBLIC_URL: loopback only) is tested by overriding it per call.
 */
export async function workerPool(extra: Record<string, string> = {}) {
  // The schema in migrations/, applied to each test file's D1 by tests/setup/migrations.ts.
  const migrations = await readD1Migrations('./migrations')
  return cloudflareTest({
    main: './src/index.ts',
    wrangler: { configPath: './wrangler.toml' },
    miniflare: {
      // A small archive document bound, so that tests split a month without writing thousands of articles.
      bindings: { ADMIN_TOKEN: TEST_ADMIN_TOKEN, PUBLIC_URL: 'http://nashra.test', ARCHIVE_MAX_ITEMS: '200', TEST_MIGRATIONS: migrations, ...extra },
      // Every outbound fetch goes to a local upstream: tests never reach an outside address.
      outboundService: 'upstream',
      workers: [{ name: 'upstream', modules: true, scriptPath: './tests/fixtures/upstream-worker.js', compatibilityDate: '2026-04-20' }],
    },
  })
}

export default defineConfig({
  plugins: [workerPool()],
  // The bundle's aliases (wrangler.toml [alias]): the tests run the zod and the entity decoder that ship.
  resolve: { alias: SHIPPED_ALIASES },
  // Browser tests and *.node.test.ts run in Node (vitest.browser.config.ts); everything else inside workerd.
  test: { setupFiles: ['./tests/setup/migrations.ts'], include: ['tests/**/*.test.ts'], exclude: ['tests/browser/**', 'tests/**/*.node.test.ts', 'node_modules/**'] },
})
