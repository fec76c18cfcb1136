// Article records in KV: one key per version (v2/article/{id}/{hash}); the D1 index (feed-index.ts) names the
// current version of each article.
import type { Article } from '../model/types'
import { articleKey } from './keys'

/** KV `get` with an array: "up to 100 keys" per call (billed as one read per key). */
export const MAX_BULK_GET = 100
/** KV `list`: "up to 1,000 keys" per call. */
export const MAX_LIST = 1000

/** One version of an article, or null. */
export async function getRecord(kv: KVNamespace, id: string, hash: string): Promise<Article | null> {
  return kv.get<Article>(articleKey(id, hash), { type: 'json' })
}

/** Reads up to 100 versions in one call, in the order asked (null where missing). */
export async function getRecords(kv: KVNamespace, versions: { id: string; hash: string }[]): Promise<(Article | null)[]> {
  if (versions.length === 0) return []
  if (versions.length > MAX_BULK_GET) throw new RangeError(`at most ${MAX_BULK_GET} articles per read`)
  const keys = versions.map((v) => articleKey(v.id, v.hash))
  const found = await kv.get<Article>(keys, { type: 'json' })
  return keys.map((k) => found.get(k) ?? null)
}

/** Writes one version of an article (before the index names it). */
export async function putRecord(kv: KVNamespace, article: Article): Promise<void> {
  await kv.put(articleKey(article.id, article.hash), JSON.stringify(article))
}

/** Deletes one version (after the index stopped naming it). */
export async function deleteRecord(kv: KVNamespace, id: string, hash: string): Promise<void> {
  await kv.delete(articleKey(id, hash))
}
