// Which articles make a feed, and the FeedDoc they become. A first page costs two KV operations (one list
// of the index, which also answers conditional requests, and one bulk get of the articles); later pages,
// filters and monthly archives stay within the bounds stated beside each function.
import { normalizeArabic } from '../model/arabic'
import type { Config } from '../model/config'
import { baghdadMonth } from '../model/dates'
import { hashText, shortHash } from '../model/hash'
import { escapeHtml, escapeHtmlText } from '../model/html'
import type { Article, FeedDoc, FeedFormat, FeedItem, Section } from '../model/types'
import { type Month, addMonths, archiveUrls, compareMonths, feedUrls, sectionPageUrl } from '../model/urls'
import { RENDER_VERSION } from '../render/media-types'
import { type IndexEntry, MAX_BULK_GET, getArticles, listMonths, scanIndex } from '../store/articles'
import { SITE_SCOPE } from '../store/keys'
import { type SectionMeta, completeSection, getSection } from '../store/sections'

export const DEFAULT_LIMIT = 20
export const MAX_LIMIT = 100
/** Lists a filtered page may spend: it looks through at most 3,000 index entries, then links onward. */
export const FILTER_MAX_LISTS = 3
/** Articles in one monthly archive document at most (one list and ten bulk gets). */
export const ARCHIVE_MAX_ITEMS = 1000
/** A page reached by offset (a `previous` link) walks at most this far back. */
export const MAX_OFFSET = 9_000
const GENERATOR = { name: 'Nashra', version: '0.1.0' }

export interface FeedFilters {
  tag?: string
  author?: string
  q?: string
}

/**
 * Where a page starts: after `cursor` (following `next`), or `offset` entries in (a `previous` link). A KV
 * cursor belongs to one prefix, so the token names its feed's scope and serves no other.
 */
export interface PageToken {
  scope: string
  offset: number
  cursor: string | null
}

/** What a request asks of a feed, already validated. */
export interface FeedQuery extends FeedFilters {
  limit: number
  page: PageToken | null
}

/** A feed's index: what the KV list tells. `section` null is the site-wide feed. */
export interface FeedIndex {
  section: Section | null
  entries: IndexEntry[]
  /** Where the next (older) page starts; null on the last page. */
  nextCursor: string | null
  /**
   * When the earliest scheduled article passed over is due (epoch ms), null when none was met: the document
   * changes then, so no cache should keep it longer.
   */
  nextScheduled: number | null
  /** Archives: the Baghdad months with articles in the scope, newest first (month markers). */
  months?: Month[]
}

export interface FeedArticles {
  articles: Article[]
  /**
   * True when every article read is the version its index entry names. KV is eventually consistent; while
   * it is not, the bytes may not match the index, so no validator may be promised for them.
   */
  consistent: boolean
}

/** Encodes a page token for a URL (base64url JSON). */
export function encodePageToken(token: PageToken): string {
  const json = JSON.stringify(token.cursor ? { s: token.scope, o: token.offset, c: token.cursor } : { s: token.scope, o: token.offset })
  return btoa(json).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** Reads a page token; null when it is not one of ours. */
export function decodePageToken(text: string): PageToken | null {
  try {
    const value = JSON.parse(atob(text.replace(/-/g, '+').replace(/_/g, '/'))) as { s?: unknown; o?: unknown; c?: unknown }
    const offset = value.o
    if (typeof value.s !== 'string') return null
    if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0 || offset > MAX_OFFSET + MAX_LIMIT) return null
    if (value.c !== undefined && typeof value.c !== 'string') return null
    return { scope: value.s, offset, cursor: typeof value.c === 'string' ? value.c : null }
  } catch {
    return null
  }
}

function hasFilters(filters: FeedFilters): boolean {
  return filters.tag !== undefined || filters.author !== undefined || filters.q !== undefined
}

/** The canonical query string of a feed URL: only what changes the document, in a fixed order, defaults left out. */
export function canonicalQuery(query: Partial<FeedQuery>): string {
  const params = new URLSearchParams()
  if (query.limit !== undefined && query.limit !== DEFAULT_LIMIT) params.set('limit', String(query.limit))
  if (query.tag !== undefined) params.set('tag', query.tag)
  if (query.author !== undefined) params.set('author', query.author)
  if (query.q !== undefined) params.set('q', query.q)
  if (query.page) params.set('page', encodePageToken(query.page))
  const text = params.toString()
  return text ? `?${text}` : ''
}

/**
 * The test a filtered feed applies to an index entry's facets. Tag and author match whole values; `q` matches
 * when every word appears in the title or the start of the summary. All compare as normalizeArabic folds them.
 */
export function entryMatcher(filters: FeedFilters): ((entry: IndexEntry) => boolean) | undefined {
  if (!hasFilters(filters)) return undefined
  const tag = filters.tag === undefined ? undefined : normalizeArabic(filters.tag)
  const author = filters.author === undefined ? undefined : normalizeArabic(filters.author)
  const words = filters.q === undefined ? [] : normalizeArabic(filters.q).split(' ').filter(Boolean)
  // Entries name tags and authors by shortHash (older entries by the folded value itself).
  const tagHash = tag === undefined ? undefined : shortHash(tag)
  const authorHash = author === undefined ? undefined : shortHash(author)
  return (entry) => {
    const facets = entry.facets
    if (!facets) return false
    if (tag !== undefined && !facets.tags.includes(tagHash!) && !facets.tags.includes(tag)) return false
    if (author !== undefined && !facets.authors.includes(authorHash!) && !facets.authors.includes(author)) return false
    return words.every((w) => facets.text.includes(w))
  }
}

/**
 * Reads a feed's index. Null when the section does not exist. Cost: a first page, one KV list (two when a
 * filter stops inside a window, up to FILTER_MAX_LISTS + 1 when filtering); a later page adds one get of the
 * section record (its head key is only on the first page); a page reached by offset walks one list per 1,000
 * entries it passes over. Articles scheduled after `now` are left out (they sit at the front of the index):
 * passing over them costs nothing when there are none, else up to SCHEDULED_EXTRA_LISTS more lists.
 * @param slug a section slug, or null for the site-wide feed
 * @param now the request's clock, epoch ms
 */
export async function readFeedIndex(kv: KVNamespace, slug: string | null, query: FeedQuery, now: number): Promise<FeedIndex | null> {
  const match = entryMatcher(query)
  const cursor = query.page?.cursor ?? null
  const skip = query.page && !query.page.cursor ? query.page.offset : 0
  const fromStart = cursor === null
  const scan = scanIndex<SectionMeta>(kv, {
    scope: slug ?? SITE_SCOPE,
    cursor,
    skip,
    take: query.limit,
    ...(match ? { match } : {}),
    maxLists: match ? FILTER_MAX_LISTS : 1 + Math.ceil(skip / 1000),
    visibleAt: now,
  })
  const [page, section] = await Promise.all([scan, slug !== null && !fromStart ? getSection(kv, slug) : Promise.resolve(null)])
  const read = { entries: page.entries, nextCursor: page.cursor, nextScheduled: page.nextScheduled }
  if (slug === null) return { section: null, ...read }
  const found = fromStart ? await completeSection(kv, page.head) : section
  return found ? { section: found, ...read } : null
}

/**
 * Reads one Baghdad month of a feed: an RFC 5005 archive document. Cost: one KV list (two past 1,000 entries
 * or when filtering stops early), one get of the section, and one bulk get per 100 articles (at most 10).
 * The current month's archive leaves out what is scheduled after `now`, like the feed.
 */
export async function readArchiveIndex(kv: KVNamespace, slug: string | null, month: Month, filters: FeedFilters, now: number): Promise<FeedIndex | null> {
  const match = entryMatcher(filters)
  const [page, section, months] = await Promise.all([
    scanIndex<Section>(kv, { scope: slug ?? SITE_SCOPE, month, take: ARCHIVE_MAX_ITEMS, ...(match ? { match } : {}), maxLists: 2, visibleAt: now }),
    slug === null ? Promise.resolve(null) : getSection(kv, slug),
    listMonths(kv, slug ?? SITE_SCOPE),
  ])
  if (slug !== null && !section) return null
  return { section, entries: page.entries, nextCursor: null, nextScheduled: page.nextScheduled, months }
}

/**
 * How long, in seconds, a document read at `now` may be kept: `maxAge`, or less when a scheduled article is
 * due sooner (at least 1). Goes into Cache-Control only: the document's bytes never depend on `now`.
 */
export function freshFor(maxAge: number, nextScheduled: number | null, now: number): number {
  if (nextScheduled === null) return maxAge
  return Math.max(1, Math.min(maxAge, Math.ceil((nextScheduled - now) / 1000)))
}

/** Newest update among the entries (the section's own time when there are none), epoch ms. */
export function lastModified(index: FeedIndex): number {
  let newest = 0
  for (const entry of index.entries) if (entry.updated > newest) newest = entry.updated
  return index.entries.length > 0 ? newest : (index.section?.updated ?? 0)
}

/**
 * A strong ETag for one representation, from the index alone: the same entries, section, settings, format,
 * query and `context` (archive month, the clock's month) always render the same bytes, so a 304 never needs
 * to read an article.
 */
export async function feedEtag(config: Config, base: string, index: FeedIndex, format: FeedFormat, query: string, context = ''): Promise<string> {
  let material = `${RENDER_VERSION}\n${JSON.stringify(config)}\n${base}\n${format}\n${query}\n${context}\n${JSON.stringify(index.section)}\n${index.nextCursor}\n`
  for (const entry of index.entries) material += `${entry.key} ${entry.hash}\n`
  return `"${format}-${await hashText(material)}"`
}

/**
 * Reads the entries' articles (one KV operation per 100) and keeps those the entries really describe: an
 * entry left behind by a move, a date change or a concurrent writer (its article now lives elsewhere) is
 * skipped, and an id appears once.
 */
export async function readFeedArticles(kv: KVNamespace, index: FeedIndex): Promise<FeedArticles> {
  return readIndexedArticles(kv, index.section?.slug ?? null, index.entries)
}

async function readIndexedArticles(kv: KVNamespace, slug: string | null, entries: IndexEntry[]): Promise<FeedArticles> {
  const chunks: IndexEntry[][] = []
  for (let i = 0; i < entries.length; i += MAX_BULK_GET) chunks.push(entries.slice(i, i + MAX_BULK_GET))
  const found = (await Promise.all(chunks.map((chunk) => getArticles(kv, chunk.map((e) => e.id))))).flat()
  const seen = new Set<string>()
  const articles: Article[] = []
  let consistent = true
  entries.forEach((entry, i) => {
    const article = found[i]
    if (!article || seen.has(article.id) || article.published !== entry.published) return
    if (slug !== null && article.section !== slug) return
    seen.add(article.id)
    if (article.hash !== entry.hash) consistent = false
    articles.push(article)
  })
  return { articles, consistent }
}

function itemContent(article: Article): string {
  let html = '<div dir="rtl" lang="ar">'
  if (article.dateline) html += `<p><strong>${escapeHtmlText(article.dateline)}</strong></p>`
  const image = article.image
  if (image) {
    const alt = escapeHtml(image.caption ?? article.title)
    const size = (image.width ? ` width="${image.width}"` : '') + (image.height ? ` height="${image.height}"` : '')
    const caption = [image.caption, image.credit].filter(Boolean).map((t) => escapeHtmlText(t ?? '')).join(' — ')
    html += `<figure><img src="${escapeHtml(image.url)}" alt="${alt}"${size}>`
    html += caption ? `<figcaption>${caption}</figcaption></figure>` : '</figure>'
  }
  return html + article.content + '</div>'
}

/**
 * `sectionName`: the section's current name where known (a section feed), else the one stored with the article.
 * Every item names an author: its byline, else the publication (RSS 2.0 readers otherwise show none; JSON Feed
 * 1.1 and Atom want one per item or feed).
 */
function toItem(config: Config, article: Article, sectionName = article.sectionName): FeedItem {
  const item: FeedItem = {
    id: `tag:${config.tagAuthority}:article/${article.id}`,
    url: article.url,
    title: article.title,
    summary: article.summary,
    contentHtml: itemContent(article),
    published: article.published,
    updated: article.updated,
    authors: article.authors.length > 0 ? article.authors : [{ name: config.siteName, url: config.siteUrl + '/' }],
    categories: [sectionName, ...article.tags.filter((t) => t !== sectionName)],
  }
  if (article.image) item.image = article.image
  return item
}

/** Where the document sits among pages and archives, as URLs of every format. */
export interface FeedPlace {
  /** The document's own URL in each format (self and alternates). */
  urls: Record<FeedFormat, string>
  paging?: { first: Record<FeedFormat, string>; next?: Record<FeedFormat, string>; previous?: Record<FeedFormat, string> }
  history?: {
    archive: boolean
    current?: Record<FeedFormat, string>
    prevArchive?: Record<FeedFormat, string>
    nextArchive?: Record<FeedFormat, string>
  }
}

function titleOf(config: Config, section: Section | null, filters: FeedFilters, month?: Month): string {
  const base = section ? `${section.name} — ${config.siteName}` : config.siteName
  const parts = [filters.tag && `وسم: ${filters.tag}`, filters.author && `الكاتب: ${filters.author}`, filters.q && `بحث: ${filters.q}`, month && `أرشيف ${month.year}-${String(month.month).padStart(2, '0')}`]
  const extra = parts.filter(Boolean).join('، ')
  return extra ? `${base} (${extra})` : base
}

/** The feed document: pure, no clock. */
export function buildFeedDoc(
  config: Config,
  base: string,
  index: FeedIndex,
  articles: Article[],
  place: FeedPlace,
  format: FeedFormat,
  filters: FeedFilters = {},
  month?: Month,
): FeedDoc {
  const section = index.section
  const items = articles.map((a) => toItem(config, a, section?.name))
  let updated = section?.updated ?? 0
  if (items.length > 0) updated = Math.max(...items.map((i) => i.updated))
  const doc: FeedDoc = {
    id: `tag:${config.tagAuthority}:feed/${section ? section.slug : 'all'}`,
    title: titleOf(config, section, filters, month),
    description: section ? section.description || `${section.name} — ${config.siteName}` : config.siteDescription,
    language: 'ar',
    updated,
    homeUrl: section ? sectionPageUrl(config.siteUrl, section.slug) : config.siteUrl + '/',
    feedUrls: place.urls,
    icon: config.iconUrl,
    logo: config.logoUrl,
    author: { name: config.siteName, url: config.siteUrl + '/' },
    generator: { ...GENERATOR, uri: base + '/' },
    ttl: Math.max(1, Math.round(config.maxAge / 60)),
    items,
  }
  return { ...doc, ...placeLinks(config, place, format) }
}

/** The hub and RFC 5005 links of a document in one format: what its body and its Link header both carry. */
export function placeLinks(config: Config, place: FeedPlace, format: FeedFormat): Pick<FeedDoc, 'hubUrl' | 'paging' | 'history'> {
  const links: Pick<FeedDoc, 'hubUrl' | 'paging' | 'history'> = {}
  if (config.hubUrl && !place.history?.archive) links.hubUrl = config.hubUrl
  if (place.paging) {
    links.paging = { first: place.paging.first[format] }
    if (place.paging.next) links.paging.next = place.paging.next[format]
    if (place.paging.previous) links.paging.previous = place.paging.previous[format]
  }
  if (place.history) {
    links.history = { archive: place.history.archive }
    if (place.history.current) links.history.current = place.history.current[format]
    if (place.history.prevArchive) links.history.prevArchive = place.history.prevArchive[format]
    if (place.history.nextArchive) links.history.nextArchive = place.history.nextArchive[format]
  }
  return links
}

/** The index scope a feed lists: its section, or the site-wide index. Page tokens are bound to it. */
export function feedScope(slug: string | null): string {
  return slug ?? SITE_SCOPE
}

/**
 * The newest month before `nowMonth` with entries in this scope and filter, read off the first page's own
 * entries (newest first) at no KV cost: a reader walking back skips the empty months. Null when the index holds
 * nothing older. When the page is all this month's and more follow (or on a later page), the month before
 * `nowMonth`, as no entry tells otherwise without more KV reads.
 */
function newestArchiveMonth(index: FeedIndex, query: FeedQuery, nowMonth: Month): Month | null {
  const fallback = addMonths(nowMonth, -1)
  if (query.page) return fallback
  for (const entry of index.entries) {
    const month = monthOf(entry.published)
    if (compareMonths(month, nowMonth) < 0) return month
  }
  return index.nextCursor ? fallback : null
}

/**
 * Links of a subscription feed page: first, next (older, by cursor: no gaps or repeats while new articles
 * arrive), previous (by offset), and the newest archive with entries (newestArchiveMonth).
 */
export function subscriptionPlace(base: string, slug: string | null, query: FeedQuery, index: FeedIndex, nowMonth: Month, archiveStart: Month): FeedPlace {
  const filters = { tag: query.tag, author: query.author, q: query.q }
  const at = (page: PageToken | null) => feedUrls(base, slug, canonicalQuery({ ...filters, limit: query.limit, page }))
  const scope = feedScope(slug)
  const offset = query.page?.offset ?? 0
  const place: FeedPlace = { urls: at(query.page), paging: { first: at(null) } }
  if (index.nextCursor && place.paging) place.paging.next = at({ scope, offset: offset + index.entries.length, cursor: index.nextCursor })
  if (offset > 0 && place.paging) place.paging.previous = at(offset - query.limit > 0 ? { scope, offset: Math.max(0, offset - query.limit), cursor: null } : null)
  const newest = newestArchiveMonth(index, query, nowMonth)
  if (newest && compareMonths(newest, archiveStart) >= 0) {
    place.history = { archive: false, prevArchive: archiveUrls(base, slug, newest, canonicalQuery(filters)) }
  }
  return place
}

/** Links of a monthly archive document: current (the subscription feed), prev-archive and next-archive. */
export function archivePlace(
  base: string,
  slug: string | null,
  month: Month,
  filters: FeedFilters,
  nowMonth: Month,
  archiveStart: Month,
  months?: readonly Month[],
): FeedPlace {
  const query = canonicalQuery(filters)
  const history: NonNullable<FeedPlace['history']> = { archive: true, current: feedUrls(base, slug, query) }
  // With the scope's month markers, the nearest months that have articles (a reader walking back skips the empty
  // ones); without them, the neighbouring months.
  const previous = months ? (months.find((m) => compareMonths(m, month) < 0) ?? addMonths(archiveStart, -1)) : addMonths(month, -1)
  const next = months ? ([...months].reverse().find((m) => compareMonths(m, month) > 0) ?? nowMonth) : addMonths(month, 1)
  if (compareMonths(previous, archiveStart) >= 0) history.prevArchive = archiveUrls(base, slug, previous, query)
  if (compareMonths(next, nowMonth) < 0) history.nextArchive = archiveUrls(base, slug, next, query)
  return { urls: archiveUrls(base, slug, month, query), history }
}

/** The Baghdad month of an instant. */
export function monthOf(ms: number): Month {
  return baghdadMonth(ms)
}

/**
 * A page of articles for editors, newest first: one list and one bulk get. `cursor` continues the previous
 * page; the returned cursor is null at the end.
 */
export async function listArticles(
  kv: KVNamespace,
  slug: string | null,
  limit: number,
  cursor?: string,
): Promise<{ articles: Article[]; cursor: string | null }> {
  const page = await scanIndex<Section>(kv, { scope: slug ?? SITE_SCOPE, cursor: cursor ?? null, take: limit, maxLists: 1 })
  const { articles } = await readIndexedArticles(kv, slug, page.entries)
  return { articles, cursor: page.cursor }
}

