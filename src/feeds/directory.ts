// What the pages for people show: sections with their newest headlines.
import type { Article, Section } from '../model/types'
import { listSections } from '../store/sections'
import { DEFAULT_LIMIT, type PageToken, encodePageToken, feedScope } from './query'
import { readFeedArticles, readFeedIndex } from './read'

export interface SectionHeadlines {
  section: Section
  articles: Article[]
  /** When the earliest scheduled article passed over is due (epoch ms), or null. */
  nextScheduled: number | null
}

/** A page of a section's items, and the token of the next older page (null on the last). */
export interface SectionPage extends SectionHeadlines {
  older: string | null
}

/**
 * Every section with its `perSection` newest articles as of `now` (scheduled ones left out): one list, then
 * two KV operations a section, in parallel.
 */
export async function loadDirectory(kv: KVNamespace, perSection: number, now: number): Promise<SectionHeadlines[]> {
  const sections = await listSections(kv)
  return Promise.all(
    sections.map(async (section) => {
      const index = await readFeedIndex(kv, section.slug, { limit: perSection, page: null }, now)
      return { section, articles: index ? (await readFeedArticles(kv, index)).articles : [], nextScheduled: index?.nextScheduled ?? null }
    }),
  )
}

/**
 * One page of a section's articles as of `now` (scheduled ones left out), newest first, paged as its feed is
 * (the same page tokens); null when there is no such section. A token of another feed is not this section's:
 * the caller refuses it.
 */
export async function loadSection(
  kv: KVNamespace,
  slug: string,
  now: number,
  limit = DEFAULT_LIMIT,
  page: PageToken | null = null,
): Promise<SectionPage | null> {
  const index = await readFeedIndex(kv, slug, { limit, page }, now)
  if (!index?.section) return null
  const offset = (page?.offset ?? 0) + index.entries.length
  const older = index.nextCursor ? encodePageToken({ scope: feedScope(slug), offset, cursor: index.nextCursor }) : null
  return { section: index.section, articles: (await readFeedArticles(kv, index)).articles, older, nextScheduled: index.nextScheduled }
}

/** The earliest time any of `loaded` changes because a scheduled article is due; null when none is. */
export function earliestScheduled(loaded: Pick<SectionHeadlines, 'nextScheduled'>[]): number | null {
  const times = loaded.map((l) => l.nextScheduled).filter((t): t is number => t !== null)
  return times.length > 0 ? Math.min(...times) : null
}
