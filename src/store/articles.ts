// Article records and their index entries in KV.
import type { Article } from '../model/types'
import { unpackMetadata } from './metadata'
import { SITE_SCOPE, articleKey, indexEntryKey, indexPrefix, isIndexHead, parseIndexEntryKey } from './keys'

/** KV `get` with an array: "up to 100 keys" per call, one operation. */
export const MAX_BULK_GET = 100
/** KV `list`: "up to 1,000 keys" per call. */
export const MAX_LIST = 1000

/** Metadata of an index entry: enough to answer a conditional request without reading any article. */
export interface EntryMeta {
  /** The article's hash. */
  h: string
  /** Its update time, epoch ms. */
  u: number
}

export interface IndexEntry {
  key: string
  id: string
  published: number
  hash: string
  updated: number
}

export interface IndexPage<Head> {
  /** The metadata of the scope's head key, when asked for and present. */
  head: Head | null
  entries: IndexEntry[]
  /** Continues after the last entry; null at the end. */
  cursor: string | null
}

function scopesOf(article: Pick<Article, 'section'>): string[] {
  return [article.section, SITE_SCOPE]
}

function entryKeysOf(article: Pick<Article, 'id' | 'section' | 'published'>): string[] {
  return scopesOf(article).map((scope) => indexEntryKey(scope, article.published, article.id))
}

export async function getArticle(kv: KVNamespace, id: string): Promise<Article | null> {
  return kv.get<Article>(articleKey(id), { type: 'json' })
}

/** Reads up to 100 articles in one KV operation, in the order of `ids` (null where missing). */
export async function getArticles(kv: KVNamespace, ids: string[]): Promise<(Article | null)[]> {
  if (ids.length === 0) return []
  if (ids.length > MAX_BULK_GET) throw new RangeError(`at most ${MAX_BULK_GET} articles per read`)
  const keys = ids.map(articleKey)
  const found = await kv.get<Article>(keys, { type: 'json' })
  return keys.map((k) => found.get(k) ?? null)
}

/**
 * Writes `article` and its index entries (its section's and the site-wide one). Each article owns its own
 * keys, so concurrent writers of different articles never touch a shared key.
 */
export async function putArticle(kv: KVNamespace, article: Article): Promise<void> {
  await Promise.all([kv.put(articleKey(article.id), JSON.stringify(article)), putIndexEntries(kv, article)])
}

/** (Re)writes the index entries of `article`; idempotent. */
export async function putIndexEntries(kv: KVNamespace, article: Article): Promise<void> {
  const meta: EntryMeta = { h: article.hash, u: article.updated }
  await Promise.all(entryKeysOf(article).map((k) => kv.put(k, '', { metadata: meta })))
}

/** Deletes the index entries of `article` that `keep` does not also have; returns how many. */
export async function deleteIndexEntries(kv: KVNamespace, article: Article, keep: Article | null): Promise<number> {
  const kept = keep ? entryKeysOf(keep) : []
  const stale = entryKeysOf(article).filter((k) => !kept.includes(k))
  await Promise.all(stale.map((k) => kv.delete(k)))
  return stale.length
}

/** Deletes an article record (its index entries are deleteIndexEntries' business). */
export async function deleteArticleRecord(kv: KVNamespace, id: string): Promise<void> {
  await kv.delete(articleKey(id))
}

/**
 * One KV list over a scope's index: the head (when `withHead`) and up to `limit` entries, newest first.
 * `cursor` continues a previous page.
 */
export async function listIndex<Head>(
  kv: KVNamespace,
  scope: string,
  limit: number,
  options: { withHead: boolean; cursor?: string },
): Promise<IndexPage<Head>> {
  // A section's first page starts with its head key, which is not an entry: list one more.
  const wanted = Math.min(MAX_LIST, limit + (scope !== SITE_SCOPE && !options.cursor ? 1 : 0))
  const listed = await kv.list<EntryMeta>({ prefix: indexPrefix(scope), limit: wanted, cursor: options.cursor })
  let head: Head | null = null
  const entries: IndexEntry[] = []
  for (const { name, metadata } of listed.keys) {
    if (isIndexHead(name)) {
      if (options.withHead) head = unpackMetadata<Head>(metadata)
      continue
    }
    const parsed = parseIndexEntryKey(name)
    const meta = metadata
    if (!parsed || !meta || entries.length >= limit) continue
    entries.push({ key: name, id: parsed.id, published: parsed.published, hash: meta.h, updated: meta.u })
  }
  return { head, entries, cursor: listed.list_complete ? null : (listed.cursor ?? null) }
}
