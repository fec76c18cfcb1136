// Plans a feed request from its index, after request-plan.ts planned it from its URL: the links by relation (once,
// for every format), the ETag, Last-Modified, Cache-Control, until when a copy is fresh and when the next scheduled
// article is due. A conditional request is answered from the plan without reading an article; otherwise the route
// reads the plan's articles and builds the FeedDoc (doc.ts).
import { cacheControl } from '../http/cache-control'
import { type Config, shapeOf } from '../model/config'
import { fromBaghdad } from '../model/dates'
import { hashText } from '../model/hash'
import type { FeedFormat, FeedLinks } from '../model/types'
import { type Month, addMonths, monthLabel } from '../model/urls'
import { RENDER_VERSION } from '../render/media-types'
import { archiveLinks, monthOf, subscriptionLinks } from './links'
import { type FeedIndex, readArchiveIndex, readFeedIndex } from './read'
import type { RequestPlan } from './request-plan'

/** Everything about a feed response that the index alone decides. */
export interface FeedPlan {
  request: RequestPlan
  index: FeedIndex
  links: FeedLinks
  etag: string
  /** Epoch ms (null: nothing was ever written), never later than the request's clock (RFC 9110 §8.8.2.1). */
  lastModified: number | null
  cacheControl: string
  /** Until when a cached copy may be served fresh, epoch ms. */
  expiresAt: number
  /** When the next scheduled article enters the document (epoch ms), if one is due. */
  nextScheduled: number | null
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
  let material = `${RENDER_VERSION}\n${shapeOf(config)}\n${base}\n${format}\n${query}\n${JSON.stringify(index.section)}\n${JSON.stringify(links)}\n`
  for (const entry of index.entries) material += `${entry.sk} ${entry.id} ${entry.hash}\n`
  return `"${format}-${await hashText(material)}"`
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
 * The plan of a request from its index: pure (the index as read, the clock as given), so it is tested on fixture
 * indexes without D1.
 * @param now the request's clock, epoch ms
 */
export async function planFromIndex(config: Config, request: RequestPlan, index: FeedIndex, now: number): Promise<FeedPlan> {
  const { slug, format, query, month, base } = request
  const bound = request.bound ?? null
  const links = month ? archiveLinks(config, base, slug, { month, bound }, query, index) : subscriptionLinks(config, base, slug, query, index)
  const etagQuery = request.canonical + (month ? ` ${monthLabel(month)}` : '')
  return {
    request,
    index,
    links,
    etag: await feedEtag(config, base, index, format, etagQuery, links),
    lastModified: lastModified(index, now),
    cacheControl: cacheControl(request.rule, config, index.nextScheduled, now),
    expiresAt: expiry(monthOf(now), index.nextScheduled),
    nextScheduled: index.nextScheduled,
  }
}

/**
 * Reads the request's index (read.ts gives its D1 cost) and plans the response. Null when the section does not
 * exist.
 * @param now the request's clock, epoch ms
 */
export async function planFeed(db: D1Database, config: Config, request: RequestPlan, now: number): Promise<FeedPlan | null> {
  const { slug, query, month } = request
  const index = month
    ? await readArchiveIndex(db, slug, month, query, request.bound ?? null, config.archiveMaxItems, now)
    : await readFeedIndex(db, slug, query, now)
  return index ? planFromIndex(config, request, index, now) : null
}
