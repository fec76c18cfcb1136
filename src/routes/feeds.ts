// Feed routes: /feeds (the index), /feeds/{section}/{rss.xml|atom.xml|feed.json}, the site-wide /feeds/{file},
// and monthly archives /feeds[/{section}]/archive/{YYYY-MM}/{file}.
import { Hono } from 'hono'
import type { Context } from 'hono'
import type { AppEnv } from '../env'
import { buildFeedDoc } from '../feeds/doc'
import { type FeedPlace, archivePlace, feedEtag, freshFor, lastModified, monthOf, placeLinks, subscriptionPlace } from '../feeds/plan'
import { DEFAULT_LIMIT, type FeedFilters, type FeedQuery, MAX_LIMIT, canonicalQuery, decodePageToken, feedScope } from '../feeds/query'
import { type FeedIndex, readArchiveIndex, readFeedArticles, readFeedIndex } from '../feeds/read'
import { httpDate, isNotModified } from '../http/conditional'
import { FEED_DEADLINE_MS, serveCached } from '../http/feed-cache'
import { publicBase } from '../http/config'
import { readOnly } from '../http/headers'
import type { FieldError } from '../http/problem'
import { problem } from '../http/problem'
import { isSectionSlug } from '../model/ids'
import type { FeedDoc, FeedFormat } from '../model/types'
import { FEED_FILES, FEED_FORMATS, type Month, addMonths, archiveUrl, compareMonths, feedUrl, feedUrls, monthLabel, sectionPageUrl } from '../model/urls'
import { renderAtom } from '../render/atom'
import { historyLinks } from '../render/history'
import { renderJsonFeed } from '../render/jsonfeed'
import { CONTENT_TYPES, MEDIA_TYPES } from '../render/media-types'
import { renderRss } from '../render/rss'
import { allSections, findSectionByName } from '../publish/sections'
import { fromBaghdad } from '../model/dates'
import { StoreUnavailableError } from '../store/guard'

const RENDERERS: Record<FeedFormat, (doc: FeedDoc) => string> = { rss: renderRss, atom: renderAtom, json: renderJsonFeed }
/** Unknown sections and redirects are cached briefly: a section may be created any moment. */
const SHORT_CACHE = 'public, max-age=60'
/**
 * A month that is over still changes now and then (corrections, takedowns, backdated articles), so it is
 * fresh for a day at most, then revalidated by its ETag: never `immutable`.
 */
const CLOSED_ARCHIVE_CACHE = 'public, max-age=86400, must-revalidate'
const MAX_FILTER_CHARS = 100

type Ctx = Context<AppEnv>

function once(c: Ctx, name: string, errors: FieldError[]): string | undefined {
  const values = c.req.queries(name)
  if (values === undefined) return undefined
  if (values.length !== 1) {
    errors.push({ parameter: name, detail: 'give it once' })
    return undefined
  }
  return values[0]
}

function filterValue(c: Ctx, name: string, errors: FieldError[]): string | undefined {
  const raw = once(c, name, errors)
  if (raw === undefined) return undefined
  const value = raw.normalize('NFC').trim()
  if (value === '' || Array.from(value).length > MAX_FILTER_CHARS) {
    errors.push({ parameter: name, detail: `1 to ${MAX_FILTER_CHARS} characters` })
    return undefined
  }
  return value
}

function fail(errors: FieldError[]): never {
  throw problem(400, 'Invalid query', { detail: errors.map((e) => `${e.parameter}: ${e.detail}`).join('; '), errors })
}

/** ?tag= ?author= ?q= (unknown parameters are ignored: they do not reach the canonical URL or the ETag). */
function parseFilters(c: Ctx, errors: FieldError[]): FeedFilters {
  const filters: FeedFilters = {}
  const tag = filterValue(c, 'tag', errors)
  const author = filterValue(c, 'author', errors)
  const q = filterValue(c, 'q', errors)
  if (tag !== undefined) filters.tag = tag
  if (author !== undefined) filters.author = author
  if (q !== undefined) filters.q = q
  return filters
}

/** ?limit=N (1 to 100), ?page=TOKEN and the filters; anything bad is one 400 problem naming each parameter. */
function parseFeedQuery(c: Ctx): FeedQuery {
  const errors: FieldError[] = []
  const query: FeedQuery = { limit: DEFAULT_LIMIT, page: null, ...parseFilters(c, errors) }
  const limit = once(c, 'limit', errors)
  if (limit !== undefined) {
    if (!/^\d{1,3}$/.test(limit) || +limit < 1 || +limit > MAX_LIMIT) {
      errors.push({ parameter: 'limit', detail: `a whole number from 1 to ${MAX_LIMIT}, got ${JSON.stringify(limit)}` })
    } else query.limit = Number(limit)
  }
  const page = once(c, 'page', errors)
  if (page !== undefined) {
    const token = decodePageToken(page)
    if (!token) errors.push({ parameter: 'page', detail: 'not a page token of this feed (follow the feed\'s next and previous links)' })
    else query.page = token
  }
  if (errors.length > 0) fail(errors)
  return query
}

function unknownSection(name: string): never {
  throw problem(404, 'Unknown section', {
    detail: `There is no section "${name}". The list of sections is at /feeds.`,
    headers: { 'Cache-Control': SHORT_CACHE },
  })
}

/** Shortened, without stale-while-revalidate, when a scheduled article is due before max-age runs out. */
function cacheControl(c: Ctx, nextScheduled: number | null = null): string {
  const { maxAge, staleWhileRevalidate } = c.var.config
  const fresh = freshFor(maxAge, nextScheduled, c.var.now)
  return fresh < maxAge ? `public, max-age=${fresh}` : `public, max-age=${maxAge}, stale-while-revalidate=${staleWhileRevalidate}`
}

function linkHeader(urls: Record<FeedFormat, string>, doc: Pick<FeedDoc, 'hubUrl' | 'paging' | 'history'>, format: FeedFormat): string {
  const links = FEED_FORMATS.map((f) => `<${urls[f]}>; rel="${f === format ? 'self' : 'alternate'}"; type="${MEDIA_TYPES[f]}"`)
  if (doc.hubUrl) links.push(`<${doc.hubUrl}>; rel="hub"`)
  for (const [rel, href] of historyLinks(doc)) links.push(`<${href}>; rel="${rel}"`)
  return links.join(', ')
}

/**
 * A section given by its Arabic name (or a slug in the wrong case) answers with a 301 to the canonical slug
 * URL: one KV list. `path` rebuilds the URL for the slug.
 */
async function redirectToSlug(c: Ctx, name: string, path: (slug: string) => string): Promise<Response> {
  const found = await findSectionByName(c.env.ARTICLES, name)
  if (!found) unknownSection(name.normalize('NFC').trim())
  return c.body(null, 301, { Location: path(found.slug), 'Cache-Control': SHORT_CACHE })
}

/** KV failed or timed out: the feed cache may answer with the last good bytes. */
function isFault(error: unknown): boolean {
  return error instanceof StoreUnavailableError
}

function timeout(): Error {
  return new StoreUnavailableError(`KV did not answer within ${FEED_DEADLINE_MS} ms`)
}

/**
 * Until when a cached copy may be served fresh: the next scheduled article's time (it enters the feed then),
 * and the next Baghdad month at the latest (the bytes name the clock's month).
 */
function expiry(now: Month, nextScheduled: number | null): number {
  const { year, month } = addMonths(now, 1)
  return Math.min(fromBaghdad(year, month, 1), nextScheduled ?? Infinity)
}

/** The request's clock (http/clock.ts), never read in rendering; its month goes into the ETag. */
function currentMonth(c: Ctx): Month {
  return monthOf(c.var.now)
}

async function respond(
  c: Ctx,
  conditional: Headers,
  format: FeedFormat,
  index: FeedIndex,
  place: FeedPlace,
  filters: FeedFilters,
  context: { query: string; etagContext: string; cache: string; month?: Month },
): Promise<Response> {
  const config = c.var.config
  const kv = c.env.ARTICLES
  const base = publicBase(config, c.req.url)
  const etag = await feedEtag(config, base, index, format, context.query, context.etagContext)
  // RFC 9110 §8.8.2.1: never a Last-Modified later than the response (an update time may be ahead of the clock).
  const modified = Math.min(lastModified(index), c.var.now)
  const headers: Record<string, string> = {
    'Cache-Control': context.cache,
    Vary: 'Accept-Encoding',
    ETag: etag,
    'Last-Modified': httpDate(modified),
    'Content-Language': 'ar',
  }
  // Links depend only on the index and the query, so a 304 can carry them without reading articles.
  headers.Link = linkHeader(place.urls, placeLinks(config, place, format), format)
  // The canonical URL of what is served: unknown parameters dropped, known ones in a fixed order.
  headers['Content-Location'] = place.urls[format]
  if (isNotModified(conditional, etag, modified)) return c.body(null, 304, headers)

  const { articles, consistent } = await readFeedArticles(kv, index)
  if (!consistent) {
    // KV has not caught up everywhere: serve what is there, promise nothing about it.
    delete headers.ETag
    delete headers['Last-Modified']
    headers['Cache-Control'] = 'no-cache'
  }
  const body = RENDERERS[format](buildFeedDoc(config, base, index, articles, place, format, filters, context.month))
  return c.body(body, 200, { ...headers, 'Content-Type': CONTENT_TYPES[format] })
}

async function serveFeed(c: Ctx, sectionParam: string | null, format: FeedFormat): Promise<Response> {
  const config = c.var.config
  const query = parseFeedQuery(c)
  const queryString = canonicalQuery(query)
  const base = publicBase(config, c.req.url)
  const slug = sectionParam === null ? null : sectionParam.normalize('NFC')
  if (slug !== null && !isSectionSlug(slug)) return redirectToSlug(c, slug, (s) => feedUrl(base, s, format, queryString))

  if (query.page && query.page.scope !== feedScope(slug)) fail([{ parameter: 'page', detail: 'a page token of another feed' }])
  const cache = { key: feedUrl(base, slug, format, queryString), scope: feedScope(slug), isFault, timeout, cacheControl: (next: number) => cacheControl(c, next) }
  return serveCached(c, cache, async (conditional, control) => {
    const index = await readFeedIndex(c.env.ARTICLES, slug, query, c.var.now)
    if (!index) unknownSection(slug ?? '')
    const now = currentMonth(c)
    control.expiresAt = expiry(now, index.nextScheduled)
    control.scheduled = index.nextScheduled
    const place = subscriptionPlace(base, slug, query, index, now, config.archiveStart)
    return respond(c, conditional, format, index, place, query, { query: queryString, etagContext: monthLabel(now), cache: cacheControl(c, index.nextScheduled) })
  })
}

function parseMonth(text: string): Month | null {
  const match = /^(\d{4})-(\d{2})$/.exec(text)
  const month = Number(match?.[2])
  return match && month >= 1 && month <= 12 ? { year: Number(match[1]), month } : null
}

async function serveArchive(c: Ctx, sectionParam: string | null, monthParam: string, format: FeedFormat): Promise<Response> {
  const config = c.var.config
  const errors: FieldError[] = []
  const filters = parseFilters(c, errors)
  const month = parseMonth(monthParam)
  if (!month) errors.push({ parameter: 'month', detail: 'a month like 2024-02' })
  if (errors.length > 0 || !month) fail(errors)
  const queryString = canonicalQuery(filters)
  const base = publicBase(config, c.req.url)
  const slug = sectionParam === null ? null : sectionParam.normalize('NFC')
  const archivePath = (s: string | null) => `${base}${s === null ? '/feeds' : `/feeds/${s}`}/archive/${monthLabel(month)}/${FEED_FILES[format]}${queryString}`
  if (slug !== null && !isSectionSlug(slug)) return redirectToSlug(c, slug, archivePath)

  const now = currentMonth(c)
  if (compareMonths(month, now) > 0 || compareMonths(month, config.archiveStart) < 0) {
    throw problem(404, 'No such archive', { detail: `Archives run from ${monthLabel(config.archiveStart)} to ${monthLabel(now)}.`, headers: { 'Cache-Control': SHORT_CACHE } })
  }
  const over = compareMonths(month, now) < 0
  const cache = {
    key: archiveUrl(base, slug, month, format, queryString),
    scope: feedScope(slug),
    isFault,
    timeout,
    cacheControl: (next: number) => (over ? CLOSED_ARCHIVE_CACHE : cacheControl(c, next)),
  }
  return serveCached(c, cache, async (conditional, control) => {
    const index = await readArchiveIndex(c.env.ARTICLES, slug, month, filters, c.var.now)
    if (!index) unknownSection(slug ?? '')
    control.expiresAt = expiry(now, index.nextScheduled)
    control.scheduled = index.nextScheduled
    const place = archivePlace(base, slug, month, filters, now, config.archiveStart, index.months)
    // The archive links depend on which months have articles: they are part of what the ETag names.
    const neighbours = [place.history?.prevArchive, place.history?.nextArchive].map((urls) => urls?.atom ?? '-').join(' ')
    return respond(c, conditional, format, index, place, filters, {
      query: queryString,
      etagContext: `archive ${monthLabel(month)} ${over ? 'over' : monthLabel(now)} ${neighbours}`,
      cache: over ? CLOSED_ARCHIVE_CACHE : cacheControl(c, index.nextScheduled),
      month,
    })
  })
}

export const feedRoutes = new Hono<AppEnv>()

// Every feed path (redirects and problems included) is public CORS and read-only: readers' scripts fetch them.
readOnly(feedRoutes, '/feeds', { cors: true })

/** The JSON index of sections and their feed URLs: one KV list. */
feedRoutes.get('/feeds', async (c) => {
  const config = c.var.config
  const base = publicBase(config, c.req.url)
  const sections = await allSections(c.env.ARTICLES)
  const body = {
    title: config.siteName,
    home_page_url: config.siteUrl + '/',
    language: 'ar',
    feeds: feedUrls(base, null),
    opml: `${base}/feeds.opml`,
    sections: sections.map((s) => ({
      slug: s.slug,
      name: s.name,
      description: s.description,
      home_page_url: sectionPageUrl(config.siteUrl, s.slug),
      feeds: feedUrls(base, s.slug),
    })),
  }
  return c.json(body, 200, {
    'Cache-Control': cacheControl(c),
    'Content-Language': 'ar',
  })
})

for (const format of FEED_FORMATS) {
  const file = FEED_FILES[format]
  for (const path of [`/feeds/${file}`, `/feeds/archive/:month/${file}`, `/feeds/:section/${file}`, `/feeds/:section/archive/:month/${file}`]) {
    readOnly(feedRoutes, path, { cors: true })
  }
  feedRoutes.get(`/feeds/${file}`, (c) => serveFeed(c, null, format))
  feedRoutes.get(`/feeds/archive/:month/${file}`, (c) => serveArchive(c, null, c.req.param('month'), format))
  feedRoutes.get(`/feeds/:section/${file}`, (c) => serveFeed(c, c.req.param('section'), format))
  feedRoutes.get(`/feeds/:section/archive/:month/${file}`, (c) => serveArchive(c, c.req.param('section'), c.req.param('month'), format))
}
