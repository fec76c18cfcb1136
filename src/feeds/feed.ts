// Which articles make a feed, and the FeedDoc they become. Two KV operations at most: one list of the
// index (which also answers conditional requests), one bulk get of the articles.
import type { Config } from '../model/config'
import { hashText } from '../model/hash'
import { escapeHtml } from '../model/html'
import type { Article, FeedDoc, FeedFormat, FeedItem, Section } from '../model/types'
import { feedUrls, sectionPageUrl } from '../model/urls'
import { RENDER_VERSION } from '../render/media-types'
import { type IndexEntry, getArticles, listIndex } from '../store/articles'
import { SITE_SCOPE } from '../store/keys'

export const DEFAULT_LIMIT = 20
export const MAX_LIMIT = 100
const GENERATOR = { name: 'Nashra', version: '0.1.0' }

/** A feed's index: what one KV list tells. `section` null is the site-wide feed. */
export interface FeedIndex {
  section: Section | null
  entries: IndexEntry[]
}

export interface FeedArticles {
  articles: Article[]
  /**
   * True when every article read is the version its index entry names. KV is eventually consistent; while
   * it is not, the bytes may not match the index, so no validator may be promised for them.
   */
  consistent: boolean
}

/** What a request asks of a feed, already validated. */
export interface FeedQuery {
  limit: number
}

/** The canonical query string of a feed URL: only what changes the document, defaults left out. */
export function canonicalQuery(query: FeedQuery): string {
  return query.limit === DEFAULT_LIMIT ? '' : `?limit=${query.limit}`
}

/**
 * Reads a feed's index: one KV list. Null when the section does not exist.
 * @param slug a section slug, or null for the site-wide feed
 */
export async function readFeedIndex(kv: KVNamespace, slug: string | null, query: FeedQuery): Promise<FeedIndex | null> {
  if (slug === null) {
    const page = await listIndex<Section>(kv, SITE_SCOPE, query.limit, { withHead: false })
    return { section: null, entries: page.entries }
  }
  const page = await listIndex<Section>(kv, slug, query.limit, { withHead: true })
  return page.head ? { section: page.head, entries: page.entries } : null
}

/** Newest update among the entries (the section's own time when there are none), epoch ms. */
export function lastModified(index: FeedIndex): number {
  let newest = 0
  for (const entry of index.entries) if (entry.updated > newest) newest = entry.updated
  return index.entries.length > 0 ? newest : (index.section?.updated ?? 0)
}

/**
 * A strong ETag for one representation, from the index alone: the same entries, section, settings,
 * format and query always render the same bytes, so a 304 never needs to read an article.
 */
export async function feedEtag(config: Config, base: string, index: FeedIndex, format: FeedFormat, query: string): Promise<string> {
  let material = `${RENDER_VERSION}\n${JSON.stringify(config)}\n${base}\n${format}\n${query}\n${JSON.stringify(index.section)}\n`
  for (const entry of index.entries) material += `${entry.key} ${entry.hash}\n`
  return `"${format}-${await hashText(material)}"`
}

/**
 * Reads the entries' articles in one KV operation and keeps those the entries really describe: an entry
 * left behind by a move, a date change or a concurrent writer (its article now lives elsewhere) is skipped,
 * and an id appears once.
 */
export async function readFeedArticles(kv: KVNamespace, index: FeedIndex): Promise<FeedArticles> {
  return readIndexedArticles(kv, index.section?.slug ?? null, index.entries)
}

async function readIndexedArticles(kv: KVNamespace, slug: string | null, entries: IndexEntry[]): Promise<FeedArticles> {
  const found = await getArticles(kv, entries.map((e) => e.id))
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
  if (article.dateline) html += `<p><strong>${escapeHtml(article.dateline)}</strong></p>`
  const image = article.image
  if (image) {
    const alt = escapeHtml(image.caption ?? article.title)
    const size = (image.width ? ` width="${image.width}"` : '') + (image.height ? ` height="${image.height}"` : '')
    const caption = [image.caption, image.credit].filter(Boolean).map((t) => escapeHtml(t ?? '')).join(' — ')
    html += `<figure><img src="${escapeHtml(image.url)}" alt="${alt}"${size}>`
    html += caption ? `<figcaption>${caption}</figcaption></figure>` : '</figure>'
  }
  return html + article.content + '</div>'
}

/** `sectionName`: the section's current name where known (a section feed), else the one stored with the article. */
function toItem(config: Config, article: Article, sectionName = article.sectionName): FeedItem {
  const item: FeedItem = {
    id: `tag:${config.tagAuthority}:article/${article.id}`,
    url: article.url,
    title: article.title,
    summary: article.summary,
    contentHtml: itemContent(article),
    published: article.published,
    updated: article.updated,
    authors: article.authors,
    categories: [sectionName, ...article.tags.filter((t) => t !== sectionName)],
  }
  if (article.image) item.image = article.image
  return item
}

/** The feed document: pure, no clock. */
export function buildFeedDoc(config: Config, base: string, index: FeedIndex, articles: Article[], query: string): FeedDoc {
  const section = index.section
  const hub = config.hubUrl ? { hubUrl: config.hubUrl } : {}
  const items = articles.map((a) => toItem(config, a, section?.name))
  let updated = section?.updated ?? 0
  if (items.length > 0) updated = Math.max(...items.map((i) => i.updated))
  return {
    id: `tag:${config.tagAuthority}:feed/${section ? section.slug : 'all'}`,
    title: section ? `${section.name} — ${config.siteName}` : config.siteName,
    description: section ? section.description || `${section.name} — ${config.siteName}` : config.siteDescription,
    language: 'ar',
    updated,
    homeUrl: section ? sectionPageUrl(config.siteUrl, section.slug) : config.siteUrl + '/',
    feedUrls: feedUrls(base, section ? section.slug : null, query),
    icon: config.iconUrl,
    logo: config.logoUrl,
    author: { name: config.siteName, url: config.siteUrl + '/' },
    generator: { ...GENERATOR, uri: base + '/' },
    ttl: Math.max(1, Math.round(config.maxAge / 60)),
    ...hub,
    items,
  }
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
  const page = await listIndex<Section>(kv, slug ?? SITE_SCOPE, limit, { withHead: slug !== null, cursor })
  const { articles } = await readIndexedArticles(kv, slug, page.entries)
  return { articles, cursor: page.cursor }
}
