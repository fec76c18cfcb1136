// Reads RSS 2.0, Atom 1.0 and JSON Feed (1.0/1.1) documents into articles for the API: the importer (a site
// leaving its old CMS) and the scheduled upstream pull share it, from the bytes and their Content-Type on, so
// both decode, date and keep items the same way. Pure: the caller says what time it is.
import { XMLParser } from 'fast-xml-parser'
import { DecodeError, decodeText } from './decode'
import { DEFAULT_TIME_ZONE, parseFeedDate } from './dates'
import { type RawEntry, atomEntries, atomFeedLink, jsonEntries, rssEntries } from './feed-formats'
import { type Node, attr, list, text } from './feed-nodes'
import type { ArticleInput } from '../model/article-json'
import { toRfc3339 } from '../model/dates'
import { hashText } from '../model/hash'
import { escapeHtml, escapeHtmlText } from '../model/html'
import { htmlToText, truncateText } from '../model/text'
import type { ArticleDraft, Author, Image } from '../model/types'
import { LIMITS } from '../publish/article-input'

const SUMMARY_CHARS = 1_000
/** A title made from the text of an untitled item (JSON Feed allows none) is a headline, not a paragraph. */
const MADE_TITLE_CHARS = 140
const MAX_TAGS = 30
const TAG_CHARS = 60
const REPEATED = new Set(['item', 'entry', 'category', 'link', 'dc:creator', 'author', 'enclosure', 'media:content', 'media:thumbnail', 'media:group'])
/** Atom text constructs are kept raw so `type="xhtml"` markup survives (RFC 4287 §3.1). */
const ATOM_TEXT_NODES = ['feed.entry.title', 'feed.entry.summary', 'feed.entry.content']
/** An Atom document written with a prefix for its own namespace: `<atom:feed xmlns:atom="…/2005/Atom">`. */
const PREFIXED_ATOM = /<([A-Za-z_][\w.-]*):feed\b[^>]*\sxmlns:\1\s*=\s*["']http:\/\/www\.w3\.org\/2005\/Atom["']/

/** `node` with `prefix:` taken off its element names, so a prefixed Atom document reads like a plain one. */
function unprefixed(node: unknown, prefix: string): unknown {
  if (Array.isArray(node)) return node.map((n) => unprefixed(n, prefix))
  if (!node || typeof node !== 'object') return node
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k.startsWith(prefix) ? k.slice(prefix.length) : k, unprefixed(v, prefix)]))
}
/** What a decoder puts where it could not read a byte: text carrying it was garbled before it reached us. */
const REPLACEMENT = '\uFFFD'

export class FeedFormatError extends Error {}

/** One item of a feed, before it is given a section. Times are epoch ms. */
export interface FeedEntry {
  key: string
  title: string
  url: string
  summary: string
  content: string
  /** The item's date, or the time it was first seen when it has none (`dated.published` false). */
  published: number
  updated: number | null
  dated: { published: boolean; updated: boolean }
  authors: Author[]
  tags: string[]
  image?: Image
}

/** An item left out of the document, and why: the source's status names each. */
export interface SkippedEntry {
  key: string
  reason: string
  /** A repeat of an earlier item of the document (left out on purpose), not an item that could not be read. */
  repeat?: true
}

/** A parsed feed: its items, those left out, and what names the feed itself (RSS link, Atom id, JSON home page). */
export interface FeedDocument {
  feedKey: string
  entries: FeedEntry[]
  skipped: SkippedEntry[]
}

export interface FeedParseOptions {
  /** The document's URL, the last base for relative links. */
  url?: string
  /** The Content-Type it came with: its charset decides the encoding. */
  contentType?: string | null
  /** When the document is read: the date of an undated item. */
  now: number
  /** Where a date without a zone is local time (IANA name; default Asia/Baghdad). */
  timeZone?: string
}

function readDocument(source: string, base: string | undefined): { feedKey: string; raw: RawEntry[] } {
  if (source.startsWith('{')) {
    let feed: unknown
    try {
      feed = JSON.parse(source)
    } catch {
      throw new FeedFormatError('not valid JSON')
    }
    if (!feed || typeof feed !== 'object' || !/jsonfeed\.org\/version\//.test(text((feed as Node).version))) {
      throw new FeedFormatError('JSON, but not a JSON Feed (no jsonfeed.org version)')
    }
    const json = feed as Node
    return { feedKey: text(json.home_page_url) || text(json.feed_url), raw: jsonEntries(json, base) }
  }
  if (!source.startsWith('<')) throw new FeedFormatError('neither XML nor JSON')
  const atomPrefix = PREFIXED_ATOM.exec(source.slice(0, 2_048))?.[1]
  const prefix = atomPrefix ? `${atomPrefix}:` : ''
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    trimValues: true,
    processEntities: true,
    htmlEntities: true,
    stopNodes: ATOM_TEXT_NODES.map((path) => path.split('.').map((name) => prefix + name).join('.')),
    isArray: (name) => REPEATED.has(name.startsWith(prefix) ? name.slice(prefix.length) : name),
  })
  let doc: Node
  try {
    doc = parser.parse(source, true) as Node
    if (prefix) doc = unprefixed(doc, prefix) as Node
  } catch (error) {
    throw new FeedFormatError(`malformed XML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`)
  }
  const rss = doc.rss as Node | undefined
  if (rss && typeof rss === 'object' && rss.channel) {
    const channel = rss.channel as Node
    return { feedKey: text(list(channel.link)[0]).trim(), raw: rssEntries(rss, channel, base) }
  }
  if (doc.feed && typeof doc.feed === 'object') {
    const feed = doc.feed as Node
    return { feedKey: text(feed.id).trim() || atomFeedLink(feed, base) || attr(feed, 'xml:base'), raw: atomEntries(feed, base) }
  }
  throw new FeedFormatError('XML, but neither an RSS <rss> nor an Atom <feed>')
}

/** A headline for an item that has none: the start of its text, cut at a word; else its link. */
function titleOf(entry: RawEntry): string {
  const title = entry.title.trim()
  if (title) return truncateText(title, LIMITS.title)
  const body = entry.summary || htmlToText(entry.content)
  return body ? truncateText(body, MADE_TITLE_CHARS) : entry.url
}

/**
 * The items of an RSS, Atom or JSON Feed document, whichever it is, from its bytes. Undated items are dated
 * `now`; an item whose date cannot be read, whose text is garbled, or that repeats an earlier item's
 * guid is left out and named in `skipped`.
 * @throws FeedFormatError when the bytes are not text in their encoding, or the text is none of the formats
 */
export function parseFeedDocument(body: Uint8Array | string, options: FeedParseOptions): FeedDocument {
  let source: string
  try {
    source = (typeof body === 'string' ? body : decodeText(body, { contentType: options.contentType })).replace(/^\uFEFF/, '').trim()
  } catch (error) {
    if (error instanceof DecodeError) throw new FeedFormatError(error.message)
    throw error
  }
  const { feedKey, raw } = readDocument(source, options.url)
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE
  const entries: FeedEntry[] = []
  const skipped: SkippedEntry[] = []
  const seen = new Map<string, number>()
  raw.forEach((item, index) => {
    const key = item.key || item.url || item.title
    const name = key || `item ${index + 1}`
    const first = seen.get(key)
    if (key && first !== undefined) {
      skipped.push({ key: name, reason: `repeats item ${first + 1} of the document (the first is kept)`, repeat: true })
      return
    }
    if (key) seen.set(key, index)
    if ([item.title, item.summary, item.content].some((t) => t.includes(REPLACEMENT))) {
      skipped.push({ key: name, reason: 'text contains U+FFFD: it was garbled before it was served' })
      return
    }
    const published = item.published.trim() ? parseFeedDate(item.published, timeZone) : null
    if (published && !published.ok) {
      skipped.push({ key: name, reason: `date: ${published.reason}` })
      return
    }
    const updated = item.updated.trim() ? parseFeedDate(item.updated, timeZone) : null
    const entry: FeedEntry = {
      key,
      title: titleOf(item),
      url: item.url,
      summary: item.summary,
      content: item.content || (item.summary ? `<p>${escapeHtmlText(item.summary)}</p>` : item.url ? `<p><a href="${escapeHtml(item.url)}">${escapeHtmlText(titleOf(item))}</a></p>` : ''),
      published: published?.ms ?? options.now,
      updated: updated?.ok ? updated.ms : null,
      dated: { published: published !== null, updated: updated?.ok === true },
      authors: item.authors,
      tags: item.tags,
    }
    if (item.image) entry.image = item.image
    entries.push(entry)
  })
  return { feedKey, entries, skipped }
}

/**
 * A stable article id for a feed item: the same item always gives the same id, whichever door it came by.
 * A guid that is a URL, URN or tag is unique on its own; a bare one ("1234") only within its feed, so it
 * is qualified by the feed's own key.
 */
export async function feedItemId(key: string, feedKey: string): Promise<string> {
  const unique = /^[a-z][a-z0-9+.-]*:/i.test(key) ? key : `${feedKey}#${key}`
  return `feed-${(await hashText(unique)).slice(0, 20)}`
}

/**
 * The item as an article for the API, in `section`. Missing required values are left empty for validation
 * to name. `feedKey` names the feed (parseFeedDocument's, else the feed's URL or file name).
 */
export async function entryToInput(entry: FeedEntry, section: string, feedKey: string): Promise<ArticleInput> {
  const input: ArticleInput = {
    id: await feedItemId(entry.key || entry.url || entry.title, feedKey),
    section,
    title: entry.title.trim(),
    content: entry.content,
    url: entry.url,
    published: toRfc3339(entry.published),
  }
  if (entry.summary) input.summary = truncateText(entry.summary, SUMMARY_CHARS)
  if (entry.updated !== null && entry.updated > entry.published) input.updated = toRfc3339(entry.updated)
  if (entry.authors.length > 0) input.authors = entry.authors.slice(0, 20).map((a) => ({ name: truncateText(a.name.trim(), 100) }))
  const tags = [...new Set(entry.tags.map((t) => truncateText(t.trim(), TAG_CHARS)).filter(Boolean))].slice(0, MAX_TAGS)
  if (tags.length > 0) input.tags = tags
  if (entry.image) input.image = entry.image
  return input
}

/** What the write path needs to date an item its source left undated (see ArticleDraft.seen). */
export function entrySeen(entry: FeedEntry, now: number): NonNullable<ArticleDraft['seen']> {
  return { at: now, published: entry.dated.published, updated: entry.dated.updated }
}
