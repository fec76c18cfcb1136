// Plans a feed request from its index alone: the links by relation (once, for every format), the ETag,
// Last-Modified and the cache policy. A conditional request is answered from the plan without reading an article;
// otherwise the route reads the plan's articles and builds the FeedDoc (doc.ts).
import type { Config } from '../model/config'
import { fromBaghdad } from '../model/dates'
import { hashText } from '../model/hash'
import type { FeedFormat, FeedLinks } from '../model/types'
import { type Month, addMonths, compareMonths, monthLabel } from '../model/urls'
import { RENDER_VERSION } from '../render/media-types'
import { archiveLinks, monthOf, subscriptionLinks } from './links'
import { type ArchiveBound, type FeedQuery, canonicalQuery } from './query'
import { type FeedIndex, readArchiveIndex, readFeedIndex } from './read'

export { monthOf } from './links'

/**
 * A month that is over still changes now and then (corrections, takedowns, backdated articles), so it is
 * fresh for a day at most, then revalidated by its ETag: never `immutable`.
 */
export const CLOSED_ARCHIVE_CACHE = 'public, max-age=86400, must-revalidate'

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

/** Everything about a feed response that the index alone decides. */
export interface FeedPlan {
  request: FeedRequest
  index: FeedIndex
  links: FeedLinks
  etag: string
  /** Epoch ms (null: nothing was ever written), never later than the request's clock (RFC 9110 §8.8.2.1). */
  lastModified: number | null
  cacheControl: string
  /** Until when a cached copy may be served fresh, epoch ms. */
  expiresAt: number
}

/**
 * How long, in seconds, a document read at `now` may be kept: `maxAge`, or less when a scheduled article is
 * due sooner (at least 1). Goes into Cache-Control only: the document's bytes never depend on `now`.
 */
export function freshFor(maxAge: number, nextScheduled: number | null, now: number): number {
  if (nextScheduled === null) return maxAge
  return Math.max(1, Math.min(maxAge, Math.ceil((nextScheduled - now) / 1000)))
}

/**
 * Last-Modified: the scope's last change (every write, delete, move and rescheduling stamps it, in the same
 * transaction) or the newest time among the entries shown (a scheduled article that came due changed the
 * document without a write), whichever is later, and never after `now`. It never goes backwards: a takedown or
 * a move stamps the scope with the time it was made. Null when the scope was never written and shows nothing.
 */
export function lastModified(index: FeedIndex, now: number): number | null {
  let newest = index.changed
  for (const entry of index.entries) newest = Math.max(newest, entry.published, Math.min(entry.updated, now))
  return newest > 0 ? Math.min(newest, now) : null
}

/**
 * A strong ETag for one representation, from the index alone: the same entries (by id, place and version),
 * section, settings, format, query and links always render the same bytes, so a 304 never reads an article.
 */
export async function feedEtag(config: Config, base: string, index: FeedIndex, format: FeedFormat, query: string, links: FeedLinks): Promise<string> {
  let material = `${RENDER_VERSION}\n${JSON.stringify(config)}\n${base}\n${format}\n${query}\n${JSON.stringify(index.section)}\n${JSON.stringify(links)}\n`
  for (const entry of index.entries) material += `${entry.sk} ${entry.id} ${entry.hash}\n`
  return `"${format}-${await hashText(material)}"`
}

/** Cache-Control of a feed read at `now`: shortened, without stale-while-revalidate, when a scheduled article is due first. */
export function cachePolicy(config: Config, nextScheduled: number | null, now: number): string {
  const { maxAge, staleWhileRevalidate } = config
  const fresh = freshFor(maxAge, nextScheduled, now)
  return fresh < maxAge ? `public, max-age=${fresh}` : `public, max-age=${maxAge}, stale-while-revalidate=${staleWhileRevalidate}`
}

/**
 * Until when a cached copy may be served fresh: the next scheduled article's time (it enters the feed then),
 * and the next Baghdad month at the latest (archive links name months).
 */
function expiry(now: Month, nextScheduled: number | null): number {
  const { year, month } = addMonths(now, 1)
  return Math.min(fromBaghdad(year, month, 1), nextScheduled ?? Infinity)
}

/**
 * Reads the request's index (read.ts gives its D1 cost) and plans the response. Null when the section does not
 * exist.
 * @param now the request's clock, epoch ms
 */
export async function planFeed(db: D1Database, config: Config, base: string, request: FeedRequest, now: number): Promise<FeedPlan | null> {
  const { slug, format, query, month } = request
  const nowMonth = monthOf(now)
  const bound = request.bound ?? null
  const index = month
    ? await readArchiveIndex(db, slug, month, query, bound, config.archiveMaxItems, now)
    : await readFeedIndex(db, slug, query, now)
  if (!index) return null
  let links: FeedLinks
  let cacheControl = cachePolicy(config, index.nextScheduled, now)
  if (month) {
    links = archiveLinks(config, base, slug, { month, bound }, query, index)
    if (compareMonths(month, nowMonth) < 0) cacheControl = CLOSED_ARCHIVE_CACHE
  } else {
    links = subscriptionLinks(config, base, slug, query, index)
  }
  return {
    request,
    index,
    links,
    etag: await feedEtag(config, base, index, format, canonicalQuery({ ...query, bound }) + (month ? ` ${monthLabel(month)}` : ''), links),
    lastModified: lastModified(index, now),
    cacheControl,
    expiresAt: expiry(nowMonth, index.nextScheduled),
  }
}
