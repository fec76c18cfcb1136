// Counting and fault-injecting wrappers of the two stores a request uses: KV (article records) and D1 (the index).
// A feed's cost is told in the units the platform bills: D1 round trips and rows read, KV operations and keys read.
import { testEnv } from './helpers'

export interface StoreCounts {
  kv: { get: number; keys: number; list: number; put: number; delete: number; getWithMetadata: number }
  /** batches: db.batch calls; queries: statements run on their own (all, first, run, raw); rowsRead: as D1 bills them. */
  d1: { batches: number; queries: number; statements: number; rowsRead: number }
}

/** Runs before a D1 call: `op` 'batch' (its statements' SQL) or 'query' (one statement); it may throw or hold. */
export type D1Hook = (op: 'batch' | 'query', sql: string[]) => void | Promise<void>

function emptyCounts(): StoreCounts {
  return { kv: { get: 0, keys: 0, list: 0, put: 0, delete: 0, getWithMetadata: 0 }, d1: { batches: 0, queries: 0, statements: 0, rowsRead: 0 } }
}

function rowsOf(result: unknown): number {
  const meta = (result as { meta?: { rows_read?: number } } | null)?.meta
  return meta?.rows_read ?? 0
}

/** Wraps a D1 database: `hook` sees every round trip first, `counts` (when given) adds it up. */
export function hookedD1(db: D1Database, hook: D1Hook = () => undefined, counts?: StoreCounts['d1']): D1Database {
  const sqlOf = new WeakMap<object, string>()
  // The statements stay D1's own objects (batch takes only those): their methods are replaced on the instance.
  const patch = (statement: D1PreparedStatement, sql: string): D1PreparedStatement => {
    sqlOf.set(statement, sql)
    const bind = statement.bind.bind(statement)
    Object.defineProperty(statement, 'bind', { value: (...values: unknown[]) => patch(bind(...values), sql), configurable: true })
    for (const method of ['all', 'first', 'run', 'raw'] as const) {
      const original = (statement[method] as (...a: unknown[]) => Promise<unknown>).bind(statement)
      Object.defineProperty(statement, method, {
        configurable: true,
        value: async (...args: unknown[]) => {
          await hook('query', [sql])
          const result = await original(...args)
          if (counts) {
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

/** Wraps a KV namespace counting each operation, and the keys a get reads (a bulk get bills one read per key). */
export function countedKv(kv: KVNamespace, counts: StoreCounts['kv']): KVNamespace {
  return new Proxy(kv, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown
      if (typeof value !== 'function') return value
      return (...args: unknown[]) => {
        if (typeof prop === 'string' && prop in counts && prop !== 'keys') counts[prop as Exclude<keyof StoreCounts['kv'], 'keys'>]++
        if (prop === 'get' || prop === 'getWithMetadata') counts.keys += Array.isArray(args[0]) ? args[0].length : 1
        return (value as (...a: unknown[]) => unknown).apply(target, args)
      }
    },
  })
}

/** Bindings whose KV and D1 are counted; `counts` fills as the Worker uses them. */
export function countingStores(bindings: Env = testEnv): { env: Env; counts: StoreCounts } {
  const counts = emptyCounts()
  return { env: { ...bindings, ARTICLES: countedKv(bindings.ARTICLES, counts.kv), DB: hookedD1(bindings.DB, undefined, counts.d1) }, counts }
}

/** D1 round trips (batches and lone statements). */
export function d1Calls(counts: StoreCounts): number {
  return counts.d1.batches + counts.d1.queries
}

/** KV operations of every kind. */
export function kvOps(counts: StoreCounts): number {
  const { get, list, put, delete: del, getWithMetadata } = counts.kv
  return get + list + put + del + getWithMetadata
}

/** Bindings whose D1 is wrapped by `hook`. */
export function withD1(hook: D1Hook, bindings: Env = testEnv): Env {
  return { ...bindings, DB: hookedD1(bindings.DB, hook) }
}
