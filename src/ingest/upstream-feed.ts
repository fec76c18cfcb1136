// Reads RSS 2.0, Atom 1.0 and JSON Feed (1.0/1.1) documents into articles for the API: the importer (a site
// leaving its old CMS) and the scheduled upstream pull share it, from the bytes and their Content-Type on, so
// both decode, date and keep items the same way. Pure: the caller says what time it is.
import { XMLParser } from 'fast-xml-parser'
import { decodeDocument } from './decode'
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
/**
 * The namespaces we read, by URI, and the prefix we read them under whatever prefix a document chose ('' for
 * the format's own elements: RSS 0.90 and 1.0 (RDF), RSS 2.0 written with a namespace, Atom in an Atom feed).
 */
const NAMESPACES: Record<string, string> = {
  'http://purl.org/rss/1.0/': '',
  'http://my.netscape.com/rdf/simple/0.9/': '',
  'http://backend.userland.com/rss2': '',
  'http://backend.userland.com/rss': '',
  'http://www.w3.org/2005/Atom': 'atom',
  'http://purl.org/atom/ns#': 'atom',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://purl.org/dc/terms/': 'dcterms',
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://search.yahoo.com/mrss/': 'media',
  'http://search.yahoo.com/mrss': 'media',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#': 'rdf',
}
const ATOM_NAMESPACES = new Set(['http://www.w3.org/2005/Atom', 'http://purl.org/atom/ns#'])
/** What may follow `&` in XML: a character reference or a name and `;`. Any other `&` is text (a bare `&`). */
const BARE_AMPERSAND = /&(?!#\d+;|#x[0-9a-fA-F]+;|[A-Za-z_][\w.-]*;)/g
/** A parser's message is quoted at most this long (one names the whole stack of open elements). */
const ERROR_CHARS = 200
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text)
/** A DOCTYPE with its internal subset (`<!DOCTYPE rss [ <!ENTITY …> ]>`). */
const DOCTYPE = /<!DOCTYPE\b(?:[^[>]|\[[\s\S]*?\])*>/i
/** HTML's void elements, met unclosed inside unescaped content: `<br>` closes itself. */
const VOID_ELEMENTS = ['br', 'hr', 'img', 'input', 'meta', 'area', 'base', 'col', 'embed', 'param', 'source', 'track', 'wbr']

/** The prefixes a document declares, mapped to ours: `r:` for RSS 2.0's namespace is read as no prefix. */
function prefixMap(source: string): { map: Map<string, string>; atom: boolean } {
  const declared = new Map<string, string>()
  for (const m of source.matchAll(/\sxmlns:([A-Za-z_][\w.-]*)\s*=\s*["']([^"']*)["']/g)) if (!declared.has(m[1]!)) declared.set(m[1]!, m[2]!)
  const root = /<(?![?!])(?:([A-Za-z_][\w.-]*):)?([A-Za-z_][\w.-]*)/.exec(source)
  const rootUri = root?.[1] ? declared.get(root[1]) : (/^[^>]*\sxmlns\s*=\s*["']([^"']*)["']/.exec(source.slice(root?.index ?? 0))?.[1] ?? '')
  const atom = root?.[2] === 'feed' && (!root[1] || ATOM_NAMESPACES.has(rootUri ?? ''))
  const map = new Map<string, string>()
  for (const [prefix, uri] of declared) {
    const ours = NAMESPACES[uri]
    if (ours === undefined) continue
    map.set(prefix, ours === 'atom' && atom ? '' : ours)
  }
  return { map, atom }
}

/**
 * XML as it is served made readable the way a forgiving reader does it: the end of a cut-off document dropped,
 * an end tag that closes nothing ignored, elements left open closed where their parent ends. Linear: one pass
 * over the tags with a stack. Used only when the document as served is not well-formed.
 */
function balanceTags(source: string): string {
  const out: string[] = []
  const open: string[] = []
  // How many of each name are open: an end tag that closes nothing is known at once, and one that does pops
  // what it searched past, so the pass stays linear whatever the nesting.
  const counts = new Map<string, number>()
  let at = 0
  const token = /<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<!--[\s\S]*?(?:-->|$)|<[?!][^>]*>?|<\/([^\s>]+)\s*>?|<([A-Za-z_][^\s/>]*)(?:[^>"']|"[^"]*"|'[^']*')*?(\/?)>|<[^>]*$|</g
  for (let m = token.exec(source); m; m = token.exec(source)) {
    out.push(source.slice(at, m.index))
    at = token.lastIndex
    const [whole, close, name, selfClosing] = m
    if (close !== undefined) {
      if (!counts.get(close) || !whole.endsWith('>')) continue
      for (let name = open.pop(); name !== undefined; name = open.pop()) {
        counts.set(name, (counts.get(name) ?? 1) - 1)
        if (name === close) break
        out.push(`</${name}>`)
      }
      out.push(whole)
    } else if (name !== undefined) {
      const isVoid = VOID_ELEMENTS.includes(name.toLowerCase())
      out.push(isVoid && !selfClosing ? `${whole.slice(0, -1)}/>` : whole)
      if (!selfClosing && !isVoid) {
        open.push(name)
        counts.set(name, (counts.get(name) ?? 0) + 1)
      }
    } else if (whole.startsWith('<![CDATA[')) {
      out.push(whole.endsWith(']]>') ? whole : `${whole}]]>`)
    } else if (whole.startsWith('<!--')) {
      out.push(whole.endsWith('-->') ? whole : `${whole}-->`)
    } else if (whole === '<') {
      out.push('&lt;')
    } else if (/^<[?!]/.test(whole) && whole.endsWith('>')) {
      out.push(whole)
    }
    // Anything else is a tag cut off by the end of the document: dropped.
  }
  out.push(source.slice(at))
  while (open.length > 0) out.push(`</${open.pop()}>`)
  return out.join('')
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

/** Something a reader should be told about a document or an item that was kept (a date not read, say). */
export interface FeedWarning {
  /** The item's key; absent for the document itself. */
  key?: string
  reason: string
}

/** A parsed feed: its items, those left out, and what names the feed itself (RSS link, Atom id, JSON home page). */
export interface FeedDocument {
  feedKey: string
  entries: FeedEntry[]
  skipped: SkippedEntry[]
  warnings: FeedWarning[]
}

export interface FeedParseOptions {
  /** The document's URL, the last base for relative links. */
  url?: string
  /** The Content-Type it came with: its charset decides the encoding. */
  contentType?: string | null
  /** The encoding a person said it is in (a source's `encoding`, `--encoding`): tried first, after a BOM. */
  encoding?: string | null
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
  const { map, atom } = prefixMap(source.slice(0, 64 * 1024))
  const rename = (name: string) => {
    const colon = name.indexOf(':')
    if (colon === -1) return name
    const ours = map.get(name.slice(0, colon))
    return ours === undefined ? name : ours ? `${ours}:${name.slice(colon + 1)}` : name.slice(colon + 1)
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    trimValues: true,
    // Entities keep fast-xml-parser's limits (count, size, expansion), and nesting its depth limit.
    processEntities: true,
    htmlEntities: true,
    transformTagName: rename,
    transformAttributeName: rename,
    unpairedTags: VOID_ELEMENTS,
    stopNodes: atom ? ATOM_TEXT_NODES : [],
    isArray: (name) => REPEATED.has(name),
  })
  // A bare `&` (`?a=1&b=2`) is never markup: it is read as the text it is, as feedparser's loose parser does.
  // The text is decoded already, so the XML declaration has said all it had to (and may follow junk).
  // CDATA sections are left as they are: an `&` there is already text.
  const xml = source
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((part) => (part.startsWith('<![CDATA[') ? part : part.replace(BARE_AMPERSAND, '&amp;')))
    .join('')
    .replace(/<\?xml\s[^>]*\?>/, '')
  let doc: Node | undefined
  let firstError: unknown
  // As served; else with its tags balanced; else without its DOCTYPE too (its undefined entities stay text).
  for (const attempt of [() => xml, () => balanceTags(xml), () => balanceTags(xml.replace(DOCTYPE, ''))]) {
    try {
      doc = parser.parse(attempt(), true) as Node
      break
    } catch (error) {
      firstError ??= error
    }
  }
  if (!doc) throw new FeedFormatError(`malformed XML: ${clip(firstError instanceof Error ? firstError.message.split('\n')[0] ?? '' : String(firstError), ERROR_CHARS)}`)
  if ('rss' in doc) {
    // RSS 0.91–2.0; `<rss></rss>` or one without a channel is a feed with no items.
    const rss = (doc.rss && typeof doc.rss === 'object' ? doc.rss : {}) as Node
    const channel = (rss.channel && typeof rss.channel === 'object' ? list(rss.channel)[0] : {}) as Node
    return { feedKey: text(list(channel.link)[0]).trim(), raw: rssEntries(rss, channel, channel, base) }
  }
  if ('rdf:RDF' in doc) {
    // RSS 0.90 and 1.0: the items are the channel's siblings, children of rdf:RDF.
    const rdf = (doc['rdf:RDF'] && typeof doc['rdf:RDF'] === 'object' ? doc['rdf:RDF'] : {}) as Node
    const channel = (rdf.channel && typeof rdf.channel === 'object' ? list(rdf.channel)[0] : {}) as Node
    return { feedKey: text(list(channel.link)[0]).trim() || attr(channel, 'rdf:about'), raw: rssEntries(rdf, channel, rdf, base) }
  }
  if ('feed' in doc) {
    const feed = (doc.feed && typeof doc.feed === 'object' ? doc.feed : {}) as Node
    return { feedKey: text(feed.id).trim() || atomFeedLink(feed, base) || attr(feed, 'xml:base'), raw: atomEntries(feed, base) }
  }
  throw new FeedFormatError(`XML, but not a feed: the root element is <${Object.keys(doc).find((k) => !k.startsWith('?')) ?? ''}>, not RSS <rss>, RSS 1.0 <rdf:RDF> or Atom <feed>`)
}

/** A headline for an item that has none: the start of its text, cut at a word; else its link. */
function titleOf(entry: RawEntry): string {
  const title = entry.title.trim()
  if (title) return truncateText(title, LIMITS.title)
  const body = entry.summary || htmlToText(entry.content)
  return body ? truncateText(body, MADE_TITLE_CHARS) : entry.url
}

/**
 * The items of an RSS, Atom or JSON Feed document, whichever it is, from its bytes. Undated items, and items
 * whose date cannot be read, are dated `now` (the latter with a warning); an item whose text could not be
 * decoded or is garbled, or that repeats an earlier item's guid, is left out and named in `skipped`.
 * @throws FeedFormatError when the text is none of the formats (not when some of its bytes cannot be decoded)
 */
export function parseFeedDocument(body: Uint8Array | string, options: FeedParseOptions): FeedDocument {
  const decoded = typeof body === 'string' ? { text: body, warnings: [] as string[], invalid: undefined } : decodeDocument(body, options)
  const source = decoded.text.replace(/^\uFEFF/, '').trim()
  const { feedKey, raw } = readDocument(source, options.url)
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE
  const entries: FeedEntry[] = []
  const skipped: SkippedEntry[] = []
  const warnings: FeedWarning[] = decoded.warnings.map((reason) => ({ reason }))
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
    const garbled = [item.title, item.summary, item.content, item.url, ...item.authors.map((a) => a.name), ...item.tags].some((t) => t.includes(REPLACEMENT))
    if (garbled) {
      skipped.push({ key: name, reason: decoded.invalid ? `its text cannot be decoded (the document, first: ${decoded.invalid})` : 'text contains U+FFFD: it was garbled before it was served' })
      return
    }
    const published = item.published.trim() ? parseFeedDate(item.published, timeZone) : null
    if (published && !published.ok) warnings.push({ key: name, reason: `date not read, dated when first seen: ${published.reason}` })
    const updated = item.updated.trim() ? parseFeedDate(item.updated, timeZone) : null
    if (updated && !updated.ok && item.updated !== item.published) warnings.push({ key: name, reason: `update date not read: ${updated.reason}` })
    const entry: FeedEntry = {
      key,
      title: titleOf(item),
      url: item.url,
      summary: item.summary,
      content: item.content || (item.summary ? `<p>${escapeHtmlText(item.summary)}</p>` : item.url ? `<p><a href="${escapeHtml(item.url)}">${escapeHtmlText(titleOf(item))}</a></p>` : ''),
      published: published?.ok ? published.ms : options.now,
      updated: updated?.ok ? updated.ms : null,
      dated: { published: published?.ok === true, updated: updated?.ok === true },
      authors: item.authors,
      tags: item.tags,
    }
    if (item.image) entry.image = item.image
    entries.push(entry)
  })
  return { feedKey, entries, skipped, warnings }
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
