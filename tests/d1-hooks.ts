// D1 wrapped for tests: a hook that sees each round trip first (to fail or hold it) and a count of the rows D1
// bills as read (meta.rows_read). D1's batch takes only its own statement objects, so statements are not proxied:
// their methods are replaced on the instance.
import { testEnv } from './helpers'

/** Runs before a D1 round trip: a batch (its statements' SQL) or one statement run alone. May throw or hold. */
export type D1Hook = (op: 'batch' | 'query', sql: string[]) => void | Promise<void>

export interface D1Counts {
  /** Round trips: batches and statements run alone. */
  calls: number
  rowsRead: number
}

function rowsOf(result: unknown): number {
  return (result as { meta?: { rows_read?: number } } | null)?.meta?.rows_read ?? 0
}

/** `db` with `hook` run before each round trip, and `counts` (when given) summed after it. */
export function hookedDb(db: D1Database, hook: D1Hook = () => undefined, counts?: D1Counts): D1Database {
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
          if (counts && method === 'first') throw new Error('first() reports no rows_read: count with all()')
          const result = await original(...args)
          if (counts) {
            counts.calls++
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

/** Bindings whose D1 is wrapped by `hook`. */
export function withDb(hook: D1Hook, bindings: Env = testEnv): Env {
  return { ...bindings, DB: hookedDb(bindings.DB, hook) }
}

/** The article's index row count and its records in KV (every version's key): what a write left behind. */
export async function storedState(id: string): Promise<{ rows: number; records: string[] }> {
  const row = await testEnv.DB.prepare('SELECT count(*) AS n FROM articles WHERE id = ?').bind(id).all<{ n: number }>()
  const records = await testEnv.ARTICLES.list({ prefix: `v2/article/${id}/` })
  return { rows: row.results[0]!.n, records: records.keys.map((k) => k.name) }
}
