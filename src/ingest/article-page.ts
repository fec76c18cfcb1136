// Reads an article page saved as text in the publisher's shape (see tests/fixtures/ and shared/seed/README.md):
// headline, `SECTION | HH:MM - DD/MM/YYYY` in Baghdad time, dateline, one paragraph a line, then site chrome
// from «اخبار ذات الصلة» on, which is dropped.
import type { ArticleInput } from '../model/article-json'
import { BAGHDAD_OFFSET_MS, fromBaghdad, toRfc3339 } from '../model/dates'
import { hashText } from '../model/hash'
import { escapeHtmlText } from '../model/html'
import { cleanLine } from '../model/text'

/** Where the page's own text ends: "related news" and the site chrome after it. */
export const CHROME_MARKER = 'اخبار ذات الصلة'
/** `تقارير |\u00A0 12:13 - 18/02/2024`: any white space, the no-break space included, around the parts. */
const META_LINE = /^(.+?)\s*\|\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/
/** A paragraph ends with punctuation; a short line without it is a subheading. */
const FINAL_PUNCTUATION = /[.!?؟…:"”»').،؛]$/
const MAX_SUBHEADING_CHARS = 120

export interface ArticlePage {
  title: string
  sectionName: string
  /** Epoch ms (the page shows Baghdad local time). */
  published: number
  dateline: string
  blocks: { kind: 'paragraph' | 'subheading'; text: string }[]
}

export class PageFormatError extends Error {}

/** Parses a saved article page. Throws PageFormatError saying which line is not as expected. */
export function parseArticlePage(text: string): ArticlePage {
  if (text.includes('\uFFFD')) throw new PageFormatError('the text contains U+FFFD: it was garbled before it was saved')
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).map(cleanLine)
  const title = lines[0] ?? ''
  if (!title) throw new PageFormatError('line 1: the headline is missing')
  const metaAt = lines.findIndex((l, i) => i > 0 && META_LINE.test(l))
  if (metaAt === -1) throw new PageFormatError('no "SECTION | HH:MM - DD/MM/YYYY" line')
  const [, section = '', hh, mm, dd, mo, yyyy] = META_LINE.exec(lines[metaAt] ?? '') ?? []
  const [hour, minute, day, month, year] = [hh, mm, dd, mo, yyyy].map(Number) as [number, number, number, number, number]
  if (hour > 23 || minute > 59 || month < 1 || month > 12 || day < 1 || day > 31) {
    throw new PageFormatError(`line ${metaAt + 1}: not a valid time or date`)
  }
  const published = fromBaghdad(year, month, day, hour, minute)
  if (new Date(published + BAGHDAD_OFFSET_MS).getUTCDate() !== day) throw new PageFormatError(`line ${metaAt + 1}: no such date`)

  const rest = lines.slice(metaAt + 1)
  const end = rest.findIndex((l) => l === CHROME_MARKER)
  const body = (end === -1 ? rest : rest.slice(0, end)).filter((l) => l !== '')
  const [dateline = '', ...paragraphs] = body
  if (paragraphs.length === 0) throw new PageFormatError('the article has no body text')
  return {
    title,
    sectionName: cleanLine(section),
    published,
    dateline,
    blocks: paragraphs.map((p) => ({
      kind: !FINAL_PUNCTUATION.test(p) && p.length <= MAX_SUBHEADING_CHARS ? 'subheading' : 'paragraph',
      text: p,
    })),
  }
}

/** The body as HTML: `<p>` paragraphs and `<h2>` subheadings. */
export function pageBodyHtml(page: ArticlePage): string {
  return page.blocks.map((b) => (b.kind === 'subheading' ? `<h2>${escapeHtmlText(b.text)}</h2>` : `<p>${escapeHtmlText(b.text)}</p>`)).join('\n')
}

/**
 * The page as an article for the API. Its id is stable — the Baghdad date and a hash of the headline — so
 * importing the same page again updates the same article.
 * @param siteUrl the publisher's site; the page itself does not say its URL, so it is `{siteUrl}/news/{id}`
 * @param sectionSlug the slug of the page's section (the page names it in Arabic; the API accepts either)
 */
export async function pageToInput(page: ArticlePage, siteUrl: string, sectionSlug?: string): Promise<ArticleInput> {
  const id = `${toRfc3339(page.published).slice(0, 10)}-${(await hashText(page.title)).slice(0, 10)}`
  return {
    id,
    section: sectionSlug ?? page.sectionName,
    title: page.title,
    content: pageBodyHtml(page),
    url: `${siteUrl.replace(/\/+$/, '')}/news/${id}`,
    published: toRfc3339(page.published),
    dateline: page.dateline,
  }
}
