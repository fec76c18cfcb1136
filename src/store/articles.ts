// Article records and their index entries in KV.
import type { Article } from '../model/types'
import { normalizeArabic } from '../model/arabic'
import { SHORT_HASH_CHARS, shortHash } from '../model/hash'
import { MAX_METADATA_BYTES, compactBytes, decodeBase64Json, decodeCompactText, encodeCompactText, metadataBytes, unpackMetadata } from './metadata'
import { SITE_SCOPE, articleKey, indexEntryKey, monthMarkerKey, monthMarkersPrefix, parseMonthMarkerKey, indexMonthPrefix, indexPrefix, isIndexHead, parseIndexEntryKey } from './keys'

/** KV `get` with an array: "up to 100 keys" per call, one operation. */
export const MAX_BULK_GET = 100
/** KV `list`: "up to 1,000 keys" per call. */
export const MAX_LIST = 1000
/**
 * Lists a scan may add to pass over scheduled entries (published after `visibleAt`) at the front of a scope:
 * with fewer than about 2,000 of them, a page is still full.
 */
export const SCHEDULED_EXTRA_LISTS = 3

/** Metadata of an index entry: enough to answer a conditional request, and to filter, without reading any article. */
export interface EntryMeta {
  /** The article's hash. */
  h: string
  /** Its update time, epoch ms. */
  u: number
  /** Its tags, folded (normalizeArabic), as concatenated shortHash values. */
  t?: string
  /** Its authors' names, the same way. */
  a?: string
  /** Title and the start of the summary, folded, packed by encodeCompactText and cut to fit. */
  q?: string
  /** Older entries: base64 JSON {t, a, q} with the folded values themselves. */
  f?: string
}

/** What filters look at. `tags` and `authors` hold shortHash values (older entries: the folded values). */
export interface EntryFacets {
  tags: string[]
  authors: string[]
  /** Title and the start of the summary, folded. */
  text: string
}

export interface IndexEntry {
  key: string
  id: string
  published: number
  hash: string
  updated: number
  /** Read from the metadata only when a filter needs it. */
  facets?: EntryFacets
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
 * Writes `article`: its index entries (its section's and the site-wide one) first, then the record. A record in
 * place so means its entries were written, and a failure part-way leaves the old record, which the next attempt
 * sees as a change and writes again. Each article owns its own keys, so concurrent writers of different articles
 * never touch a shared key.
 */
export async function putArticle(kv: KVNamespace, article: Article): Promise<void> {
  await putIndexEntries(kv, article)
  await kv.put(articleKey(article.id), JSON.stringify(article))
}

/**
 * Marks the article's Baghdad month as having articles, in its section and site-wide, where not marked yet:
 * one bulk read, and a write only for a month's first article (so a busy month never rewrites one key).
 * Markers are never removed: a month emptied later keeps an archive link to an empty document.
 */
export async function ensureMonthMarkers(kv: KVNamespace, article: Pick<Article, 'section' | 'published'>): Promise<void> {
  const keys = scopesOf(article).map((scope) => monthMarkerKey(scope, article.published))
  const found = await kv.get(keys, 'text')
  await Promise.all(keys.filter((k) => found.get(k) == null).map((k) => kv.put(k, '')))
}

/** True when the article's month markers are in place: one bulk read. */
export async function monthMarkersInPlace(kv: KVNamespace, article: Pick<Article, 'section' | 'published'>): Promise<boolean> {
  const keys = scopesOf(article).map((scope) => monthMarkerKey(scope, article.published))
  const found = await kv.get(keys, 'text')
  return keys.every((k) => found.get(k) != null)
}

/** The Baghdad months with articles in a scope, newest first: one KV list (1,000 months, 83 years). */
export async function listMonths(kv: KVNamespace, scope: string): Promise<{ year: number; month: number }[]> {
  const listed = await kv.list({ prefix: monthMarkersPrefix(scope), limit: MAX_LIST })
  return listed.keys.flatMap((k) => {
    const month = parseMonthMarkerKey(k.name)
    return month ? [month] : []
  })
}

/**
 * True when every index entry of `article` is in KV and names this version of it: one read per entry, in
 * parallel (a bulk read would be one, but miniflare's bulk getWithMetadata returns no metadata).
 */
export async function indexEntriesInPlace(kv: KVNamespace, article: Article): Promise<boolean> {
  const found = await Promise.all(entryKeysOf(article).map((k) => kv.getWithMetadata<EntryMeta>(k, 'text')))
  return found.every((entry) => entry.value !== null && entry.metadata?.h === article.hash)
}

function hashList(values: string[]): string {
  return [...new Set(values.map((v) => shortHash(normalizeArabic(v))))].join('')
}

function splitHashes(packed: string | undefined): string[] {
  const out: string[] = []
  for (let i = 0; packed && i < packed.length; i += SHORT_HASH_CHARS) out.push(packed.slice(i, i + SHORT_HASH_CHARS))
  return out
}

/**
 * The metadata of an article's index entries, within KV's 1,024 bytes whatever the article holds: tags and
 * authors by their short hashes (30 tags and 20 authors take 400 bytes, whatever their length), and as much of
 * the search text as the rest allows. Only the search text ever shrinks; the write never fails for its size.
 */
export function entryMeta(article: Article): EntryMeta {
  const meta: EntryMeta = { h: article.hash, u: article.updated }
  const tags = hashList(article.tags)
  const authors = hashList(article.authors.map((a) => a.name))
  if (tags) meta.t = tags
  if (authors) meta.a = authors
  const room = MAX_METADATA_BYTES - metadataBytes(meta) - ',"q":""'.length
  const chars = Array.from(normalizeArabic(`${article.title} ${article.summary}`))
  const fits = (n: number) => Math.ceil(compactBytes(chars.slice(0, n).join('')).length / 3) * 4 <= room
  let low = 0
  let high = chars.length
  while (low < high) {
    const mid = Math.ceil((low + high) / 2)
    if (fits(mid)) low = mid
    else high = mid - 1
  }
  if (low > 0) meta.q = encodeCompactText(chars.slice(0, low).join(''))
  return meta
}

function facetsOf(meta: EntryMeta): EntryFacets {
  if (meta.f !== undefined) {
    const packed = decodeBase64Json<{ t?: string[]; a?: string[]; q?: string }>(meta.f)
    return { tags: packed?.t ?? [], authors: packed?.a ?? [], text: packed?.q ?? '' }
  }
  return { tags: splitHashes(meta.t), authors: splitHashes(meta.a), text: (meta.q && decodeCompactText(meta.q)) ?? '' }
}

/** (Re)writes the index entries of `article`; idempotent. */
export async function putIndexEntries(kv: KVNamespace, article: Article): Promise<void> {
  const meta = entryMeta(article)
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

export interface ScanOptions {
  /** A section slug or SITE_SCOPE. */
  scope: string
  /** One Baghdad month of it (a monthly archive) instead of all of it. */
  month?: { year: number; month: number }
  /** Where a previous scan stopped. */
  cursor?: string | null
  /** Matching entries to pass over first (a page reached by offset). */
  skip?: number
  /** Matching entries wanted. */
  take: number
  /** Keep only entries this accepts (filters); their facets are decoded for it. */
  match?: (entry: IndexEntry) => boolean
  /** Most KV lists this scan may spend (each reads up to 1,000 keys); SCHEDULED_EXTRA_LISTS more when it meets scheduled entries. */
  maxLists: number
  /**
   * The request's clock: entries published after it are scheduled, passed over (never counted or returned).
   * The key carries the time, so no article is read for it. Absent: every entry (the editors' list).
   */
  visibleAt?: number
}

export interface ScanResult<Head> {
  /** The metadata of the scope's head key, when the scan began at the start of a section's index. */
  head: Head | null
  entries: IndexEntry[]
  /** Continues right after the last entry returned; null when the index is exhausted. */
  cursor: string | null
  /** KV lists spent. */
  lists: number
  /** The earliest publication time among the scheduled entries passed over; null when there were none. */
  nextScheduled: number | null
}

/**
 * Walks a scope's index newest first from `cursor`, skipping `skip` matching entries and returning the next
 * `take`. Unfiltered, the list limit is exact: one list for a page of up to 999 entries. With `match`, it reads
 * windows of 1,000 keys, at most `maxLists` of them, and when it stops inside a window it lists that window again
 * up to the last entry taken, so the cursor resumes exactly there (never skipping a match).
 *
 * Entries published after `visibleAt` (scheduled) sort first, so they are met only at the front. Unfiltered, a
 * window that still ends among them makes the next windows 1,000 keys; one that crosses into the present is
 * continued by an exact list of what it lacks. Either way at most SCHEDULED_EXTRA_LISTS lists more, and none
 * when there is nothing scheduled.
 */
export async function scanIndex<Head>(kv: KVNamespace, options: ScanOptions): Promise<ScanResult<Head>> {
  const prefix = options.month ? indexMonthPrefix(options.scope, options.month.year, options.month.month) : indexPrefix(options.scope)
  const mayHaveHead = !options.month && options.scope !== SITE_SCOPE
  let cursor = options.cursor ?? null
  let toSkip = options.skip ?? 0
  let head: Head | null = null
  const entries: IndexEntry[] = []
  let lists = 0
  let nextScheduled: number | null = null
  let wide = options.match !== undefined
  const visibleAt = options.visibleAt ?? Number.POSITIVE_INFINITY
  while (lists < options.maxLists + (nextScheduled === null ? 0 : SCHEDULED_EXTRA_LISTS)) {
    const windowStart = cursor
    const headRoom = mayHaveHead && windowStart === null ? 1 : 0
    const limit = wide ? MAX_LIST : Math.min(MAX_LIST, toSkip + options.take - entries.length + headRoom)
    const listed = await kv.list<EntryMeta>({ prefix, limit, ...(windowStart ? { cursor: windowStart } : {}) })
    lists++
    let lastTaken = -1
    let full = false
    let present = false
    listed.keys.forEach(({ name, metadata }, position) => {
      if (full) return
      if (isIndexHead(name)) {
        head = unpackMetadata<Head>(metadata)
        return
      }
      const parsed = parseIndexEntryKey(name)
      if (!parsed || !metadata) return
      if (parsed.published > visibleAt) {
        nextScheduled = parsed.published
        return
      }
      present = true
      const entry: IndexEntry = { key: name, id: parsed.id, published: parsed.published, hash: metadata.h, updated: metadata.u }
      if (options.match) {
        entry.facets = facetsOf(metadata)
        if (!options.match(entry)) return
        delete entry.facets
      }
      if (toSkip > 0) {
        toSkip--
        return
      }
      entries.push(entry)
      lastTaken = position
      full = entries.length >= options.take
    })
    const next = listed.list_complete ? null : (listed.cursor ?? null)
    if (!full) {
      // Still among scheduled entries: read on in whole windows.
      if (nextScheduled !== null && !present) wide = true
      cursor = next
      if (cursor === null) break
      continue
    }
    if (lastTaken < listed.keys.length - 1) {
      // Stopped inside the window: list it again up to the last entry taken, for an exact cursor.
      const again = await kv.list({ prefix, limit: lastTaken + 1, ...(windowStart ? { cursor: windowStart } : {}) })
      lists++
      cursor = again.list_complete ? null : (again.cursor ?? null)
    } else {
      cursor = next
    }
    return { head, entries, cursor, lists, nextScheduled }
  }
  return { head, entries, cursor, lists, nextScheduled }
}
