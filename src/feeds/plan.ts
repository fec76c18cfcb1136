// Where a feed document sits (its links in every format), its validators and how long it may be kept: all
// from the index alone, so a conditional request is answered without reading an article.
import type { Config } from '../model/config'
import { baghdadMonth } from '../model/dates'
import { hashText } from '../model/hash'
import type { FeedDoc, FeedFormat } from '../model/types'
import { type Month, addMonths, archiveUrls, compareMonths, feedUrls } from '../model/urls'
import { RENDER_VERSION } from '../render/media-types'
import { type FeedFilters, type FeedQuery, type PageToken, canonicalQuery, feedScope } from './query'
import type { FeedIndex } from './read'

/**
 * How long, in seconds, a document read at `now` may be kept: `maxAge`, or less when a scheduled article is
 * due sooner (at least 1). Goes into Cache-Control only: the document's bytes never depend on `now`.
 */
export function freshFor(maxAge: number, nextScheduled: number | null, now: number): number {
  if (nextScheduled === null) return maxAge
  return Math.max(1, Math.min(maxAge, Math.ceil((nextScheduled - now) / 1000)))
}

/** Newest update among the entries (the section's own time when there are none), epoch ms. */
export function lastModified(index: FeedIndex): number {
  let newest = 0
  for (const entry of index.entries) if (entry.updated > newest) newest = entry.updated
  return index.entries.length > 0 ? newest : (index.section?.updated ?? 0)
}

/**
 * A strong ETag for one representation, from the index alone: the same entries, section, settings, format,
 * query and `context` (archive month, the clock's month) always render the same bytes, so a 304 never needs
 * to read an article.
 */
export async function feedEtag(config: Config, base: string, index: FeedIndex, format: FeedFormat, query: string, context = ''): Promise<string> {
  let material = `${RENDER_VERSION}\n${JSON.stringify(config)}\n${base}\n${format}\n${query}\n${context}\n${JSON.stringify(index.section)}\n${index.nextCursor}\n`
  for (const entry of index.entries) material += `${entry.key} ${entry.hash}\n`
  return `"${format}-${await hashText(material)}"`
}

/** Where the document sits among pages and archives, as URLs of every format. */
export interface FeedPlace {
  /** The document's own URL in each format (self and alternates). */
  urls: Record<FeedFormat, string>
  paging?: { first: Record<FeedFormat, string>; next?: Record<FeedFormat, string>; previous?: Record<FeedFormat, string> }
  history?: {
    archive: boolean
    current?: Record<FeedFormat, string>
    prevArchive?: Record<FeedFormat, string>
    nextArchive?: Record<FeedFormat, string>
  }
}

/** The hub and RFC 5005 links of a document in one format: what its body and its Link header both carry. */
export function placeLinks(config: Config, place: FeedPlace, format: FeedFormat): Pick<FeedDoc, 'hubUrl' | 'paging' | 'history'> {
  const links: Pick<FeedDoc, 'hubUrl' | 'paging' | 'history'> = {}
  if (config.hubUrl && !place.history?.archive) links.hubUrl = config.hubUrl
  if (place.paging) {
    links.paging = { first: place.paging.first[format] }
    if (place.paging.next) links.paging.next = place.paging.next[format]
    if (place.paging.previous) links.paging.previous = place.paging.previous[format]
  }
  if (place.history) {
    links.history = { archive: place.history.archive }
    if (place.history.current) links.history.current = place.history.current[format]
    if (place.history.prevArchive) links.history.prevArchive = place.history.prevArchive[format]
    if (place.history.nextArchive) links.history.nextArchive = place.history.nextArchive[format]
  }
  return links
}

/**
 * The newest month before `nowMonth` with entries in this scope and filter, read off the first page's own
 * entries (newest first) at no KV cost: a reader walking back skips the empty months. Null when the index holds
 * nothing older. When the page is all this month's and more follow (or on a later page), the month before
 * `nowMonth`, as no entry tells otherwise without more KV reads.
 */
function newestArchiveMonth(index: FeedIndex, query: FeedQuery, nowMonth: Month): Month | null {
  const fallback = addMonths(nowMonth, -1)
  if (query.page) return fallback
  for (const entry of index.entries) {
    const month = monthOf(entry.published)
    if (compareMonths(month, nowMonth) < 0) return month
  }
  return index.nextCursor ? fallback : null
}

/**
 * Links of a subscription feed page: first, next (older, by cursor: no gaps or repeats while new articles
 * arrive), previous (by offset), and the newest archive with entries (newestArchiveMonth).
 */
export function subscriptionPlace(base: string, slug: string | null, query: FeedQuery, index: FeedIndex, nowMonth: Month, archiveStart: Month): FeedPlace {
  const filters = { tag: query.tag, author: query.author, q: query.q }
  const at = (page: PageToken | null) => feedUrls(base, slug, canonicalQuery({ ...filters, limit: query.limit, page }))
  const scope = feedScope(slug)
  const offset = query.page?.offset ?? 0
  const place: FeedPlace = { urls: at(query.page), paging: { first: at(null) } }
  if (index.nextCursor && place.paging) place.paging.next = at({ scope, offset: offset + index.entries.length, cursor: index.nextCursor })
  if (offset > 0 && place.paging) place.paging.previous = at(offset - query.limit > 0 ? { scope, offset: Math.max(0, offset - query.limit), cursor: null } : null)
  const newest = newestArchiveMonth(index, query, nowMonth)
  if (newest && compareMonths(newest, archiveStart) >= 0) {
    place.history = { archive: false, prevArchive: archiveUrls(base, slug, newest, canonicalQuery(filters)) }
  }
  return place
}

/** Links of a monthly archive document: current (the subscription feed), prev-archive and next-archive. */
export function archivePlace(
  base: string,
  slug: string | null,
  month: Month,
  filters: FeedFilters,
  nowMonth: Month,
  archiveStart: Month,
  months?: readonly Month[],
): FeedPlace {
  const query = canonicalQuery(filters)
  const history: NonNullable<FeedPlace['history']> = { archive: true, current: feedUrls(base, slug, query) }
  // With the scope's month markers, the nearest months that have articles (a reader walking back skips the empty
  // ones); without them, the neighbouring months.
  const previous = months ? (months.find((m) => compareMonths(m, month) < 0) ?? addMonths(archiveStart, -1)) : addMonths(month, -1)
  const next = months ? ([...months].reverse().find((m) => compareMonths(m, month) > 0) ?? nowMonth) : addMonths(month, 1)
  if (compareMonths(previous, archiveStart) >= 0) history.prevArchive = archiveUrls(base, slug, previous, query)
  if (compareMonths(next, nowMonth) < 0) history.nextArchive = archiveUrls(base, slug, next, query)
  return { urls: archiveUrls(base, slug, month, query), history }
}

/** The Baghdad month of an instant. */
export function monthOf(ms: number): Month {
  return baghdadMonth(ms)
}

