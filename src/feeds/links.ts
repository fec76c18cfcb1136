// A feed document's links, each in every format and computed once per request: the Link header and every
// renderer read the same FeedLinks.
import type { Config } from '../model/config'
import { baghdadMonth } from '../model/dates'
import { FEED_RELATIONS, type FeedFormat, type FeedLinks, type FeedRelation } from '../model/types'
import { type Month, archiveUrls, compareMonths, feedUrls } from '../model/urls'
import { type FeedFilters, type FeedQuery, type PageToken, canonicalQuery, feedScope, filtersOf } from './query'
import type { ArchiveTarget, FeedIndex } from './read'

type Relations = Partial<Record<FeedRelation, Record<FeedFormat, string>>>

function feedLinks(config: Config, self: Record<FeedFormat, string>, relations: Relations, archive: boolean): FeedLinks {
  const related = FEED_RELATIONS.flatMap((rel) => (relations[rel] ? [{ rel, urls: relations[rel] }] : []))
  return { self, ...(config.hubUrl && !archive ? { hub: config.hubUrl } : {}), related, archive }
}

/** The URLs of an archive document, in every format. */
function archiveTargetUrls(base: string, slug: string | null, target: ArchiveTarget, filters: FeedFilters): Record<FeedFormat, string> {
  return archiveUrls(base, slug, target.month, canonicalQuery({ ...filters, bound: target.bound }))
}

/**
 * Links of a subscription feed page: first, next (older) and previous (newer), both by sort key, so no gaps or
 * repeats while new articles arrive; and prev-archive, the newest archive document of the month of the page's
 * newest entry (RFC 5005: the archive documents together hold every entry, that one the newest of them).
 */
export function subscriptionLinks(config: Config, base: string, slug: string | null, query: FeedQuery, index: FeedIndex): FeedLinks {
  const filters = filtersOf(query)
  const at = (page: PageToken | null) => feedUrls(base, slug, canonicalQuery({ ...filters, limit: query.limit, page }))
  const scope = feedScope(slug)
  const relations: Relations = { first: at(null) }
  if (index.older !== null) relations.next = at({ scope, before: index.older })
  if (index.newer !== null) relations.previous = at(index.newer === 'first' ? null : { scope, after: index.newer.after })
  const newest = index.entries[0]
  if (newest) {
    const month = baghdadMonth(newest.published)
    if (compareMonths(month, config.archiveStart) >= 0) relations['prev-archive'] = archiveTargetUrls(base, slug, { month, bound: null }, filters)
  }
  return feedLinks(config, at(query.page), relations, false)
}

/**
 * Links of an archive document: current (the subscription feed), prev-archive and next-archive as the index
 * found them (read.ts): only documents that have entries, none before ARCHIVE_START.
 */
export function archiveLinks(config: Config, base: string, slug: string | null, self: ArchiveTarget, filters: FeedFilters, index: FeedIndex): FeedLinks {
  const relations: Relations = { current: feedUrls(base, slug, canonicalQuery(filters)) }
  const { prev, next } = index.archive ?? { prev: null, next: null }
  if (prev && compareMonths(prev.month, config.archiveStart) >= 0) relations['prev-archive'] = archiveTargetUrls(base, slug, prev, filters)
  if (next) relations['next-archive'] = archiveTargetUrls(base, slug, next, filters)
  return feedLinks(config, archiveTargetUrls(base, slug, self, filters), relations, true)
}

/** The Baghdad month of an instant. */
export function monthOf(ms: number): Month {
  return baghdadMonth(ms)
}
