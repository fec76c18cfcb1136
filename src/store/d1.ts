// D1 failures, told apart from bugs and from the constraints the schema enforces: a failed or timed-out call is
// StoreUnavailableError (503 and Retry-After, like KV's); a broken UNIQUE or FOREIGN KEY constraint is a
// ConstraintError naming it, for the caller to turn into a 409 or a 422.
import { StoreUnavailableError } from './guard'

/** The stores a request reads and writes: article records in KV, the index in D1. */
export interface Stores {
  kv: KVNamespace
  db: D1Database
}

/** A constraint of the schema refused the write; nothing was written (the batch is one transaction). */
export class ConstraintError extends Error {
  override name = 'ConstraintError'
  constructor(
    readonly kind: 'unique' | 'foreign-key',
    message: string,
  ) {
    super(message)
  }
}

function classify(error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error)
  if (/UNIQUE constraint failed/i.test(message)) return new ConstraintError('unique', message)
  if (/FOREIGN KEY constraint failed/i.test(message)) return new ConstraintError('foreign-key', message)
  if (error instanceof StoreUnavailableError) return error
  return new StoreUnavailableError(`D1 failed: ${message}`, { cause: error })
}

/** Runs `statements` as one D1 batch (one transaction, one round trip); failures classified as above. */
export async function batch(db: D1Database, statements: D1PreparedStatement[]): Promise<D1Result<Record<string, unknown>>[]> {
  try {
    return await db.batch<Record<string, unknown>>(statements)
  } catch (error) {
    throw classify(error)
  }
}

/** All rows of one statement. */
export async function all<T>(statement: D1PreparedStatement): Promise<T[]> {
  try {
    return (await statement.all<T>()).results
  } catch (error) {
    throw classify(error)
  }
}

/** Rows read, as D1 bills them, summed over results (the bench reports it). */
export function rowsRead(results: { meta?: { rows_read?: number } }[]): number {
  return results.reduce((sum, r) => sum + (r.meta?.rows_read ?? 0), 0)
}

/** Attempts a write makes when the platform refuses it (KV's one write a second per key, a D1 overload). */
export const WRITE_ATTEMPTS = 4
const FIRST_BACKOFF_MS = 100

/**
 * Runs `write`, retrying a store failure (StoreUnavailableError) with exponential backoff: 100, 200, 400 ms.
 * Constraint errors and bugs are not retried. Every write retried is idempotent (a version's own key; a D1
 * batch that rolled back whole).
 */
export async function withRetry<T>(write: () => Promise<T>, attempts = WRITE_ATTEMPTS): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write()
    } catch (error) {
      if (!(error instanceof StoreUnavailableError) || attempt >= attempts) throw error
      await new Promise((resolve) => setTimeout(resolve, FIRST_BACKOFF_MS * 2 ** (attempt - 1)))
    }
  }
}

const STORES = new WeakMap<object, Stores>()

/** The stores of an environment, made once per environment object. */
export function storesOf(env: { ARTICLES: KVNamespace; DB: D1Database }): Stores {
  let stores = STORES.get(env)
  if (!stores) {
    stores = { kv: env.ARTICLES, db: env.DB }
    STORES.set(env, stores)
  }
  return stores
}
