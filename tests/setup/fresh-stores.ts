// Before each test file: stores as fresh as a new workerd would give it, then migrations/ applied to D1 (as
// `npm start` and a deploy do). The workerd pool runs every file in one Worker (isolate: false in
// vitest.config.ts: one start and one module load instead of one per file), so what the file before left is
// removed here: every D1 table, every KV key, every Cache API entry the Worker stored, this isolate's feed
// memory and purge marks, the audience count's memory, and the local upstream's state.
import { applyD1Migrations } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { resetIsolate as resetAudience } from '../../src/audience/count'
import { freshIsolate } from '../../src/http/feed-cache'

const bindings = env as unknown as { DB: D1Database; ARTICLES: KVNamespace; TEST_MIGRATIONS: Parameters<typeof applyD1Migrations>[1] }

/** Keys the Worker put in the Cache API since the last reset (workerd's Cache has no way to list them). */
const CACHED = Symbol.for('nashra.tests.cachedKeys')
type Tracked = typeof globalThis & { [CACHED]?: Set<string> }
const tracked = globalThis as Tracked
if (!tracked[CACHED]) {
  const keys = new Set<string>()
  tracked[CACHED] = keys
  const put = Cache.prototype.put
  Cache.prototype.put = function (this: Cache, request: RequestInfo | URL, response: Response) {
    keys.add(request instanceof Request ? request.url : String(request))
    return put.call(this, request, response)
  }
}

async function emptyCache(keys: Set<string>): Promise<void> {
  const cache = (caches as unknown as { default: Cache }).default
  await Promise.all([...keys].map((key) => cache.delete(key)))
  keys.clear()
}

/** Drops every table (the FTS5 table takes its shadow tables with it), d1_migrations included. */
async function emptyD1(db: D1Database): Promise<void> {
  const { results } = await db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'")
    .all<{ name: string; sql: string | null }>()
  const virtual = results.filter((t) => /^CREATE VIRTUAL/i.test(t.sql ?? '')).map((t) => t.name)
  const shadow = (name: string) => virtual.some((v) => name.startsWith(`${v}_`))
  const names = [...virtual, ...results.map((t) => t.name).filter((n) => !virtual.includes(n) && !shadow(n))]
  if (names.length === 0) return
  await db.batch([db.prepare('PRAGMA defer_foreign_keys = on'), ...names.map((n) => db.prepare(`DROP TABLE IF EXISTS "${n}"`))])
}

async function emptyKv(kv: KVNamespace): Promise<void> {
  for (;;) {
    const page = await kv.list()
    if (page.keys.length === 0) return
    await Promise.all(page.keys.map((k) => kv.delete(k.name)))
  }
}

await Promise.all([emptyCache(tracked[CACHED]!), emptyD1(bindings.DB), emptyKv(bindings.ARTICLES), fetch('http://upstream.test/__reset?all=1')])
freshIsolate()
resetAudience()
await applyD1Migrations(bindings.DB, bindings.TEST_MIGRATIONS)
