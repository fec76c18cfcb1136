// Feed routes: /feeds (the index), /feeds/{section}/{rss.xml|atom.xml|feed.json} and the site-wide /feeds/{file}.
import { Hono } from 'hono'
import type { Context } from 'hono'
import type { AppEnv } from '../env'
import {
  DEFAULT_LIMIT,
  MAX_LIMIT,
  type FeedQuery,
  buildFeedDoc,
  canonicalQuery,
  feedEtag,
  lastModified,
  readFeedArticles,
  readFeedIndex,
} from '../feeds/feed'
import { httpDate, isNotModified } from '../http/conditional'
import { publicBase } from '../http/config'
import { problem } from '../http/problem'
import { isSectionSlug } from '../model/ids'
import type { FeedDoc, FeedFormat } from '../model/types'
import { FEED_FILES, FEED_FORMATS, feedUrl, feedUrls, sectionPageUrl } from '../model/urls'
import { renderAtom } from '../render/atom'
import { renderJsonFeed } from '../render/jsonfeed'
import { CONTENT_TYPES, MEDIA_TYPES } from '../render/media-types'
import { renderRss } from '../render/rss'
import { listSections } from '../store/sections'

const RENDERERS: Record<FeedFormat, (doc: FeedDoc) => string> = { rss: renderRss, atom: renderAtom, json: renderJsonFeed }
/** Unknown sections and redirects are cached briefly: a section may be created any moment. */
const SHORT_CACHE = 'public, max-age=60'

type Ctx = Context<AppEnv>

/** `?limit=N`, 1 to 100, once; anything else is a 400 problem naming the parameter. */
function parseFeedQuery(c: Ctx): FeedQuery {
  const values = c.req.queries('limit')
  if (values === undefined) return { limit: DEFAULT_LIMIT }
  const [value] = values
  if (values.length !== 1 || value === undefined || !/^\d{1,3}$/.test(value) || +value < 1 || +value > MAX_LIMIT) {
    throw problem(400, 'Invalid query', {
      detail: `limit must be given once, as a whole number from 1 to ${MAX_LIMIT}`,
      errors: [{ parameter: 'limit', detail: `a whole number from 1 to ${MAX_LIMIT}, got ${JSON.stringify(values.join(','))}` }],
    })
  }
  return { limit: Number(value) }
}

function unknownSection(name: string): never {
  throw problem(404, 'Unknown section', {
    detail: `There is no section "${name}". The list of sections is at /feeds.`,
    headers: { 'Cache-Control': SHORT_CACHE },
  })
}

function cacheControl(c: Ctx): string {
  const { maxAge, staleWhileRevalidate } = c.var.config
  return `public, max-age=${maxAge}, stale-while-revalidate=${staleWhileRevalidate}`
}

function linkHeader(urls: Record<FeedFormat, string>, format: FeedFormat, hubUrl: string): string {
  const links = FEED_FORMATS.map((f) => `<${urls[f]}>; rel="${f === format ? 'self' : 'alternate'}"; type="${MEDIA_TYPES[f]}"`)
  if (hubUrl) links.push(`<${hubUrl}>; rel="hub"`)
  return links.join(', ')
}

/**
 * A section given by its Arabic name (or a slug in the wrong case) answers with a 301 to the canonical
 * slug URL: one KV list. Documented in the README.
 */
async function redirectToSlug(c: Ctx, name: string, format: FeedFormat, query: string): Promise<Response> {
  const sections = await listSections(c.env.ARTICLES)
  const wanted = name.normalize('NFC').trim()
  const found = sections.find((s) => s.name === wanted || s.slug === wanted.toLowerCase())
  if (!found) unknownSection(wanted)
  const location = feedUrl(publicBase(c.var.config, c.req.url), found.slug, format, query)
  return c.body(null, 301, { Location: location, 'Cache-Control': SHORT_CACHE })
}

async function serveFeed(c: Ctx, sectionParam: string | null, format: FeedFormat): Promise<Response> {
  const config = c.var.config
  const query = parseFeedQuery(c)
  const queryString = canonicalQuery(query)
  const slug = sectionParam === null ? null : sectionParam.normalize('NFC')
  if (slug !== null && !isSectionSlug(slug)) return redirectToSlug(c, slug, format, queryString)

  const kv = c.env.ARTICLES
  const index = await readFeedIndex(kv, slug, query)
  if (!index) unknownSection(slug ?? '')
  const base = publicBase(config, c.req.url)
  const urls = feedUrls(base, slug, queryString)
  const etag = await feedEtag(config, base, index, format, queryString)
  const modified = lastModified(index)
  const headers: Record<string, string> = {
    'Cache-Control': cacheControl(c),
    Vary: 'Accept-Encoding',
    ETag: etag,
    'Last-Modified': httpDate(modified),
    Link: linkHeader(urls, format, config.hubUrl),
    'Content-Language': 'ar',
  }
  if (format === 'json') headers['Access-Control-Allow-Origin'] = '*'
  if (isNotModified(c.req.raw.headers, etag, modified)) return c.body(null, 304, headers)

  const { articles, consistent } = await readFeedArticles(kv, index)
  if (!consistent) {
    // KV has not caught up everywhere: serve what is there, promise nothing about it.
    delete headers.ETag
    delete headers['Last-Modified']
    headers['Cache-Control'] = 'no-cache'
  }
  const body = RENDERERS[format](buildFeedDoc(config, base, index, articles, queryString))
  return c.body(body, 200, { ...headers, 'Content-Type': CONTENT_TYPES[format], 'X-Content-Type-Options': 'nosniff' })
}

export const feedRoutes = new Hono<AppEnv>()

/** The JSON index of sections and their feed URLs: one KV list. */
feedRoutes.get('/feeds', async (c) => {
  const config = c.var.config
  const base = publicBase(config, c.req.url)
  const sections = await listSections(c.env.ARTICLES)
  const body = {
    title: config.siteName,
    home_page_url: config.siteUrl + '/',
    language: 'ar',
    feeds: feedUrls(base, null),
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
    'Access-Control-Allow-Origin': '*',
  })
})

for (const format of FEED_FORMATS) {
  const file = FEED_FILES[format]
  feedRoutes.get(`/feeds/${file}`, (c) => serveFeed(c, null, format))
  feedRoutes.get(`/feeds/:section/${file}`, (c) => serveFeed(c, c.req.param('section'), format))
}
