// What the pages for people show: sections with their newest headlines.
import type { Article, Section } from '../model/types'
import { listSections } from '../store/sections'
import { DEFAULT_LIMIT, readFeedArticles, readFeedIndex } from './feed'

export interface SectionHeadlines {
  section: Section
  articles: Article[]
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

/** One section's newest articles (a feed's first page); null when there is no such section. */
export async function loadSection(kv: KVNamespace, slug: string, limit = DEFAULT_LIMIT): Promise<SectionHeadlines | null> {
  const index = await readFeedIndex(kv, slug, { limit, page: null })
  if (!index?.section) return null
  return { section: index.section, articles: (await readFeedArticles(kv, index)).articles }
}
