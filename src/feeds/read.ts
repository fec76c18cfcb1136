// The feed's KV reads: its index (one list for a first page, which also answers conditional requests) and the
// articles the index names (one bulk get per 100). Bounds are stated beside each function.
import type { Article, Section } from '../model/types'
import type { Month } from '../model/urls'
import { type IndexEntry, MAX_BULK_GET, getArticles, listMonths, scanIndex } from '../store/articles'
import { SITE_SCOPE } from '../store/keys'
import { type SectionMeta, completeSection, getSection } from '../store/sections'
import { type FeedFilters, type FeedQuery, entryMatcher } from './query'

/** Lists a filtered page may spend: it looks through at most 3,000 index entries, then links onward. */
export const FILTER_MAX_LISTS = 3
/** Articles in one monthly archive document at most (one list and ten bulk gets). */
export const ARCHIVE_MAX_ITEMS = 1000

/** A feed's index: what the KV list tells. `section` null is the site-wide feed. */
export interface FeedIndex {
  section: Section | null
  entries: IndexEntry[]
  /** Where the next (older) page starts; null on the last page. */
  nextCursor: string | null
  /**
   * When the earliest scheduled article passed over is due (epoch ms), null when none was met: the document
   * changes then, so no cache should keep it longer.
   */
  nextScheduled: number | null
  /** Archives: the Baghdad months with articles in the scope, newest first (month markers). */
  months?: Month[]
}

export interface FeedArticles {
  articles: Article[]
  /**
   * True when every article read is the version its index entry names. KV is eventually consistent; while
   * it is not, the bytes may not match the index, so no validator may be promised for them.
   */
  consistent: boolean
}

/**
 * Reads a feed's index. Null when the section does not exist. Cost: a first page, one KV list (two when a
 * filter stops inside a window, up to FILTER_MAX_LISTS + 1 when filtering); a later page adds one get of the
 * section record (its head key is only on the first page); a page reached by offset walks one list per 1,000
 * entries it passes over. Articles scheduled after `now` are left out (they sit at the front of the index):
 * passing over them costs nothing when there are none, else up to SCHEDULED_EXTRA_LISTS more lists.
 * @param slug a section slug, or null for the site-wide feed
 * @param now the request's clock, epoch ms
 */
export async function readFeedIndex(kv: KVNamespace, slug: string | null, query: FeedQuery, now: number): Promise<FeedIndex | null> {
  const match = entryMatcher(query)
  const cursor = query.page?.cursor ?? null
  const skip = query.page && !query.page.cursor ? query.page.offset : 0
  const fromStart = cursor === null
  const scan = scanIndex<SectionMeta>(kv, {
    scope: slug ?? SITE_SCOPE,
    cursor,
    skip,
    take: query.limit,
    ...(match ? { match } : {}),
    maxLists: match ? FILTER_MAX_LISTS : 1 + Math.ceil(skip / 1000),
    visibleAt: now,
  })
  const [page, section] = await Promise.all([scan, slug !== null && !fromStart ? getSection(kv, slug) : Promise.resolve(null)])
  const read = { entries: page.entries, nextCursor: page.cursor, nextScheduled: page.nextScheduled }
  if (slug === null) return { section: null, ...read }
  const found = fromStart ? await completeSection(kv, page.head) : section
  return found ? { section: found, ...read } : null
}

/**
 * Reads one Baghdad month of a feed: an RFC 5005 archive document. Cost: one KV list (two past 1,000 entries
 * or when filtering stops early), one get of the section, and one bulk get per 100 articles (at most 10).
 * The current month's archive leaves out what is scheduled after `now`, like the feed.
 */
export async function readArchiveIndex(kv: KVNamespace, slug: string | null, month: Month, filters: FeedFilters, now: number): Promise<FeedIndex | null> {
  const match = entryMatcher(filters)
  const [page, section, months] = await Promise.all([
    scanIndex<Section>(kv, { scope: slug ?? SITE_SCOPE, month, take: ARCHIVE_MAX_ITEMS, ...(match ? { match } : {}), maxLists: 2, visibleAt: now }),
    slug === null ? Promise.resolve(null) : getSection(kv, slug),
    listMonths(kv, slug ?? SITE_SCOPE),
  ])
  if (slug !== null && !section) return null
  return { section, entries: page.entries, nextCursor: null, nextScheduled: page.nextScheduled, months }
}

/**
 * Reads the entries' articles (one KV operation per 100) and keeps those the entries really describe: an
 * entry left behind by a move, a date change or a concurrent writer (its article now lives elsewhere) is
 * skipped, and an id appears once.
 */
export async function readFeedArticles(kv: KVNamespace, index: FeedIndex): Promise<FeedArticles> {
  return readIndexedArticles(kv, index.section?.slug ?? null, index.entries)
}

/** readFeedArticles for any entries of one scope (`slug` null: site-wide). */
export async function readIndexedArticles(kv: KVNamespace, slug: string | null, entries: IndexEntry[]): Promise<FeedArticles> {
  const chunks: IndexEntry[][] = []
  for (let i = 0; i < entries.length; i += MAX_BULK_GET) chunks.push(entries.slice(i, i + MAX_BULK_GET))
  const found = (await Promise.all(chunks.map((chunk) => getArticles(kv, chunk.map((e) => e.id))))).flat()
  const seen = new Set<string>()
  const articles: Article[] = []
  let consistent = true
  entries.forEach((entry, i) => {
    const article = found[i]
    if (!article || seen.has(article.id) || article.published !== entry.published) return
    if (slug !== null && article.section !== slug) return
    seen.add(article.id)
    if (article.hash !== entry.hash) consistent = false
    articles.push(article)
  })
  return { articles, consistent }
}

