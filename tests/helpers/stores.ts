// The two stores a request uses, wrapped for tests: KV (article records) and D1 (the index). A hook sees each
// operation first (to fail it or hold it); counts add up what a request cost in the units the platform bills:
// D1 round trips and rows read (meta.rows_read), KV operations and keys read (a bulk get bills one per key).
import { env } from 'cloudflare:workers'

const testEnv = env as unknown as Env

export interface KvCounts {
  get: number
  /** Keys read: one per key of a bulk get. */
  keys: number
  list: number
  put: number
  delete: number
  getWithMetadata: number
}

export interface D1Counts {
  /** Round trips: batches and statements run alone. */
  calls: number
  batches: number
  /** Statements run alone (all, run, raw). */
  queries: number
  statements: number
  rowsRead: number
}

export interface StoreCounts {
  kv: KvCounts
  d1: D1Counts
}

/** Runs before a KV operation (`op` is the method, `key` its first key); it may throw, or hold the operation. */
export type KvHook = (op: string, key: string) => void | Promise<void>

/** Runs before a D1 round trip: a batch (its statements' SQL) or one statement run alone. May throw or hold. */
export type D1Hook = (op: 'batch' | 'query', sql: string[]) => void | Promise<void>

function emptyCounts(): StoreCounts {
  return {
    kv: { get: 0, keys: 0, list: 0, put: 0, delete: 0, getWithMetadata: 0 },
    d1: { calls: 0, batches: 0, queries: 0, statements: 0, rowsRead: 0 },
  }
}

function rowsOf(result: unknown): number {
  return (result as { meta?: { rows_read?: number } } | null)?.meta?.rows_read ?? 0
}

/**
 * `kv` with `hook` run before each operation, and `counts` (when given) added up. A method's first argument
 * names the key: a bulk get is named by its first key.
 */
export function hookedKv(kv: KVNamespace, hook: KvHook = () => undefined, counts?: KvCounts): KVNamespace {
  return new Proxy(kv, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown
      if (typeof value !== 'function') return value
      return async (...args: unknown[]) => {
        const first = args[0]
        const key = typeof first === 'string' ? first : Array.isArray(first) ? String(first[0]) : JSON.stringify(first ?? null)
        await hook(String(prop), key)
        if (counts) {
          if (typeof prop === 'string' && prop in counts && prop !== 'keys') counts[prop as Exclude<keyof KvCounts, 'keys'>]++
          if (prop === 'get' || prop === 'getWithMetadata') counts.keys += Array.isArray(first) ? first.length : 1
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args)
      }
    },
  })
}

/**
 * `db` with `hook` run before each round trip, and `counts` (when given) added up after it. D1's batch takes
 * only its own statement objects, so statements are not proxied: their methods are replaced on the instance.
 */
export function hookedD1(db: D1Database, hook: D1Hook = () => undefined, counts?: D1Counts): D1Database {
  const sqlOf = new WeakMap<object, string>()
  const patch = (statement: D1PreparedStatement, sql: string): D1PreparedStatement => {
    sqlOf.set(statement, sql)
    const bind = statement.bind.bind(statement)
    Object.defineProperty(statement, 'bind', { configurable: true, value: (...values: unknown[]) => patch(bind(...values), sql) })
    for (const method of ['all', 'run', 'raw', 'first'] as const) {
      const original = (statement[method] as (...a: unknown[]) => Promise<unknown>).bind(statement)
      Object.defineProperty(statement, method, {
        configurable: true,
        value: async (...args: unknown[]) => {
          await hook('query', [sql])
          // first() answers a row without meta: the rows it read could not be counted.
          if (counts && method === 'first') throw new Error('first() reports no rows_read: count with all()')
          const result = await original(...args)
          if (counts) {
            counts.calls++
            counts.queries++
            counts.statements++
            counts.rowsRead += rowsOf(result)
          }
          return result
        },
      })
    }
    return statement
  }
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'prepare') return (sql: string) => patch(target.prepare(sql), sql)
      if (prop === 'batch') {
        return async (statements: D1PreparedStatement[]) => {
          await hook('batch', statements.map((s) => sqlOf.get(s) ?? '?'))
          const results = await target.batch(statements)
          if (counts) {
            counts.calls++
            counts.batches++
            counts.statements += statements.length
            counts.rowsRead += results.reduce((sum, r) => sum + rowsOf(r), 0)
          }
          return results
        }
      }
      const value = Reflect.get(target, prop, target) as unknown
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
    },
  })
}

/** Bindings whose KV is wrapped by `hook`. */
export function withKv(hook: KvHook, bindings: Env = testEnv): Env {
  return { ...bindings, ARTICLES: hookedKv(bindings.ARTICLES, hook) }
}

/** Bindings whose D1 is wrapped by `hook`. */
export function withD1(hook: D1Hook, bindings: Env = testEnv): Env {
  return { ...bindings, DB: hookedD1(bindings.DB, hook) }
}

/** Bindings whose KV and D1 are counted; `counts` fills as the Worker uses them. */
export function countingStores(bindings: Env = testEnv): { env: Env; counts: StoreCounts } {
  const counts = emptyCounts()
  return { env: { ...bindings, ARTICLES: hookedKv(bindings.ARTICLES, undefined, counts.kv), DB: hookedD1(bindings.DB, undefined, counts.d1) }, counts }
}

/** D1 round trips (batches and lone statements). */
export function d1Calls(counts: StoreCounts): number {
  return counts.d1.calls
}

/** KV operations of every kind. */
export function kvOps(counts: StoreCounts): number {
  const { get, list, put, delete: del, getWithMetadata } = counts.kv
  return get + list + put + del + getWithMetadata
}

/** The article's index row count and its records in KV (every version's key): what a write left behind. */
export async function storedState(id: string): Promise<{ rows: number; records: string[] }> {
  const row = await testEnv.DB.prepare('SELECT count(*) AS n FROM articles WHERE id = ?').bind(id).all<{ n: number }>()
  const records = await testEnv.ARTICLES.list({ prefix: `v2/article/${id}/` })
  return { rows: row.results[0]!.n, records: records.keys.map((k) => k.name) }
}
