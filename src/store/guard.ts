// KV failures, told apart from bugs: every KV call a request makes goes through guardKv, so a KV error or time-out
// surfaces as StoreUnavailableError, which the app answers with 503 and Retry-After (never a 500): the client
// tries again, and the write path is ordered so that a retry completes whatever a failure interrupted.

/** KV failed or timed out; the request may be repeated. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError'
}

/**
 * What the feed cache (http/feed-cache.ts Faults) treats as a store fault, answered with the last good bytes, and
 * the fault a read of KV or D1 still unfinished after its deadline counts as.
 */
export const STORE_FAULTS: { isFault: (error: unknown) => boolean; timeout: (deadlineMs: number) => Error } = {
  isFault: (error) => error instanceof StoreUnavailableError,
  timeout: (deadlineMs) => new StoreUnavailableError(`storage (KV or D1) did not answer within ${deadlineMs} ms`),
}

const METHODS = ['get', 'getWithMetadata', 'put', 'delete', 'list'] as const

/** `kv` with every operation's failure rethrown as StoreUnavailableError. */
export function guardKv(kv: KVNamespace): KVNamespace {
  const guarded: Record<string, unknown> = {}
  for (const method of METHODS) {
    const original = (kv[method] as (...args: unknown[]) => Promise<unknown>).bind(kv)
    guarded[method] = async (...args: unknown[]) => {
      try {
        return await original(...args)
      } catch (error) {
        if (error instanceof StoreUnavailableError) throw error
        throw new StoreUnavailableError(`KV ${method} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
      }
    }
  }
  return guarded as unknown as KVNamespace
}
