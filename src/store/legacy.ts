// What KV held before the index moved to D1: v1/article/{id} records, v1/section/{slug} records, and the KV
// index (v1/index/…, v1/month/…). Read once by the migration (publish/reindex.ts), then deleted.
import type { Article, Section } from '../model/types'
import { MAX_BULK_GET } from './articles'
import { LEGACY_PREFIXES } from './keys'

/** Up to `limit` legacy keys of one kind, from `cursor`. */
export async function listLegacy(kv: KVNamespace, kind: keyof typeof LEGACY_PREFIXES, limit: number, cursor?: string): Promise<{ keys: string[]; cursor: string | null }> {
  const listed = await kv.list({ prefix: LEGACY_PREFIXES[kind], limit, ...(cursor ? { cursor } : {}) })
  return { keys: listed.keys.map((k) => k.name), cursor: listed.list_complete ? null : (listed.cursor ?? null) }
}

/** The legacy records (articles or sections) under `keys`, in order; null where gone. */
export async function getLegacy<T extends Article | Section>(kv: KVNamespace, keys: string[]): Promise<(T | null)[]> {
  const out: (T | null)[] = []
  for (let i = 0; i < keys.length; i += MAX_BULK_GET) {
    const chunk = keys.slice(i, i + MAX_BULK_GET)
    const found = await kv.get<T>(chunk, { type: 'json' })
    out.push(...chunk.map((k) => found.get(k) ?? null))
  }
  return out
}

export async function deleteLegacy(kv: KVNamespace, keys: string[]): Promise<void> {
  await Promise.all(keys.map((k) => kv.delete(k)))
}
