// A feed document's links, each in every format and computed once per request: the Link header and every
// renderer read the same FeedLinks.
import type { Config } from '../model/config'
import { baghdadMonth } from '../model/dates'
import { FEED_RELATIONS, type FeedFormat, type FeedLinks, type FeedRelation } from '../model/types'
import { type Month, addMonths, archiveUrls, compareMonths, feedUrls } from '../model/urls'
import { type FeedFilters, type FeedQuery, type PageToken, canonicalQuery, feedScope } from './query'
import type { FeedIndex } from './read'

type Relations = Partial<Record<FeedRelation, Record<FeedFormat, string>>>

function feedLinks(config: Config, self: Record<FeedFormat, string>, relations: Relations, archive: boolean): FeedLinks {
  const related = FEED_RELATIONS.flatMap((rel) => (relations[rel] ? [{ rel, urls: relations[rel] }] : []))
  return { self, ...(config.hubUrl && !archive ? { hub: config.hubUrl } : {}), related, archive }
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
    const month = baghdadMonth(entry.published)
    if (compareMonths(month, nowMonth) < 0) return month
  }
  return index.nextCursor ? fallback : null
}

/**
 * Links of a subscription feed page: first, next (older, by cursor: no gaps or repeats while new articles
 * arrive), previous (by offset), and the newest archive with entries (newestArchiveMonth).
 */
export function subscriptionLinks(config: Config, base: string, slug: string | null, query: FeedQuery, index: FeedIndex, nowMonth: Month): FeedLinks {
  const filters = { tag: query.tag, author: query.author, q: query.q }
  const at = (page: PageToken | null) => feedUrls(base, slug, canonicalQuery({ ...filters, limit: query.limit, page }))
  const scope = feedScope(slug)
  const offset = query.page?.offset ?? 0
  const relations: Relations = { first: at(null) }
  if (index.nextCursor) relations.next = at({ scope, offset: offset + index.entries.length, cursor: index.nextCursor })
  if (offset > 0) relations.previous = at(offset - query.limit > 0 ? { scope, offset: Math.max(0, offset - query.limit), cursor: null } : null)
  const newest = newestArchiveMonth(index, query, nowMonth)
  if (newest && compareMonths(newest, config.archiveStart) >= 0) relations['prev-archive'] = archiveUrls(base, slug, newest, canonicalQuery(filters))
  return feedLinks(config, at(query.page), relations, false)
}

/** Links of a monthly archive document: current (the subscription feed), prev-archive and next-archive. */
export function archiveLinks(
  config: Config,
  base: string,
  slug: string | null,
  month: Month,
  filters: FeedFilters,
  nowMonth: Month,
  months?: readonly Month[],
): FeedLinks {
  const query = canonicalQuery(filters)
  const relations: Relations = { current: feedUrls(base, slug, query) }
  // With the scope's month markers, the nearest months that have articles (a reader walking back skips the empty
  // ones); without them, the neighbouring months.
  const start = config.archiveStart
  const previous = months ? (months.find((m) => compareMonths(m, month) < 0) ?? addMonths(start, -1)) : addMonths(month, -1)
  const next = months ? ([...months].reverse().find((m) => compareMonths(m, month) > 0) ?? nowMonth) : addMonths(month, 1)
  if (compareMonths(previous, start) >= 0) relations['prev-archive'] = archiveUrls(base, slug, previous, query)
  if (compareMonths(next, nowMonth) < 0) relations['next-archive'] = archiveUrls(base, slug, next, query)
  return feedLinks(config, archiveUrls(base, slug, month, query), relations, true)
}

/** The Baghdad month of an instant. */
export function monthOf(ms: number): Month {
  return baghdadMonth(ms)
}

