// The article as the publishing API, the importer and exports speak it: JSON with ISO 8601 times.
import { parseIsoDateTime, toRfc3339 } from './dates'
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

/** An article published after the request's clock is scheduled: stored, but in no feed or page until its time. */
export type ArticleState = 'scheduled' | 'published'

/** What the API answers: the stored article, times in Baghdad local time. */
export interface ArticleOutput extends Required<Omit<ArticleInput, 'dateline' | 'image'>> {
  section_name: string
  state: ArticleState
  dateline?: string
  image?: Image
}

/** The state of `article` at `now` (the request's clock). */
export function articleState(article: Pick<Article, 'published'>, now: number): ArticleState {
  return article.published > now ? 'scheduled' : 'published'
}

/** Epoch ms of an input date-time; NaN for one the calendar does not have (the write path refuses it). */
function inputTime(text: string): number {
  const parsed = parseIsoDateTime(text)
  return 'ms' in parsed ? parsed.ms : Number.NaN
}

export function draftFromInput(input: ArticleInput): ArticleDraft {
  const draft: ArticleDraft = {
    id: input.id,
    section: input.section,
    title: input.title,
    content: input.content,
    url: input.url,
    published: inputTime(input.published),
  }
  if (input.summary !== undefined) draft.summary = input.summary
  if (input.authors !== undefined) draft.authors = input.authors
  if (input.updated !== undefined) draft.updated = inputTime(input.updated)
  if (input.tags !== undefined) draft.tags = input.tags
  if (input.dateline !== undefined) draft.dateline = input.dateline
  if (input.image !== undefined) draft.image = input.image
  return draft
}

/** The article as the API shows it at `now` (its state depends on the clock). */
export function articleToOutput(article: Article, now: number): ArticleOutput {
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
    state: articleState(article, now),
    tags: article.tags,
  }
  if (article.dateline) out.dateline = article.dateline
  if (article.image) out.image = article.image
  return out
}
