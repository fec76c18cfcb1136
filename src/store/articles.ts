// Article records in KV: one key per write (v2/article/{id}/{version}); the D1 index (feed-index.ts) names the
// current version of each article.
import type { Article } from '../model/types'
import { articleKey } from './keys'

/** KV `get` with an array: "up to 100 keys" per call (billed as one read per key). */
export const MAX_BULK_GET = 100
/** KV `list`: "up to 1,000 keys" per call. */
export const MAX_LIST = 1000

/** One version of an article, or null. */
export async function getRecord(kv: KVNamespace, id: string, version: string): Promise<Article | null> {
  return kv.get<Article>(articleKey(id, version), { type: 'json' })
}

/** Reads up to 100 versions in one call, in the order asked (null where missing). */
export async function getRecords(kv: KVNamespace, versions: { id: string; version: string }[]): Promise<(Article | null)[]> {
  if (versions.length === 0) return []
  if (versions.length > MAX_BULK_GET) throw new RangeError(`at most ${MAX_BULK_GET} articles per read`)
  const keys = versions.map((v) => articleKey(v.id, v.version))
  const found = await kv.get<Article>(keys, { type: 'json' })
  return keys.map((k) => found.get(k) ?? null)
}

/** Writes one version of an article (before the index names it). */
export async function putRecord(kv: KVNamespace, article: Article, version: string): Promise<void> {
  await kv.put(articleKey(article.id, version), JSON.stringify(article))
}

/**
 * A new version name for a write of `article`: its content hash and 32 random bits, so that two writes never
 * share a record key, even of the same content (an edit reverted while the edit is still cleaning up).
 */
export function newVersion(article: Pick<Article, 'hash'>): string {
  const nonce = crypto.getRandomValues(new Uint32Array(1))[0]!.toString(16).padStart(8, '0')
  return `${article.hash}.${nonce}`
}

/** Deletes one version (after the index stopped naming it). */
export async function deleteRecord(kv: KVNamespace, id: string, version: string): Promise<void> {
  await kv.delete(articleKey(id, version))
}
