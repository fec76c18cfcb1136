// The article as the publishing API, the importer and exports speak it: JSON with ISO 8601 times.
import { toRfc3339 } from './dates'
import type { Article, ArticleDraft, Author, Image } from './types'

/** What a client sends (PUT /api/articles/{id}, batches, the importer). */
export interface ArticleInput {
  id: string
  section: string
  title: string
  summary?: string
  content: string
  url: string
  authors?: Author[]
  /** ISO 8601 with an offset: `2024-02-18T12:13:00+03:00`. */
  published: string
  updated?: string
  tags?: string[]
  dateline?: string
  image?: Image
}

/** What the API answers: the stored article, times in Baghdad local time. */
export interface ArticleOutput extends Required<Omit<ArticleInput, 'dateline' | 'image'>> {
  section_name: string
  dateline?: string
  image?: Image
}

/** ISO 8601 date-time with seconds optional, fraction optional, and an offset (Z or ±hh:mm). */
export const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/

export function draftFromInput(input: ArticleInput): ArticleDraft {
  const draft: ArticleDraft = {
    id: input.id,
    section: input.section,
    title: input.title,
    content: input.content,
    url: input.url,
    published: Date.parse(input.published),
  }
  if (input.summary !== undefined) draft.summary = input.summary
  if (input.authors !== undefined) draft.authors = input.authors
  if (input.updated !== undefined) draft.updated = Date.parse(input.updated)
  if (input.tags !== undefined) draft.tags = input.tags
  if (input.dateline !== undefined) draft.dateline = input.dateline
  if (input.image !== undefined) draft.image = input.image
  return draft
}

export function articleToOutput(article: Article): ArticleOutput {
  const out: ArticleOutput = {
    id: article.id,
    section: article.section,
    section_name: article.sectionName,
    title: article.title,
    summary: article.summary,
    content: article.content,
    url: article.url,
    authors: article.authors,
    published: toRfc3339(article.published),
    updated: toRfc3339(article.updated),
    tags: article.tags,
  }
  if (article.dateline) out.dateline = article.dateline
  if (article.image) out.image = article.image
  return out
}
