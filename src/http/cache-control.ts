// Every Cache-Control the service sends, and the rules that choose them: feeds, closed archives, pages, lists,
// short answers (redirects, unknown sections), static scripts, the API and problems, and the feed cache's own
// Cache API entries. Only the header depends on the clock; documents never do.
import type { Config } from '../model/config'

/** Unknown sections, redirects and out-of-range archives: a section may be created any moment. */
export const SHORT_CACHE = 'public, max-age=60'
/**
 * A month that is over still changes now and then (corrections, takedowns, backdated articles), so it is
 * fresh for a day at most, then revalidated by its ETag: never `immutable`.
 */
export const CLOSED_ARCHIVE_CACHE = 'public, max-age=86400, must-revalidate'
/** A feed served while KV has not caught up with the index: no validator, revalidate every time. */
export const NOT_YET_CONSISTENT = 'no-cache'
/** Problems and what answers behind a token: never stored (RFC 9111 §5.2.2.5). */
export const NO_STORE = 'no-store'
/** Versionless static answers (the partners' script, the favicon): a day. */
export const STATIC_CACHE = 'public, max-age=86400'

/**
 * How a representation's Cache-Control is chosen: `feed` (max-age with stale-while-revalidate, shortened before a
 * scheduled article), `closed` (a month that is over), `page` (HTML and the sitemap: max-age, shortened the same
 * way) and `list` (/feeds.opml, robots.txt: max-age).
 */
export type CacheRule = 'feed' | 'closed' | 'page' | 'list'

/**
 * How long, in seconds, a document read at `now` may be kept: `maxAge`, or less when a scheduled article is
 * due sooner (at least 1).
 */
export function freshFor(maxAge: number, nextScheduled: number | null, now: number): number {
  if (nextScheduled === null) return maxAge
  return Math.max(1, Math.min(maxAge, Math.ceil((nextScheduled - now) / 1000)))
}

/**
 * Cache-Control of a representation under `rule`, answered at `now`; `nextScheduled` is when a scheduled article
 * enters it (no cache may keep it past that: stale-while-revalidate is dropped too).
 * @example cacheControl('feed', config, null, now) // 'public, max-age=300, stale-while-revalidate=600'
 */
export function cacheControl(rule: CacheRule, config: Config, nextScheduled: number | null, now: number): string {
  const { maxAge, staleWhileRevalidate } = config
  if (rule === 'closed') return CLOSED_ARCHIVE_CACHE
  if (rule === 'list') return `public, max-age=${maxAge}`
  const fresh = freshFor(maxAge, nextScheduled, now)
  if (rule === 'page' || fresh < maxAge) return `public, max-age=${fresh}`
  return `public, max-age=${maxAge}, stale-while-revalidate=${staleWhileRevalidate}`
}

/** What the feed cache's Cache API entries and purge marks say: kept as long as stale-if-error may use them. */
export function storedCacheControl(keepMs: number): string {
  return `public, max-age=${Math.floor(keepMs / 1000)}`
}
