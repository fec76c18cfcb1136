// A feed's reads: its index from D1 in one batch (which also answers conditional requests), then the articles the
// index names from KV (one bulk get per 100, billed per key). Bounds are stated beside each function.
import type { Article, Section } from '../model/types'
import { MAX_BULK_GET, getRecords } from '../store/articles'
import { type IndexEntry, type Listing, type Month, matchExpression, monthSkRange, readScope, skMonth, visibleSk } from '../store/feed-index'
import type { ArchiveBound, FeedFilters, FeedQuery } from './query'

/** Where an archive document's neighbours are: a month's newest document, or one bounded by a sort key. */
export interface ArchiveTarget {
  month: Month
  bound: ArchiveBound
}

/** A feed's index: what D1 tells. `section` null is the site-wide feed. */
export interface FeedIndex {
  section: Section | null
  /** Newest first. */
  entries: IndexEntry[]
  /** The older page, when there is one (its token's `before`). */
  older: number | null
  /** The newer page, when there is one: `after` its token's bound, or the first page. */
  newer: { after: number } | 'first' | null
  /** When anything in the scope last changed (epoch ms; 0 when never). */
  changed: number
  /**
   * When the earliest scheduled article of the scope is due (epoch ms), null when none: the document may change
   * then, so no cache should keep it longer.
   */
  nextScheduled: number | null
  /** Archive documents: the documents before and after this one (RFC 5005 prev-archive, next-archive). */
  archive?: { prev: ArchiveTarget | null; next: ArchiveTarget | null }
  /** D1 rows read, as billed. */
  rowsRead: number
}

export interface FeedArticles {
  articles: Article[]
  /**
   * True when every version the index names was read. KV is eventually consistent: while a new version has not
   * reached this data centre, the bytes may not match the index, so no validator may be promised for them.
   */
  consistent: boolean
}

function listingOf(scope: string, match: string | null, order: Listing['order'], upTo: number, after: number, limit: number): Listing {
  return { scope, match, order, upTo, after, limit }
}

/**
 * Reads a page of a feed's index in one D1 batch. Null when the section does not exist. Rows read: at most
 * 2 × (limit + 1) + 3, whatever the archive holds, filtered or not (filters and search use the FTS5 index).
 * Articles scheduled after `now` are left out.
 * @param slug a section slug, or null for the site-wide feed
 */
export async function readFeedIndex(db: D1Database, slug: string | null, query: FeedQuery, now: number): Promise<FeedIndex | null> {
  const scope = slug ?? '_all'
  const match = matchExpression(scope, query)
  const top = visibleSk(now)
  const { limit, page } = query
  const first = listingOf(scope, match, 'newest', top, -1, limit + 1)
  let listings: Listing[]
  if (page?.before !== undefined) {
    listings = [listingOf(scope, match, 'newest', Math.min(top, page.before - 1), -1, limit + 1), listingOf(scope, match, 'oldest', top, page.before - 1, limit + 1)]
  } else if (page?.after !== undefined) {
    listings = [listingOf(scope, match, 'oldest', top, page.after, limit + 1), first]
  } else {
    listings = [first]
  }
  const read = await readScope(db, scope, now, listings)
  if (slug !== null && !read.section) return null
  const base = { section: read.section, changed: read.changed, nextScheduled: read.nextScheduled, rowsRead: read.rowsRead }
  const [main = [], other = []] = read.listings
  if (page?.after !== undefined && main.length > limit) {
    // The `limit` entries just newer than `after`, with more above them.
    const entries = main.slice(0, limit).reverse()
    return { ...base, entries, older: entries.at(-1)!.sk, newer: { after: entries[0]!.sk } }
  }
  if (page?.after !== undefined) {
    // Fewer than a page above `after`: this is the first page.
    return { ...base, entries: other.slice(0, limit), older: other.length > limit ? other[limit - 1]!.sk : null, newer: null }
  }
  const entries = main.slice(0, limit)
  const older = main.length > limit ? entries.at(-1)!.sk : null
  let newer: FeedIndex['newer'] = null
  if (page?.before !== undefined && other.length > 0) newer = other.length > limit ? { after: page.before - 1 } : 'first'
  return { ...base, entries, older, newer }
}

/**
 * Reads one archive document (RFC 5005) in one D1 batch: up to `maxItems` entries of one Baghdad month, newest
 * first, and where its neighbours are. A document is the month's newest (no bound), or ends at `until` (the
 * chain prev-archive walks: each ends where the next older one stops), or begins at `from` (the chain
 * next-archive walks). Either chain passes every article of the scope exactly once. Rows read: at most
 * 2 × (maxItems + 1) + 3. Null when the section does not exist.
 */
export async function readArchiveIndex(
  db: D1Database,
  slug: string | null,
  month: Month,
  filters: FeedFilters,
  bound: ArchiveBound,
  maxItems: number,
  now: number,
): Promise<FeedIndex | null> {
  const scope = slug ?? '_all'
  const match = matchExpression(scope, filters)
  const top = visibleSk(now)
  const [start, end] = monthSkRange(month)
  const inMonth = (e: IndexEntry) => e.sk >= start && e.sk <= end
  const forward = bound?.from !== undefined
  const edge = forward ? bound.from : Math.min(bound?.until ?? end, end)
  const listings = forward
    ? [listingOf(scope, match, 'oldest', top, edge - 1, maxItems + 1), listingOf(scope, match, 'newest', edge - 1, -1, 1)]
    : [listingOf(scope, match, 'newest', Math.min(edge, top), -1, maxItems + 1), listingOf(scope, match, 'oldest', top, Math.min(edge, top), 1)]
  const read = await readScope(db, scope, now, listings)
  if (slug !== null && !read.section) return null
  const [main = [], other = []] = read.listings
  const taken: IndexEntry[] = []
  for (const entry of main) {
    if (taken.length >= maxItems || !inMonth(entry)) break
    taken.push(entry)
  }
  const beyond = main[taken.length] ?? null
  const near = other[0] ?? null
  /** The newest document of the month ending at `entry`, or the one ending there when the month goes on. */
  const endingAt = (entry: IndexEntry, newestOfMonth: boolean): ArchiveTarget => ({ month: skMonth(entry.sk), bound: newestOfMonth ? null : { until: entry.sk } })
  const beginningAt = (entry: IndexEntry): ArchiveTarget => ({ month: skMonth(entry.sk), bound: { from: entry.sk } })
  let prev: ArchiveTarget | null
  let next: ArchiveTarget | null
  if (forward) {
    // `taken` is oldest first; what lies past it starts the next document, what lies before `from` ends the previous.
    next = beyond ? beginningAt(beyond) : null
    prev = near ? endingAt(near, skMonth(near.sk).month !== month.month || skMonth(near.sk).year !== month.year) : null
    taken.reverse()
  } else {
    prev = beyond ? endingAt(beyond, !inMonth(beyond)) : null
    next = near ? beginningAt(near) : null
  }
  return {
    section: read.section,
    entries: taken,
    older: null,
    newer: null,
    changed: read.changed,
    nextScheduled: read.nextScheduled,
    archive: { prev, next },
    rowsRead: read.rowsRead,
  }
}

/**
 * Reads the versions the entries name (one bulk get per 100, one billed read per key), in the entries' order.
 * A version not (yet) in this data centre's KV is left out and the result marked inconsistent.
 */
export async function readFeedArticles(kv: KVNamespace, index: Pick<FeedIndex, 'entries'>): Promise<FeedArticles> {
  const chunks: IndexEntry[][] = []
  for (let i = 0; i < index.entries.length; i += MAX_BULK_GET) chunks.push(index.entries.slice(i, i + MAX_BULK_GET))
  const found = (await Promise.all(chunks.map((chunk) => getRecords(kv, chunk)))).flat()
  const articles = found.filter((a): a is Article => a !== null)
  return { articles, consistent: articles.length === index.entries.length }
}
