// Turns a draft into the article that is stored: normalized, sanitized, summarized and hashed. Pure.
import { identityKey } from '../model/arabic'
import { publishedOutOfRange, wholeSeconds } from '../model/dates'
import { hashText } from '../model/hash'
import { isArticleId } from '../model/ids'
import { cleanLine, htmlToText, truncateText } from '../model/text'
import type { Article, ArticleDraft, Author, Image, Section } from '../model/types'
import { parseHttpUrl } from '../model/urls'
import { ARTICLE_MESSAGES } from './article-input'
import { plainText, withoutBidiControls } from './plain-text'
import { type Removed, sanitizeHtml } from './sanitize'

/** Length of a summary made from the body when none is given. */
export const SUMMARY_CHARS = 280

type Problem = { field: string; detail: string }

export class InvalidDraftError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => `${p.field}: ${p.detail}`).join('; '))
  }
}

const BLANK_AFTER_CLEANING = 'blank once markup and bidi controls are removed'

/**
 * `value` as plain text (see plain-text.ts). A value that had text but has none once cleaned (`<b></b>`, a
 * bare bidi override) is a problem named by `field`; one that was blank to begin with stays '' (the schema or
 * the caller decides whether blank is allowed).
 */
function plainField(value: string, field: string, problems: Problem[]): string {
  const text = plainText(value)
  if (text === '' && cleanLine(value) !== '') problems.push({ field, detail: BLANK_AFTER_CLEANING })
  return text
}

/** The plain-text fields of a draft, cleaned; each blank-after-cleaning one is a problem named by its path. */
function plainFields(draft: ArticleDraft, problems: Problem[]) {
  const image = draft.image
  return {
    title: plainField(draft.title, 'title', problems),
    summary: draft.summary === undefined ? '' : plainField(draft.summary, 'summary', problems),
    tags: (draft.tags ?? []).map((tag, i) => plainField(tag, `tags/${i}`, problems)),
    authorNames: (draft.authors ?? []).map((a, i) => plainField(a.name, `authors/${i}/name`, problems)),
    dateline: draft.dateline === undefined ? '' : plainField(draft.dateline, 'dateline', problems),
    caption: image?.caption === undefined ? '' : plainField(image.caption, 'image/caption', problems),
    credit: image?.credit === undefined ? '' : plainField(image.credit, 'image/credit', problems),
  }
}

function absoluteUrl(raw: string, base?: string): string | null {
  return parseHttpUrl(cleanLine(raw), base || undefined)?.href ?? null
}

function cleanImage(image: Image, base: string, caption: string, credit: string): Image | undefined {
  const url = absoluteUrl(image.url, base)
  if (!url) return undefined
  const out: Image = { url, type: cleanLine(image.type).toLowerCase(), length: Math.max(0, Math.trunc(image.length)) }
  if (out.type === 'image/jpg') out.type = 'image/jpeg'
  if (image.width) out.width = Math.trunc(image.width)
  if (image.height) out.height = Math.trunc(image.height)
  if (caption) out.caption = caption
  if (credit) out.credit = credit
  return out
}

function cleanAuthors(authors: Author[] | undefined, names: string[]): Author[] {
  return (authors ?? []).flatMap((a, i) => {
    const name = names[i]
    if (!name) return []
    const url = a.url ? absoluteUrl(a.url) : null
    return [url ? { name, url } : { name }]
  })
}

const NO_SPELLINGS: ReadonlyMap<string, string> = new Map()

/**
 * Values that fold alike (identityKey) are one: each takes the first spelling stored (`spellings`, by
 * `{kind}:{key}`), else its first spelling here; later look-alikes are dropped.
 */
function oneSpelling(values: string[], kind: 't' | 'a', spellings: ReadonlyMap<string, string>): string[] {
  const seen = new Map<string, string>()
  for (const value of values) {
    const key = identityKey(value)
    if (!seen.has(key)) seen.set(key, spellings.get(`${kind}:${key}`) ?? value)
  }
  return [...seen.values()]
}

function oneSpellingOfAuthors(authors: Author[], spellings: ReadonlyMap<string, string>): Author[] {
  const seen = new Set<string>()
  return authors.flatMap((a) => {
    const key = identityKey(a.name)
    if (seen.has(key)) return []
    seen.add(key)
    return [{ ...a, name: spellings.get(`a:${key}`) ?? a.name }]
  })
}

/**
 * What is wrong with a draft's times, given the request's `now`: a time that is not one, a publication or
 * update time outside the accepted range (1990 to a year ahead; a future publication schedules the article),
 * or an update before the publication.
 */
export function dateProblems(draft: Pick<ArticleDraft, 'published' | 'updated'>, now: number): { field: string; detail: string }[] {
  const problems: { field: string; detail: string }[] = []
  if (!Number.isFinite(draft.published)) problems.push({ field: 'published', detail: 'a valid time' })
  else {
    const range = publishedOutOfRange(draft.published, now)
    if (range) problems.push({ field: 'published', detail: range })
  }
  if (draft.updated !== undefined) {
    if (!Number.isFinite(draft.updated)) problems.push({ field: 'updated', detail: 'a valid time' })
    else if (draft.updated < draft.published) problems.push({ field: 'updated', detail: ARTICLE_MESSAGES.updatedBeforePublished })
    else {
      const range = publishedOutOfRange(draft.updated, now)
      if (range) problems.push({ field: 'updated', detail: range })
    }
  }
  return problems
}

/**
 * The article as it will be stored, and what sanitizing removed from its content. `now` is the caller's
 * clock (the route's, the pull's scheduled time): it bounds how far ahead an article may be scheduled.
 */
export async function prepareArticle(
  draft: ArticleDraft,
  section: Section,
  now: number,
  spellings: ReadonlyMap<string, string> = NO_SPELLINGS,
): Promise<{ article: Article; removed: Removed }> {
  const problems: { field: string; detail: string }[] = []
  const id = cleanLine(draft.id)
  const plain = plainFields(draft, problems)
  const title = plain.title
  const url = absoluteUrl(draft.url)
  if (!isArticleId(id)) problems.push({ field: 'id', detail: ARTICLE_MESSAGES.id })
  if (!title && !problems.some((p) => p.field === 'title')) problems.push({ field: 'title', detail: 'required' })
  if (!url) problems.push({ field: 'url', detail: ARTICLE_MESSAGES.url })
  problems.push(...dateProblems(draft, now))
  if (problems.length > 0 || !url) throw new InvalidDraftError(problems)

  const { html, removed } = sanitizeHtml(draft.content, url)
  const published = wholeSeconds(draft.published)
  const updated = wholeSeconds(draft.updated ?? draft.published)
  const summarySource = plain.summary
  const tags = oneSpelling(plain.tags.filter((t) => t !== ''), 't', spellings)
  const body: Omit<Article, 'hash'> = {
    id,
    section: section.slug,
    sectionName: section.name,
    title,
    // A summary given is kept whole (up to its documented 1,000 characters); only one made from the body is cut.
    summary: summarySource || truncateText(withoutBidiControls(htmlToText(html)), SUMMARY_CHARS),
    content: html,
    url,
    authors: oneSpellingOfAuthors(cleanAuthors(draft.authors, plain.authorNames), spellings),
    published,
    updated,
    tags,
  }
  if (plain.dateline) body.dateline = plain.dateline
  const image = draft.image ? cleanImage(draft.image, url, plain.caption, plain.credit) : undefined
  if (image) body.image = image
  return { article: { ...body, hash: await hashText(JSON.stringify(body)) }, removed }
}

/** A section record with its text normalized. Throws InvalidDraftError when its name is blank once cleaned. */
export function prepareSection(section: Omit<Section, 'updated'> & { updated?: number }, now: number): Section {
  const problems: Problem[] = []
  const name = plainField(section.name, 'name', problems)
  const description = plainField(section.description, 'description', problems)
  if (!name && problems.length === 0) problems.push({ field: 'name', detail: 'required' })
  if (problems.length > 0) throw new InvalidDraftError(problems)
  return {
    slug: section.slug,
    name,
    description,
    order: section.order,
    updated: wholeSeconds(section.updated ?? now),
  }
}
