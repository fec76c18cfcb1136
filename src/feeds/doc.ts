// The FeedDoc of a feed document: its items and metadata, from the index, the articles and the plan. Pure.
import type { Config } from '../model/config'
import type { Article, FeedDoc, FeedItem, Section } from '../model/types'
import { type Month, sectionPageUrl } from '../model/urls'
import { itemContent } from '../render/item-html'
import type { FeedPlan } from './plan'
import type { FeedFilters } from './query'

const GENERATOR = { name: 'Nashra', version: '0.1.0' }

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

function titleOf(config: Config, section: Section | null, filters: FeedFilters, month?: Month): string {
  const base = section ? `${section.name} — ${config.siteName}` : config.siteName
  const parts = [filters.tag && `وسم: ${filters.tag}`, filters.author && `الكاتب: ${filters.author}`, filters.q && `بحث: ${filters.q}`, month && `أرشيف ${month.year}-${String(month.month).padStart(2, '0')}`]
  const extra = parts.filter(Boolean).join('، ')
  return extra ? `${base} (${extra})` : base
}

/** The feed document of a plan and its articles: pure, no clock. */
export function buildFeedDoc(config: Config, base: string, plan: FeedPlan, articles: Article[]): FeedDoc {
  const { index, links, request } = plan
  const section = index.section
  const items = articles.map((a) => toItem(config, a, section?.name))
  let updated = section?.updated ?? 0
  if (items.length > 0) updated = Math.max(...items.map((i) => i.updated))
  const doc: FeedDoc = {
    id: `tag:${config.tagAuthority}:feed/${section ? section.slug : 'all'}`,
    title: titleOf(config, section, request.query, request.month),
    description: section ? section.description || `${section.name} — ${config.siteName}` : config.siteDescription,
    language: 'ar',
    updated,
    homeUrl: section ? sectionPageUrl(config.siteUrl, section.slug) : config.siteUrl + '/',
    icon: config.iconUrl,
    logo: config.logoUrl,
    author: { name: config.siteName, url: config.siteUrl + '/' },
    generator: { ...GENERATOR, uri: base + '/' },
    ttl: Math.max(1, Math.round(config.maxAge / 60)),
    links,
    items,
  }
  return doc
}

