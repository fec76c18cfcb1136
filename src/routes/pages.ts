// Pages for people and partners: the feed directory (/), section previews, OPML and the embeddable widget (its
// script, /embed.js, is a static asset: views/embed-script.ts).
import { Hono } from 'hono'
import type { Context } from 'hono'
import type { AppEnv } from '../env'
import { earliestScheduled, loadDirectory, loadSection, sectionMonths } from '../feeds/directory'
import { monthOf } from '../feeds/links'
import { decodePageToken, encodePageToken, feedScope } from '../feeds/query'
import { type PagePlan, planPage } from '../feeds/request-plan'
import { STATIC_CACHE, cacheControl } from '../http/cache-control'
import { publicBase } from '../http/config'
import { cachedAnswer, serveCached } from '../http/feed-cache'
import { hashText } from '../model/hash'
import { STORE_FAULTS } from '../store/guard'
import { readOnly } from '../http/headers'
import type { FieldError } from '../http/problem'
import { problem } from '../http/problem'
import { isSectionSlug } from '../model/ids'
import { storesOf } from '../store/d1'
import { formatArabicMonth } from '../model/dates'
import { type Month, archiveUrls, compareMonths, feedUrl, feedUrls, sectionPageUrl } from '../model/urls'
import { renderOpml } from '../render/opml'
import { allSections, findSectionByName } from '../feeds/sections'
import { renderDirectory, renderNotFoundPage } from '../views/directory'
import { type EmbedTheme, renderEmbed } from '../views/embed'
import { FAVICON_ICO } from '../views/favicon'
import { type ArchiveMonth, renderSectionPreview } from '../views/section-preview'

const HEADLINES_PER_SECTION = 5
const EMBED_DEFAULT = 5
const EMBED_MAX = 20
const REF_PATTERN = /^[A-Za-z0-9._-]{1,64}$/
/** Pages load only our own script, style sheet and typeface; lead images come from the publisher's servers. */
const PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; font-src 'self'; img-src https: http:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
/** The widget may sit in any partner's frame, and loads nothing but our typeface. */
const EMBED_CSP = "default-src 'none'; style-src 'unsafe-inline'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors *"

type Ctx = Context<AppEnv>

/** `nextScheduled`: when a scheduled article on the page is due; no cache keeps the page past it. */
function pageHeaders(c: Ctx, csp = PAGE_CSP, nextScheduled: number | null = null): Record<string, string> {
  return {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Language': 'ar',
    'Cache-Control': cacheControl('page', c.var.config, nextScheduled, c.var.now),
    'Content-Security-Policy': csp,
    'Referrer-Policy': 'strict-origin-when-cross-origin',
  }
}


/** A rendered page: its HTML, status, Content-Security-Policy and when a scheduled article on it is due. */
interface PageRender {
  html: string
  status: 200 | 404
  csp: string
  nextScheduled: number | null
}

/**
 * A page that shows a feed, through the feed cache under its plan: a strong ETag of its bytes (a 304 to a
 * reader that has them), kept until a write to its scope or a scheduled article's time, like the feed it shows.
 */
function servePage(c: Ctx, plan: PagePlan, render: () => Promise<PageRender>): Promise<Response> {
  return serveCached(c, plan, async () => {
    const page = await render()
    const headers = { ...pageHeaders(c, page.csp, page.nextScheduled), ETag: `"page-${await hashText(page.html)}"` }
    return { response: c.body(page.html, page.status, headers), expiresAt: page.nextScheduled ?? Infinity, nextScheduled: page.nextScheduled }
  }, STORE_FAULTS)
}

/** A section named in Arabic (or a slug in the wrong case): the slug, or null when there is none. */
async function slugFor(c: Ctx, name: string): Promise<string | null> {
  const wanted = name.normalize('NFC').trim()
  if (isSectionSlug(wanted)) return wanted
  return (await findSectionByName(c.env.DB, wanted))?.slug ?? null
}

export const pageRoutes = new Hono<AppEnv>()

// Read-only; the OPML is public CORS (a reader imports the list). The partners' script, /embed.js, is a static asset.
for (const path of ['/', '/sections/:section', '/embed/:section']) readOnly(pageRoutes, path)
readOnly(pageRoutes, '/feeds.opml', { cors: true })

pageRoutes.get('/', async (c) => {
  const hit = cachedAnswer(c, c.req.url)
  if (hit) return hit
  const config = c.var.config
  const base = publicBase(config, c.req.url)
  return servePage(c, planPage(base, '/', null), async () => {
    const directory = await loadDirectory(storesOf(c.env), HEADLINES_PER_SECTION, c.var.now)
    const html = renderDirectory({
      siteName: config.siteName,
      siteUrl: config.siteUrl + '/',
      siteFeeds: feedUrls(base, null),
      opmlUrl: `${base}/feeds.opml`,
      directory: `${base}/`,
      sections: directory.map((d) => ({ ...d, feeds: feedUrls(base, d.section.slug), page: `${base}/sections/${d.section.slug}` })),
    })
    return { html, status: 200, csp: PAGE_CSP, nextScheduled: earliestScheduled(directory) }
  })
})

/**
 * Monthly archives of a section that have articles, newest first, from ARCHIVE_START on: the months the index
 * counts, up to the month of the newest article shown (a month with only scheduled articles has none to show).
 */
function archiveMonths(base: string, slug: string, months: Month[], newest: Month | null, start: Month): ArchiveMonth[] {
  return months
    .filter((m) => newest !== null && compareMonths(m, newest) <= 0 && compareMonths(m, start) >= 0)
    .map((m) => ({ label: formatArabicMonth(m.year, m.month), feeds: archiveUrls(base, slug, m) }))
}

pageRoutes.get('/sections/:section', async (c) => {
  const hit = cachedAnswer(c, c.req.url)
  if (hit) return hit
  const config = c.var.config
  const base = publicBase(config, c.req.url)
  const name = c.req.param('section')
  const slug = await slugFor(c, name)
  if (slug !== null && slug !== name.normalize('NFC')) return c.redirect(`${base}/sections/${slug}`, 301)
  const pageParam = c.req.query('page')
  const token = pageParam === undefined ? null : decodePageToken(pageParam)
  if (pageParam !== undefined && (token === null || token.scope !== feedScope(slug ?? ''))) {
    throw problem(400, 'Invalid query', { errors: [{ parameter: 'page', detail: "a page token from this section's own page" }] })
  }
  const notFound = () => renderNotFoundPage(`لا يوجد قسم باسم «${name}».`, `${base}/`, config.siteName)
  if (slug === null) return c.body(notFound(), 404, pageHeaders(c))
  const pageToken = token ? encodePageToken(token) : null
  return servePage(c, planPage(base, `/sections/${slug}`, slug, [['page', pageToken]]), async () => {
    const [loaded, months] = await Promise.all([loadSection(storesOf(c.env), slug, c.var.now, undefined, token), sectionMonths(storesOf(c.env), slug)])
    if (!loaded) return { html: notFound(), status: 404, csp: PAGE_CSP, nextScheduled: null }
    const page = `${base}/sections/${loaded.section.slug}`
    const newestShown = loaded.articles[0] ?? (await loadSection(storesOf(c.env), loaded.section.slug, c.var.now, 1))?.articles[0]
    const archives = archiveMonths(base, loaded.section.slug, months, newestShown ? monthOf(newestShown.published) : null, config.archiveStart)
    const html = renderSectionPreview({
      section: loaded.section,
      articles: loaded.articles,
      feeds: feedUrls(base, loaded.section.slug),
      siteName: config.siteName,
      siteUrl: config.siteUrl + '/',
      sectionUrl: sectionPageUrl(config.siteUrl, loaded.section.slug),
      directory: `${base}/`,
      opmlUrl: `${base}/feeds.opml`,
      url: pageToken ? `${page}?page=${pageToken}` : page,
      // Page tokens name a position, not an offset; the section page's own tokens also carry the page's number.
      pageNumber: token ? (token.number ?? 2) : 1,
      ...(loaded.newer !== null ? { newer: loaded.newer === '' ? page : `${page}?page=${loaded.newer}` } : {}),
      ...(loaded.older ? { older: `${page}?page=${loaded.older}` } : {}),
      archives,
    })
    return { html, status: 200, csp: PAGE_CSP, nextScheduled: loaded.nextScheduled }
  })
})

pageRoutes.get('/feeds.opml', async (c) => {
  const config = c.var.config
  const base = publicBase(config, c.req.url)
  const sections = await allSections(c.env.DB)
  const opml = renderOpml(`خلاصات ${config.siteName}`, [
    { title: config.siteName, description: config.siteDescription, xmlUrl: feedUrl(base, null, 'rss'), htmlUrl: config.siteUrl + '/' },
    ...sections.map((s) => ({
      title: `${s.name} — ${config.siteName}`,
      description: s.description,
      xmlUrl: feedUrl(base, s.slug, 'rss'),
      htmlUrl: sectionPageUrl(config.siteUrl, s.slug),
    })),
  ])
  return c.body(opml, 200, {
    'Content-Type': 'text/x-opml; charset=utf-8',
    'Content-Disposition': 'inline; filename="feeds.opml"',
    'Cache-Control': cacheControl('list', config, null, c.var.now),
  })
})

function embedQuery(c: Ctx): { limit: number; theme: EmbedTheme; ref: string | null } {
  const errors: FieldError[] = []
  const limit = c.req.query('limit') ?? String(EMBED_DEFAULT)
  const theme = c.req.query('theme') ?? 'light'
  const ref = c.req.query('ref') ?? null
  if (!/^\d{1,2}$/.test(limit) || +limit < 1 || +limit > EMBED_MAX) errors.push({ parameter: 'limit', detail: `a whole number from 1 to ${EMBED_MAX}` })
  if (theme !== 'light' && theme !== 'dark' && theme !== 'auto') errors.push({ parameter: 'theme', detail: 'light, dark or auto' })
  if (ref !== null && !REF_PATTERN.test(ref)) errors.push({ parameter: 'ref', detail: 'letters, digits, ".", "_" or "-", at most 64' })
  if (errors.length > 0) throw problem(400, 'Invalid query', { errors })
  return { limit: Number(limit), theme: theme as EmbedTheme, ref }
}

/** UTM parameters on links to the publisher (never on ids), so the publisher sees which partner sent a reader. */
function partnerLink(ref: string | null, campaign: string): (target: { url: string }) => string {
  return (target) => {
    if (!ref) return target.url
    const url = new URL(target.url)
    url.searchParams.set('utm_source', ref)
    url.searchParams.set('utm_medium', 'nashra-embed')
    url.searchParams.set('utm_campaign', campaign)
    return url.href
  }
}

pageRoutes.get('/embed/:section', async (c) => {
  const hit = cachedAnswer(c, c.req.url)
  if (hit) return hit
  const config = c.var.config
  const base = publicBase(config, c.req.url)
  const query = embedQuery(c)
  const name = c.req.param('section')
  const slug = await slugFor(c, name)
  if (slug !== null && slug !== name.normalize('NFC')) {
    const search = new URL(c.req.url).search
    return c.redirect(`${base}/embed/${slug}${search}`, 301)
  }
  if (slug === null) throw problem(404, 'Unknown section', { detail: `There is no section "${name}".` })
  const params: [string, string | null][] = [
    ['limit', query.limit === EMBED_DEFAULT ? null : String(query.limit)],
    ['theme', query.theme === 'light' ? null : query.theme],
    ['ref', query.ref],
  ]
  return servePage(c, planPage(base, `/embed/${slug}`, slug, params), async () => {
    const loaded = await loadSection(storesOf(c.env), slug, c.var.now, query.limit)
    if (!loaded) throw problem(404, 'Unknown section', { detail: `There is no section "${name}".` })
    const link = partnerLink(query.ref, loaded.section.slug)
    const sectionLink = link({ url: sectionPageUrl(config.siteUrl, loaded.section.slug) })
    const html = renderEmbed({ ...loaded, theme: query.theme, link, sectionLink, siteName: config.siteName })
    return { html, status: 200, csp: EMBED_CSP, nextScheduled: loaded.nextScheduled }
  })
})

pageRoutes.get('/favicon.ico', (c) =>
  c.body(FAVICON_ICO, 200, { 'Content-Type': 'image/x-icon', 'Cache-Control': STATIC_CACHE }),
)
