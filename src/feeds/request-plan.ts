// What the URL alone decides about a feed request, before any read: the section (or a redirect to its slug), the
// scope writes purge, the canonical query and URL (the cache key), the month and whether it is over, and so the
// Cache-Control rule. plan.ts adds what the index decides; the feed cache and the route consume both.
import type { CacheRule } from '../http/cache-control'
import type { Config } from '../model/config'
import { isSectionSlug } from '../model/ids'
import type { FeedFormat } from '../model/types'
import { type Month, archiveUrl, compareMonths, feedUrl, monthLabel } from '../model/urls'
import { monthOf } from './links'
import { type ArchiveBound, DEFAULT_LIMIT, type FeedFilters, type FeedQuery, canonicalQuery, feedScope } from './query'

/** One feed document asked for, already validated. */
export interface FeedRequest {
  /** A section slug, or null for the site-wide feed. */
  slug: string | null
  format: FeedFormat
  /** Limit, page and filters (an archive takes only the filters). */
  query: FeedQuery
  /** A monthly archive document (RFC 5005); absent for the subscription feed. */
  month?: Month
  /** Which document of the month (none: its newest). */
  bound?: ArchiveBound
}

/** A feed request planned from its URL. */
export interface RequestPlan extends FeedRequest {
  kind: 'feed'
  /** The origin documents name (http/config.ts publicBase). */
  base: string
  /** The index scope it lists: what writes purge. */
  scope: string
  /** The canonical query string: only what changes the document, in a fixed order ('' or '?…'). */
  canonical: string
  /** The canonical URL: the feed cache's key and Content-Location. */
  key: string
  /** `closed` for a month that is over, else `feed`. */
  rule: CacheRule
}

/** A section named in Arabic or a slug in the wrong case: a 301 to `url(slug)` once the index names the slug. */
export interface RedirectPlan {
  kind: 'redirect'
  name: string
  url: (slug: string) => string
}

/** An archive month before ARCHIVE_START or after the current month. */
export interface OutOfRange {
  kind: 'out-of-range'
  detail: string
}

function sectionOf(param: string | null): string | null {
  return param === null ? null : param.normalize('NFC')
}

/** The subscription feed at `base` for a section path parameter (null: site-wide). */
export function planFeedRequest(base: string, sectionParam: string | null, format: FeedFormat, query: FeedQuery): RequestPlan | RedirectPlan {
  const slug = sectionOf(sectionParam)
  const canonical = canonicalQuery(query)
  if (slug !== null && !isSectionSlug(slug)) return { kind: 'redirect', name: slug, url: (s) => feedUrl(base, s, format, canonical) }
  const scope = feedScope(slug)
  return { kind: 'feed', slug, format, query, base, scope, canonical, key: feedUrl(base, slug, format, canonical), rule: 'feed' }
}

/**
 * A monthly archive document: a month from ARCHIVE_START to the current Baghdad month, closed when over.
 * @param now the request's clock, epoch ms
 */
export function planArchiveRequest(
  config: Config,
  base: string,
  sectionParam: string | null,
  archive: { month: Month; filters: FeedFilters; bound: ArchiveBound; format: FeedFormat },
  now: number,
): RequestPlan | RedirectPlan | OutOfRange {
  const { month, filters, bound, format } = archive
  const slug = sectionOf(sectionParam)
  const canonical = canonicalQuery({ ...filters, bound })
  if (slug !== null && !isSectionSlug(slug)) return { kind: 'redirect', name: slug, url: (s) => archiveUrl(base, s, month, format, canonical) }
  const current = monthOf(now)
  if (compareMonths(month, current) > 0 || compareMonths(month, config.archiveStart) < 0) {
    return { kind: 'out-of-range', detail: `Archives run from ${monthLabel(config.archiveStart)} to ${monthLabel(current)}.` }
  }
  const query = { limit: DEFAULT_LIMIT, page: null, ...filters }
  const rule = compareMonths(month, current) < 0 ? 'closed' : 'feed'
  const key = archiveUrl(base, slug, month, format, canonical)
  return { kind: 'feed', slug, format, query, month, bound, base, scope: feedScope(slug), canonical, key, rule }
}

/** A page that shows a feed (/, /sections/{slug}, /embed/{slug}): cached like one, under its section's scope. */
export interface PagePlan {
  kind: 'page'
  /** The canonical URL: the page's path and its known parameters, defaults left out, in a fixed order. */
  key: string
  scope: string
  rule: CacheRule
}

/**
 * The plan of a page at `base` + `path` showing `slug`'s feed (null: every section's, the site-wide scope);
 * `params` in the order given, those null left out.
 */
export function planPage(base: string, path: string, slug: string | null, params: [string, string | null][] = []): PagePlan {
  const search = new URLSearchParams(params.filter((p): p is [string, string] => p[1] !== null)).toString()
  return { kind: 'page', key: `${base}${path}${search ? `?${search}` : ''}`, scope: feedScope(slug), rule: 'page' }
}
