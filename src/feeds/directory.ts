// What the pages for people show: sections with their newest headlines.
import type { Article, Section } from '../model/types'
import { listSections } from '../store/sections'
import { DEFAULT_LIMIT, type PageToken, encodePageToken, feedScope, readFeedArticles, readFeedIndex } from './feed'

export interface SectionHeadlines {
  section: Section
  articles: Article[]
}

/** A page of a section's items, and the token of the next older page (null on the last). */
export interface SectionPage extends SectionHeadlines {
  older: string | null
}

/** Every section with its `perSection` newest articles: one list, then two KV operations a section, in parallel. */
export async function loadDirectory(kv: KVNamespace, perSection: number): Promise<SectionHeadlines[]> {
  const sections = await listSections(kv)
  return Promise.all(
    sections.map(async (section) => {
      const index = await readFeedIndex(kv, section.slug, { limit: perSection, page: null })
      return { section, articles: index ? (await readFeedArticles(kv, index)).articles : [] }
    }),
  )
}

/**
 * One page of a section's articles, newest first, paged as its feed is (the same page tokens); null when
 * there is no such section. A token of another feed is not this section's: the caller refuses it.
 */
export async function loadSection(kv: KVNamespace, slug: string, limit = DEFAULT_LIMIT, page: PageToken | null = null): Promise<SectionPage | null> {
  const index = await readFeedIndex(kv, slug, { limit, page })
  if (!index?.section) return null
  const offset = (page?.offset ?? 0) + index.entries.length
  const older = index.nextCursor ? encodePageToken({ scope: feedScope(slug), offset, cursor: index.nextCursor }) : null
  return { section: index.section, articles: (await readFeedArticles(kv, index)).articles, older }
}
