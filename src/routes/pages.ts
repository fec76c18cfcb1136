// Pages for people and partners: the feed directory (/), section previews, OPML, the embeddable widget and
// its script.
import { Hono } from 'hono'
import type { Context } from 'hono'
import type { AppEnv } from '../env'
import { earliestScheduled, loadDirectory, loadSection } from '../feeds/directory'
import { freshFor, monthOf } from '../feeds/plan'
import { DEFAULT_LIMIT, decodePageToken, feedScope } from '../feeds/query'
import { publicBase } from '../http/config'
import { readOnly } from '../http/headers'
import type { FieldError } from '../http/problem'
import { problem } from '../http/problem'
import { isSectionSlug } from '../model/ids'
import { formatArabicMonth } from '../model/dates'
import { type Month, addMonths, archiveUrls, compareMonths, feedUrl, feedUrls, sectionPageUrl } from '../model/urls'
import { renderOpml } from '../render/opml'
import { allSections, findSectionByName } from '../publish/sections'
import { EMBED_JS } from '../views/assets'
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
    'Cache-Control': `public, max-age=${freshFor(c.var.config.maxAge, nextScheduled, c.var.now)}`,
    'Content-Security-Policy': csp,
    'Referrer-Policy': 'strict-origin-when-cross-origin',
  }
}

/** A section named in Arabic (or a slug in the wrong case): the slug, or null when there is none. */
async function slugFor(c: Ctx, name: string): Promise<string | null> {
  const wanted = name.normalize('NFC').trim()
  if (isSectionSlug(wanted)) return wanted
  return (await findSectionByName(c.env.ARTICLES, wanted))?.slug ?? null
}

export const pageRoutes = new Hono<AppEnv>()

// Read-only; the OPML and the partners' script are public CORS (a reader imports the list, partners load the script).
for (const path of ['/', '/sections/:section', '/embed/:section']) readOnly(pageRoutes, path)
for (const path of ['/feeds.opml', '/embed.js']) readOnly(pageRoutes, path, { cors: true })

pageRoutes.get('/', async (c) => {
  const config = c.var.config
  const base = publicBase(config, c.req.url)
  const directory = await loadDirectory(c.env.ARTICLES, HEADLINES_PER_SECTION, c.var.now)
  const html = renderDirectory({
    siteName: config.siteName,
    siteUrl: config.siteUrl + '/',
    siteFeeds: feedUrls(base, null),
    opmlUrl: `${base}/feeds.opml`,
    directory: `${base}/`,
    sections: directory.map((d) => ({ ...d, feeds: feedUrls(base, d.section.slug), page: `${base}/sections/${d.section.slug}` })),
  })
  return c.body(html, 200, pageHeaders(c, PAGE_CSP, earliestScheduled(directory)))
})

/** Monthly archives of a section, newest first: from the month before `now`'s back to ARCHIVE_START. */
function archiveMonths(base: string, slug: string, now: Month, start: Month): ArchiveMonth[] {
  const months: ArchiveMonth[] = []
  for (let m = addMonths(now, -1); compareMonths(m, start) >= 0; m = addMonths(m, -1)) {
    months.push({ label: formatArabicMonth(m.year, m.month), feeds: archiveUrls(base, slug, m) })
  }
  return months
}

pageRoutes.get('/sections/:section', async (c) => {
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
  const loaded = slug === null ? null : await loadSection(c.env.ARTICLES, slug, c.var.now, undefined, token)
  if (!loaded) return c.body(renderNotFoundPage(`لا يوجد قسم باسم «${name}».`, `${base}/`, config.siteName), 404, pageHeaders(c))
  const page = `${base}/sections/${loaded.section.slug}`
  // The request's clock (http/clock.ts): which months have an archive yet.
  const archives = archiveMonths(base, loaded.section.slug, monthOf(c.var.now), config.archiveStart)
  const html = renderSectionPreview({
    section: loaded.section,
    articles: loaded.articles,
    feeds: feedUrls(base, loaded.section.slug),
    siteName: config.siteName,
    siteUrl: config.siteUrl + '/',
    sectionUrl: sectionPageUrl(config.siteUrl, loaded.section.slug),
    directory: `${base}/`,
    opmlUrl: `${base}/feeds.opml`,
    url: token ? `${page}?page=${pageParam}` : page,
    pageNumber: token ? Math.floor(token.offset / DEFAULT_LIMIT) + 1 : 1,
    ...(token ? { newer: page } : {}),
    ...(loaded.older ? { older: `${page}?page=${loaded.older}` } : {}),
    archives,
  })
  return c.body(html, 200, pageHeaders(c, PAGE_CSP, loaded.nextScheduled))
})

pageRoutes.get('/feeds.opml', async (c) => {
  const config = c.var.config
  const base = publicBase(config, c.req.url)
  const sections = await allSections(c.env.ARTICLES)
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
    'Cache-Control': `public, max-age=${config.maxAge}`,
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
  const config = c.var.config
  const base = publicBase(config, c.req.url)
  const query = embedQuery(c)
  const name = c.req.param('section')
  const slug = await slugFor(c, name)
  if (slug !== null && slug !== name.normalize('NFC')) {
    const search = new URL(c.req.url).search
    return c.redirect(`${base}/embed/${slug}${search}`, 301)
  }
  const loaded = slug === null ? null : await loadSection(c.env.ARTICLES, slug, c.var.now, query.limit)
  if (!loaded) throw problem(404, 'Unknown section', { detail: `There is no section "${name}".` })
  const link = partnerLink(query.ref, loaded.section.slug)
  const sectionLink = link({ url: sectionPageUrl(config.siteUrl, loaded.section.slug) })
  const html = renderEmbed({ ...loaded, theme: query.theme, link, sectionLink, siteName: config.siteName })
  return c.body(html, 200, pageHeaders(c, EMBED_CSP, loaded.nextScheduled))
})

function script(c: Ctx, source: string): Response {
  return c.body(source, 200, {
    'Content-Type': 'text/javascript; charset=utf-8',
    'Cache-Control': 'public, max-age=86400',
  })
}

pageRoutes.get('/embed.js', (c) => script(c, EMBED_JS))
pageRoutes.get('/favicon.ico', (c) =>
  c.body(FAVICON_ICO, 200, { 'Content-Type': 'image/x-icon', 'Cache-Control': 'public, max-age=86400', 'X-Content-Type-Options': 'nosniff' }),
)
