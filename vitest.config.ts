import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers'
import { readFile, readdir } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { type Plugin, defineConfig } from 'vitest/config'
import { SHIPPED_ALIASES } from './build/aliases'
import { decodeDocument } from './src/ingest/decode'
import { corpusHeader, fingerprint } from './tests/ingest/feedparser-corpus'

const CORPUS = './tests/fixtures/feedparser'
const CORPUS_MODULE = 'virtual:feedparser-corpus'

/**
 * `import corpus from 'virtual:feedparser-corpus'`: Universal Feed Parser's corpus files as bytes (base64 by
 * path), for tests inside workerd, which has no file system (Vite's `?raw` would read them as UTF-8 and so
 * break the very encodings they test); and how Node decoded each (`node`), so a test in workerd can show that
 * both runtimes read every file alike.
 */
function feedparserCorpus(): Plugin {
  return {
    name: 'feedparser-corpus',
    resolveId: (id) => (id === CORPUS_MODULE ? `\0${CORPUS_MODULE}` : undefined),
    async load(id) {
      if (id !== `\0${CORPUS_MODULE}`) return undefined
      const files = (await readdir(CORPUS, { recursive: true })).filter((f) => /\.(xml|json)$/.test(f)).sort()
      const read = await Promise.all(files.map(async (f) => [relative(CORPUS, join(CORPUS, f)), new Uint8Array(await readFile(join(CORPUS, f)))] as const))
      const node = read.map(([file, bytes]) => {
        const type = corpusHeader(Buffer.from(bytes.subarray(0, 4_000)).toString('latin1')).headers['content-type']
        return [file, fingerprint(decodeDocument(bytes, { contentType: type }))]
      })
      const base64 = read.map(([file, bytes]) => [file, Buffer.from(bytes).toString('base64')])
      return `export default ${JSON.stringify({ files: Object.fromEntries(base64), node: Object.fromEntries(node) })}`
    },
  }
}

/**
 * How every workerd test config runs its files: one Worker (one workerd start, one module load) for all of
 * them, in turn, each starting from empty stores (tests/setup/fresh-stores.ts): a file's storage is its own, as
 * with a Worker per file, without the ~5 s a Worker per file cost. No test races vitest's 5 s default: a
 * test's real work gets 2 minutes (hooks too), and a test that does more says so with its own timeout.
 */
export const WORKERD_TEST = {
  setupFiles: ['./tests/setup/fresh-stores.ts'],
  isolate: false,
  maxWorkers: 1,
  testTimeout: 120_000,
  hookTimeout: 120_000,
}

/** The admin token the tests use; .dev.vars is not read here, so a developer's own token never leaks in. */
export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789'

/**
 * The Worker in workerd with local KV, as every workerd test config runs it (this one and vitest.fuzz.config.ts).
 * The tests' origin (tests/helpers.ts ORIGIN) is the configured public origin, as in production; the development
 * case (no PUBLIC_URL: loopback only) is tested by overriding it per call.
 */
export async function workerPool(extra: Record<string, string> = {}) {
  // The schema in migrations/, applied to each test file's emptied D1 by tests/setup/fresh-stores.ts.
  const migrations = await readD1Migrations('./migrations')
  return cloudflareTest({
    main: './src/index.ts',
    wrangler: { configPath: './wrangler.toml' },
    miniflare: {
      // An archive document bound of 200 (wrangler.toml deploys 100: a document's CPU; tests that split a month set
      // a lower one per call).
      // The audience count is off but in its own tests (tests/audience/), which turn it on per call: the other tests
      // count D1 round trips and inject D1 faults, and a flush would be one more.
      bindings: { ADMIN_TOKEN: TEST_ADMIN_TOKEN, PUBLIC_URL: 'http://nashra.test', ARCHIVE_MAX_ITEMS: '200', AUDIENCE: 'off', AUDIENCE_SECRET: 'test-audience-secret', TEST_MIGRATIONS: migrations, ...extra },
      // Every outbound fetch goes to a local upstream: tests never reach an outside address.
      outboundService: 'upstream',
      workers: [{ name: 'upstream', modules: true, scriptPath: './tests/fixtures/upstream-worker.js', compatibilityDate: '2026-04-20' }],
    },
  })
}

export default defineConfig({
  plugins: [workerPool(), feedparserCorpus()],
  // The bundle's aliases (wrangler.toml [alias]): the tests run the zod and the entity decoder that ship.
  resolve: { alias: SHIPPED_ALIASES },
  // Browser tests and *.node.test.ts run in Node (vitest.browser.config.ts); everything else inside workerd.
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/browser/**', 'tests/**/*.node.test.ts', 'node_modules/**'],
    ...WORKERD_TEST,
  },
})
