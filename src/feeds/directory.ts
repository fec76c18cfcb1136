// What the pages for people show: sections with their newest headlines.
import type { Article, Section } from '../model/types'
import type { Stores } from '../store/d1'
import { type Month, monthsWithArticles, newestPerSection } from '../store/feed-index'
import { listSections } from '../store/sections'
import { DEFAULT_LIMIT, type PageToken, encodePageToken, feedScope } from './query'
import { readFeedArticles, readFeedIndex } from './read'

export interface SectionHeadlines {
  section: Section
  articles: Article[]
  /** When the earliest scheduled article is due (epoch ms), or null. */
  nextScheduled: number | null
}

/** A page of a section's items, and the tokens of the older and newer pages (null at either end). */
export interface SectionPage extends SectionHeadlines {
  older: string | null
  /** The newer page's token; '' for the first page; null on the first page itself. */
  newer: string | null
}

/**
 * Every section with its `perSection` newest articles as of `now` (scheduled ones left out): one query of the
 * sections, one D1 batch of every section's newest, and one bulk get of all their articles.
 */
export async function loadDirectory(stores: Stores, perSection: number, now: number): Promise<SectionHeadlines[]> {
  const sections = await listSections(stores.db)
  const { entries, nextScheduled } = await newestPerSection(stores.db, sections.map((s) => s.slug), perSection, now)
  const { articles } = await readFeedArticles(stores.kv, { entries: entries.flat() })
  const byId = new Map(articles.map((a) => [a.id, a]))
  return sections.map((section, i) => ({
    section,
    articles: (entries[i] ?? []).flatMap((e) => byId.get(e.id) ?? []),
    nextScheduled: nextScheduled[i] ?? null,
  }))
}

/**
 * One page of a section's articles as of `now` (scheduled ones left out), newest first, paged as its feed is
 * (the same page tokens); null when there is no such section. A token of another feed is not this section's:
 * the caller refuses it.
 */
export async function loadSection(stores: Stores, slug: string, now: number, limit = DEFAULT_LIMIT, page: PageToken | null = null): Promise<SectionPage | null> {
  const index = await readFeedIndex(stores.db, slug, { limit, page }, now)
  if (!index?.section) return null
  const scope = feedScope(slug)
  // The section page's tokens carry the page's number (for its title); the first page is 1.
  const number = page?.number ?? (page ? 2 : 1)
  const older = index.older !== null ? encodePageToken({ scope, before: index.older, number: number + 1 }) : null
  let newer: string | null = null
  if (index.newer === 'first' || (index.newer !== null && number <= 2)) newer = ''
  else if (index.newer !== null) newer = encodePageToken({ scope, after: index.newer.after, number: number - 1 })
  return { section: index.section, articles: (await readFeedArticles(stores.kv, index)).articles, older, newer, nextScheduled: index.nextScheduled }
}

/** The earliest time any of `loaded` changes because a scheduled article is due; null when none is. */
export function earliestScheduled(loaded: Pick<SectionHeadlines, 'nextScheduled'>[]): number | null {
  const times = loaded.map((l) => l.nextScheduled).filter((t): t is number => t !== null)
  return times.length > 0 ? Math.min(...times) : null
}

/** The Baghdad months with articles in a section, newest first: one query of the index's month counts. */
export async function sectionMonths(stores: Stores, slug: string): Promise<Month[]> {
  return monthsWithArticles(stores.db, slug)
}
