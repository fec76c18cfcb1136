// Feed routes: /feeds (the index), /feeds/{section}/{rss.xml|atom.xml|feed.json}, the site-wide /feeds/{file},
// and monthly archives /feeds[/{section}]/archive/{YYYY-MM}/{file}.
import { Hono } from 'hono'
import type { Context } from 'hono'
import type { AppEnv } from '../env'
import { buildFeedDoc } from '../feeds/doc'
import { CLOSED_ARCHIVE_CACHE, type FeedPlan, type FeedRequest, cachePolicy, monthOf, planFeed } from '../feeds/plan'
import { DEFAULT_LIMIT, boundInMonth, canonicalQuery, feedScope } from '../feeds/query'
import { readFeedArticles } from '../feeds/read'
import { httpDate, isNotModified } from '../http/conditional'
import { FEED_DEADLINE_MS, type FeedCacheOptions, serveCached } from '../http/feed-cache'
import { publicBase } from '../http/config'
import { readOnly } from '../http/headers'
import { problem } from '../http/problem'
import { isSectionSlug } from '../model/ids'
import type { FeedDoc, FeedFormat, FeedLinks } from '../model/types'
import { FEED_FILES, FEED_FORMATS, type Month, archiveUrl, compareMonths, feedUrl, feedUrls, monthLabel, sectionPageUrl } from '../model/urls'
import { RENDERERS } from '../render/formats'
import { CONTENT_TYPES, MEDIA_TYPES } from '../render/media-types'
import { allSections, findSectionByName } from '../feeds/sections'
import { StoreUnavailableError } from '../store/guard'
import { invalidQuery, parseArchiveQuery, parseFeedQuery } from './feed-query'

/** Unknown sections and redirects are cached briefly: a section may be created any moment. */
const SHORT_CACHE = 'public, max-age=60'

type Ctx = Context<AppEnv>

function unknownSection(name: string): never {
  throw problem(404, 'Unknown section', {
    detail: `There is no section "${name}". The list of sections is at /feeds.`,
    headers: { 'Cache-Control': SHORT_CACHE },
  })
}

/** Shortened, without stale-while-revalidate, when a scheduled article is due before max-age runs out. */
function cacheControl(c: Ctx, nextScheduled: number | null = null): string {
  return cachePolicy(c.var.config, nextScheduled, c.var.now)
}

/** The plan's links in the served format: every format (self and alternates), the hub, RFC 5005's. */
function linkHeader(links: FeedLinks, format: FeedFormat): string {
  const header = FEED_FORMATS.map((f) => `<${links.self[f]}>; rel="${f === format ? 'self' : 'alternate'}"; type="${MEDIA_TYPES[f]}"`)
  if (links.hub) header.push(`<${links.hub}>; rel="hub"`)
  for (const { rel, urls } of links.related) header.push(`<${urls[format]}>; rel="${rel}"`)
  return header.join(', ')
}

/**
 * A section given by its Arabic name (or a slug in the wrong case) answers with a 301 to the canonical slug
 * URL: one KV list. `path` rebuilds the URL for the slug.
 */
async function redirectToSlug(c: Ctx, name: string, path: (slug: string) => string): Promise<Response> {
  const found = await findSectionByName(c.env.DB, name)
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

/** Answers from the plan: a 304 without reading an article, or the articles rendered in the request's format. */
async function respond(c: Ctx, conditional: Headers, base: string, plan: FeedPlan): Promise<Response> {
  const format = plan.request.format
  const headers: Record<string, string> = {
    'Cache-Control': plan.cacheControl,
    Vary: 'Accept-Encoding',
    ETag: plan.etag,
    'Content-Language': 'ar',
  }
  if (plan.lastModified !== null) headers['Last-Modified'] = httpDate(plan.lastModified)
  // Links depend only on the index and the query, so a 304 can carry them without reading articles.
  headers.Link = linkHeader(plan.links, format)
  // The canonical URL of what is served: unknown parameters dropped, known ones in a fixed order.
  headers['Content-Location'] = plan.links.self[format]
  if (isNotModified(conditional, plan.etag, plan.lastModified)) return c.body(null, 304, headers)

  const { articles, consistent } = await readFeedArticles(c.env.ARTICLES, plan.index)
  if (!consistent) {
    // KV has not caught up everywhere: serve what is there, promise nothing about it.
    delete headers.ETag
    delete headers['Last-Modified']
    headers['Cache-Control'] = 'no-cache'
  }
  const body = RENDERERS[format](buildFeedDoc(c.var.config, base, plan, articles))
  return c.body(body, 200, { ...headers, 'Content-Type': CONTENT_TYPES[format] })
}

/** Plans and answers one feed document inside the feed cache (http/feed-cache.ts). */
function serve(c: Ctx, base: string, request: FeedRequest, cache: Omit<FeedCacheOptions, 'isFault' | 'timeout'>): Promise<Response> {
  return serveCached(c, { ...cache, isFault, timeout }, async (conditional, control) => {
    const plan = await planFeed(c.env.DB, c.var.config, base, request, c.var.now)
    if (!plan) unknownSection(request.slug ?? '')
    control.expiresAt = plan.expiresAt
    control.scheduled = plan.index.nextScheduled
    return respond(c, conditional, base, plan)
  })
}

async function serveFeed(c: Ctx, sectionParam: string | null, format: FeedFormat): Promise<Response> {
  const query = parseFeedQuery((name) => c.req.queries(name))
  const queryString = canonicalQuery(query)
  const base = publicBase(c.var.config, c.req.url)
  const slug = sectionParam === null ? null : sectionParam.normalize('NFC')
  if (slug !== null && !isSectionSlug(slug)) return redirectToSlug(c, slug, (s) => feedUrl(base, s, format, queryString))

  if (query.page && query.page.scope !== feedScope(slug)) invalidQuery([{ parameter: 'page', detail: 'a page token of another feed' }])
  const cache = { key: feedUrl(base, slug, format, queryString), scope: feedScope(slug), cacheControl: (next: number) => cacheControl(c, next) }
  return serve(c, base, { slug, format, query }, cache)
}

function parseMonth(text: string): Month | null {
  const match = /^(\d{4})-(\d{2})$/.exec(text)
  const month = Number(match?.[2])
  return match && month >= 1 && month <= 12 ? { year: Number(match[1]), month } : null
}

async function serveArchive(c: Ctx, sectionParam: string | null, monthParam: string, format: FeedFormat): Promise<Response> {
  const config = c.var.config
  const { filters, bound, errors } = parseArchiveQuery((name) => c.req.queries(name))
  const month = parseMonth(monthParam)
  if (!month) errors.push({ parameter: 'month', detail: 'a month like 2024-02' })
  if (month && !boundInMonth(bound, month)) {
    errors.push({ parameter: bound?.from !== undefined ? 'from' : 'until', detail: `a position inside ${monthLabel(month)}, from the archive's own links` })
  }
  if (errors.length > 0 || !month) invalidQuery(errors)
  const queryString = canonicalQuery({ ...filters, bound })
  const base = publicBase(config, c.req.url)
  const slug = sectionParam === null ? null : sectionParam.normalize('NFC')
  const archivePath = (s: string | null) => `${base}${s === null ? '/feeds' : `/feeds/${s}`}/archive/${monthLabel(month)}/${FEED_FILES[format]}${queryString}`
  if (slug !== null && !isSectionSlug(slug)) return redirectToSlug(c, slug, archivePath)

  const now = monthOf(c.var.now)
  if (compareMonths(month, now) > 0 || compareMonths(month, config.archiveStart) < 0) {
    throw problem(404, 'No such archive', { detail: `Archives run from ${monthLabel(config.archiveStart)} to ${monthLabel(now)}.`, headers: { 'Cache-Control': SHORT_CACHE } })
  }
  const over = compareMonths(month, now) < 0
  const cache = {
    key: archiveUrl(base, slug, month, format, queryString),
    scope: feedScope(slug),
    cacheControl: (next: number) => (over ? CLOSED_ARCHIVE_CACHE : cacheControl(c, next)),
  }
  return serve(c, base, { slug, format, query: { limit: DEFAULT_LIMIT, page: null, ...filters }, month, bound }, cache)
}

export const feedRoutes = new Hono<AppEnv>()

// Every feed path (redirects and problems included) is public CORS and read-only: readers' scripts fetch them.
readOnly(feedRoutes, '/feeds', { cors: true })

/** The JSON index of sections and their feed URLs: one KV list. */
feedRoutes.get('/feeds', async (c) => {
  const config = c.var.config
  const base = publicBase(config, c.req.url)
  const sections = await allSections(c.env.DB)
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
