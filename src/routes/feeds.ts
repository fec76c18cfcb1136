// Feed routes: /feeds (the index), /feeds/{section}/{rss.xml|atom.xml|feed.json}, the site-wide /feeds/{file},
// and monthly archives /feeds[/{section}]/archive/{YYYY-MM}/{file}.
import { Hono } from 'hono'
import type { Context } from 'hono'
import type { AppEnv } from '../env'
import { buildFeedDoc } from '../feeds/doc'
import { type FeedPlan, planFeed } from '../feeds/plan'
import { type RedirectPlan, type RequestPlan, planArchiveRequest, planFeedRequest } from '../feeds/request-plan'
import { boundInMonth } from '../feeds/query'
import { readFeedArticles } from '../feeds/read'
import { NOT_YET_CONSISTENT, SHORT_CACHE, cacheControl } from '../http/cache-control'
import { httpDate, isNotModified } from '../http/conditional'
import { type Produced, cachedAnswer, serveCached } from '../http/feed-cache'
import { publicBase } from '../http/config'
import { readOnly } from '../http/headers'
import { problem } from '../http/problem'
import type { FeedFormat, FeedLinks } from '../model/types'
import { FEED_FILES, FEED_FORMATS, type Month, feedUrls, monthLabel, sectionPageUrl } from '../model/urls'
import { RENDERERS } from '../render/formats'
import { CONTENT_TYPES, MEDIA_TYPES } from '../render/media-types'
import { allSections, findSectionByName } from '../feeds/sections'
import { STORE_FAULTS } from '../store/guard'
import { invalidQuery, parseArchiveQuery, parseFeedQuery } from './feed-query'

type Ctx = Context<AppEnv>

function unknownSection(name: string): never {
  throw problem(404, 'Unknown section', {
    detail: `There is no section "${name}". The list of sections is at /feeds.`,
    headers: { 'Cache-Control': SHORT_CACHE },
  })
}

/** The plan's links in the served format: every format (self and alternates), the hub, RFC 5005's. */
function linkHeader(links: FeedLinks, format: FeedFormat): string {
  const header = FEED_FORMATS.map((f) => `<${links.self[f]}>; rel="${f === format ? 'self' : 'alternate'}"; type="${MEDIA_TYPES[f]}"`)
  if (links.hub) header.push(`<${links.hub}>; rel="hub"`)
  for (const { rel, urls } of links.related) header.push(`<${urls[format]}>; rel="${rel}"`)
  return header.join(', ')
}

/** A section given by its Arabic name (or a slug in the wrong case) answers with a 301 to its slug's URL: one D1 query. */
async function redirectToSlug(c: Ctx, plan: RedirectPlan): Promise<Response> {
  const found = await findSectionByName(c.env.DB, plan.name)
  if (!found) unknownSection(plan.name.trim())
  return c.body(null, 301, { Location: plan.url(found.slug), 'Cache-Control': SHORT_CACHE })
}

/** Answers from the plan: a 304 without reading an article, or the articles rendered in the request's format. */
async function respond(c: Ctx, conditional: Headers, plan: FeedPlan): Promise<Response> {
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
    headers['Cache-Control'] = NOT_YET_CONSISTENT
  }
  const body = RENDERERS[format](buildFeedDoc(c.var.config, plan.request.base, plan, articles))
  return c.body(body, 200, { ...headers, 'Content-Type': CONTENT_TYPES[format] })
}

/** Parse → plan → answer: the feed cache answers the request's plan, or plans it from the index and renders. */
function serve(c: Ctx, request: RequestPlan): Promise<Response> {
  return serveCached(c, request, async (conditional): Promise<Produced> => {
    const plan = await planFeed(c.env.DB, c.var.config, request, c.var.now)
    if (!plan) unknownSection(request.slug ?? '')
    return { response: await respond(c, conditional, plan), expiresAt: plan.expiresAt, nextScheduled: plan.nextScheduled }
  }, STORE_FAULTS)
}

async function serveFeed(c: Ctx, sectionParam: string | null, format: FeedFormat): Promise<Response> {
  // A repeat poll of a canonical URL is answered before its query is parsed.
  const hit = cachedAnswer(c, c.req.url)
  if (hit) return hit
  const query = parseFeedQuery((name) => c.req.queries(name))
  const plan = planFeedRequest(publicBase(c.var.config, c.req.url), sectionParam, format, query)
  if (plan.kind === 'redirect') return redirectToSlug(c, plan)
  if (query.page && query.page.scope !== plan.scope) invalidQuery([{ parameter: 'page', detail: 'a page token of another feed' }])
  return serve(c, plan)
}

function parseMonth(text: string): Month | null {
  const match = /^(\d{4})-(\d{2})$/.exec(text)
  const month = Number(match?.[2])
  return match && month >= 1 && month <= 12 ? { year: Number(match[1]), month } : null
}

async function serveArchive(c: Ctx, sectionParam: string | null, monthParam: string, format: FeedFormat): Promise<Response> {
  const hit = cachedAnswer(c, c.req.url)
  if (hit) return hit
  const { filters, bound, errors } = parseArchiveQuery((name) => c.req.queries(name))
  const month = parseMonth(monthParam)
  if (!month) errors.push({ parameter: 'month', detail: 'a month like 2024-02' })
  if (month && !boundInMonth(bound, month)) {
    errors.push({ parameter: bound?.from !== undefined ? 'from' : 'until', detail: `a position inside ${monthLabel(month)}, from the archive's own links` })
  }
  if (errors.length > 0 || !month) invalidQuery(errors)
  const plan = planArchiveRequest(c.var.config, publicBase(c.var.config, c.req.url), sectionParam, { month, filters, bound, format }, c.var.now)
  if (plan.kind === 'redirect') return redirectToSlug(c, plan)
  if (plan.kind === 'out-of-range') throw problem(404, 'No such archive', { detail: plan.detail, headers: { 'Cache-Control': SHORT_CACHE } })
  return serve(c, plan)
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
    'Cache-Control': cacheControl('feed', config, null, c.var.now),
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
