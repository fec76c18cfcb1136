// Before each test file: stores as fresh as a new workerd would give it, with migrations/ applied to D1 (as
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

/** The schema as sqlite_master has it: every table, index and trigger, by name and SQL. */
async function schemaOf(db: D1Database): Promise<string> {
  const { results } = await db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE '_cf_%' ORDER BY type, name").all<{ type: string; name: string; sql: string | null }>()
  return results.map((r) => `${r.type} ${r.name} ${r.sql ?? ''}`).join('\n')
}

/** The schema migrations/ gave the first file's empty D1 (kept across files: the pool runs them in one isolate). */
const MIGRATED = Symbol.for('nashra.tests.migratedSchema')
type Migrated = typeof globalThis & { [MIGRATED]?: string }

/**
 * D1 as migrations/ leave an empty database. When the schema is still exactly what the migrations made, its rows
 * are deleted (the FTS5 table's through the table itself, AUTOINCREMENT counters too): a few milliseconds. Else
 * (the first file, or a file that changed the schema) every table is dropped, d1_migrations included, and the
 * migrations are applied again: about a quarter of a second.
 */
async function freshD1(db: D1Database, migrations: Parameters<typeof applyD1Migrations>[1]): Promise<void> {
  const memory = globalThis as Migrated
  const { results } = await db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'")
    .all<{ name: string; sql: string | null }>()
  const virtual = results.filter((t) => /^CREATE VIRTUAL/i.test(t.sql ?? '')).map((t) => t.name)
  const shadow = (name: string) => virtual.some((v) => name.startsWith(`${v}_`))
  const names = [...virtual, ...results.map((t) => t.name).filter((n) => !virtual.includes(n) && !shadow(n))]
  if (memory[MIGRATED] !== undefined && memory[MIGRATED] === (await schemaOf(db))) {
    const sequence = (await db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").first()) !== null
    const rows = names.filter((n) => n !== 'd1_migrations').map((n) => db.prepare(`DELETE FROM "${n}"`))
    await db.batch([db.prepare('PRAGMA defer_foreign_keys = on'), ...rows, ...(sequence ? [db.prepare("DELETE FROM sqlite_sequence WHERE name != 'd1_migrations'")] : [])])
    return
  }
  if (names.length > 0) await db.batch([db.prepare('PRAGMA defer_foreign_keys = on'), ...names.map((n) => db.prepare(`DROP TABLE IF EXISTS "${n}"`))])
  await applyD1Migrations(db, migrations)
  memory[MIGRATED] = await schemaOf(db)
}

async function emptyKv(kv: KVNamespace): Promise<void> {
  for (;;) {
    const page = await kv.list()
    if (page.keys.length === 0) return
    await Promise.all(page.keys.map((k) => kv.delete(k.name)))
  }
}

await Promise.all([emptyCache(tracked[CACHED]!), freshD1(bindings.DB, bindings.TEST_MIGRATIONS), emptyKv(bindings.ARTICLES), fetch('http://upstream.test/__reset?all=1')])
freshIsolate()
resetAudience()
