// Reads RSS 2.0, Atom 1.0 and JSON Feed (1.0/1.1) documents into articles for the API: the importer (a site
// leaving its old CMS) and the scheduled upstream pull share it. Pure.
import { XMLParser } from 'fast-xml-parser'
import type { ArticleInput } from '../model/article-json'
import { toRfc3339 } from '../model/dates'
import { hashText } from '../model/hash'
import { escapeHtmlText } from '../model/html'
import { htmlToText, truncateText } from '../model/text'
import type { Author, Image } from '../model/types'

const SUMMARY_CHARS = 1_000
const MAX_TAGS = 30
const TAG_CHARS = 60
const REPEATED = new Set(['item', 'entry', 'category', 'link', 'dc:creator', 'author', 'enclosure', 'media:content', 'media:thumbnail'])

export class FeedFormatError extends Error {}

/** One item of a feed, before it is given a section. */
export interface FeedEntry {
  /** What identifies the item in its feed: guid, Atom id or JSON id (else its link). */
  key: string
  title: string
  url: string
  summary: string
  content: string
  published: number | null
  updated: number | null
  authors: Author[]
  tags: string[]
  image?: Image
}

type Node = Record<string, unknown>

function text(node: unknown): string {
  if (typeof node === 'string') return node
  if (typeof node === 'number') return String(node)
  if (node && typeof node === 'object' && '#text' in node) return text((node as Node)['#text'])
  return ''
}

function list(node: unknown): unknown[] {
  if (node === undefined || node === null) return []
  return Array.isArray(node) ? node : [node]
}

function attr(node: unknown, name: string): string {
  return node && typeof node === 'object' ? text((node as Node)[`@_${name}`]) : ''
}

function date(value: string): number | null {
  const ms = Date.parse(value.trim())
  return Number.isNaN(ms) ? null : ms
}

function absolute(url: string, base: string | undefined): string {
  const trimmed = url.trim()
  if (!trimmed) return ''
  try {
    return base ? new URL(trimmed, base).href : new URL(trimmed).href
  } catch {
    return ''
  }
}

function plain(value: string): string {
  return htmlToText(value)
}

function imageFrom(url: string, type: string, length: string, width?: string, height?: string): Image | undefined {
  if (!url || !/^image\//.test(type)) return undefined
  const image: Image = { url, type: type === 'image/jpg' ? 'image/jpeg' : type, length: Math.max(0, Number.parseInt(length, 10) || 0) }
  const w = Number.parseInt(width ?? '', 10)
  const h = Number.parseInt(height ?? '', 10)
  if (w > 0) image.width = w
  if (h > 0) image.height = h
  return image
}

/** RSS `author` is an email, often with the name in parentheses: `news@x.iq (علي حسين)`. */
function rssAuthor(value: string): string {
  const named = /\(([^)]+)\)/.exec(value)
  return (named?.[1] ?? value).trim()
}

function mimeOf(url: string): string {
  const ext = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(url)?.[1]?.toLowerCase()
  return ext === 'png' ? 'image/png' : ext === 'webp' ? 'image/webp' : ext === 'gif' ? 'image/gif' : 'image/jpeg'
}

function rssEntries(channel: Node, base: string | undefined): FeedEntry[] {
  return list(channel.item).map((raw) => {
    const item = raw as Node
    const url = absolute(text(list(item.link)[0]), base)
    const guid = text(item.guid)
    const description = text(item.description)
    const content = text(item['content:encoded']) || description
    const enclosure = list(item.enclosure).map((e) => imageFrom(absolute(attr(e, 'url'), base), attr(e, 'type'), attr(e, 'length'))).find(Boolean)
    const media = list(item['media:content'])
      .map((m) => imageFrom(absolute(attr(m, 'url'), base), attr(m, 'type') || (attr(m, 'medium') === 'image' ? mimeOf(attr(m, 'url')) : ''), attr(m, 'fileSize'), attr(m, 'width'), attr(m, 'height')))
      .find(Boolean)
    const creators = list(item['dc:creator']).map(text)
    const authors = (creators.length > 0 ? creators : list(item.author).map((a) => rssAuthor(text(a)))).filter(Boolean)
    const entry: FeedEntry = {
      key: guid || url || text(item.title),
      title: plain(text(item.title)),
      url: url || (/^https?:/.test(guid) ? guid : ''),
      summary: plain(description),
      content,
      published: date(text(item.pubDate)) ?? date(text(item['dc:date'])),
      updated: date(text(item['dcterms:modified'])) ?? date(text(item['atom:updated'])),
      authors: authors.map((name) => ({ name })),
      tags: list(item.category).map(text),
    }
    const image = media ?? enclosure
    if (image) entry.image = image
    return entry
  })
}

function atomLink(links: unknown[], rel: string): Node | undefined {
  return links.find((l) => (attr(l, 'rel') || 'alternate') === rel) as Node | undefined
}

function atomText(node: unknown): string {
  const value = text(node)
  return attr(node, 'type') === 'html' || attr(node, 'type') === 'xhtml' ? plain(value) : value
}

function atomEntries(feed: Node, base: string | undefined): FeedEntry[] {
  return list(feed.entry).map((raw) => {
    const entry = raw as Node
    const links = list(entry.link)
    const url = absolute(attr(atomLink(links, 'alternate'), 'href'), base)
    const contentNode = entry.content
    const contentType = attr(contentNode, 'type')
    const contentValue = text(contentNode)
    const content = contentType === 'html' || contentType === 'xhtml' ? contentValue : contentValue ? `<p>${escapeHtmlText(contentValue)}</p>` : ''
    const enclosure = links.filter((l) => attr(l, 'rel') === 'enclosure').map((l) => imageFrom(absolute(attr(l, 'href'), base), attr(l, 'type'), attr(l, 'length'))).find(Boolean)
    const summary = atomText(entry.summary)
    const out: FeedEntry = {
      key: text(entry.id) || url,
      title: atomText(entry.title),
      url,
      summary: summary || plain(content),
      content: content || (summary ? `<p>${escapeHtmlText(summary)}</p>` : ''),
      published: date(text(entry.published)) ?? date(text(entry.updated)),
      updated: date(text(entry.updated)),
      authors: list(entry.author).map((a) => ({ name: text((a as Node).name) })).filter((a) => a.name),
      tags: list(entry.category).map((c) => attr(c, 'label') || attr(c, 'term')),
    }
    if (enclosure) out.image = enclosure
    return out
  })
}

function jsonEntries(feed: Node, base: string | undefined): FeedEntry[] {
  return list(feed.items).map((raw) => {
    const item = raw as Node
    const url = absolute(text(item.url), base)
    const html = text(item.content_html)
    const plainText = text(item.content_text)
    const content = html || (plainText ? plainText.split(/\n{2,}/).map((p) => `<p>${escapeHtmlText(p)}</p>`).join('') : '')
    const authors = list(item.authors ?? item.author).map((a) => ({ name: text((a as Node).name) })).filter((a) => a.name)
    const attachment = list(item.attachments)
      .map((a) => imageFrom(absolute(text((a as Node).url), base), text((a as Node).mime_type), text((a as Node).size_in_bytes)))
      .find(Boolean)
    const imageUrl = absolute(text(item.image), base)
    const out: FeedEntry = {
      key: text(item.id) || url,
      title: text(item.title),
      url,
      summary: text(item.summary) || plain(content),
      content,
      published: date(text(item.date_published)) ?? date(text(item.date_modified)),
      updated: date(text(item.date_modified)),
      authors,
      tags: list(item.tags).map(text),
    }
    const image = attachment ?? (imageUrl ? { url: imageUrl, type: mimeOf(imageUrl), length: 0 } : undefined)
    if (image) out.image = image
    return out
  })
}

/** A parsed feed: its items, and what names the feed itself (RSS link, Atom id, JSON Feed home page). */
export interface FeedDocument {
  feedKey: string
  entries: FeedEntry[]
}

/**
 * The items of an RSS, Atom or JSON Feed document, whichever it is.
 * @param base the document's own URL, to resolve relative links
 * @throws FeedFormatError when the document is none of them
 */
export function parseFeedDocument(body: string, base?: string): FeedDocument {
  const source = body.replace(/^\uFEFF/, '').trim()
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
    return { feedKey: text(json.home_page_url) || text(json.feed_url), entries: jsonEntries(json, base) }
  }
  if (!source.startsWith('<')) throw new FeedFormatError('neither XML nor JSON')
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    trimValues: true,
    processEntities: true,
    htmlEntities: true,
    isArray: (name) => REPEATED.has(name),
  })
  let doc: Node
  try {
    doc = parser.parse(source, true) as Node
  } catch (error) {
    throw new FeedFormatError(`malformed XML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`)
  }
  const rss = doc.rss as Node | undefined
  if (rss && typeof rss === 'object' && rss.channel) {
    const channel = rss.channel as Node
    return { feedKey: text(list(channel.link)[0]), entries: rssEntries(channel, base) }
  }
  if (doc.feed && typeof doc.feed === 'object') {
    const feed = doc.feed as Node
    return { feedKey: text(feed.id) || attr(atomLink(list(feed.link), 'alternate'), 'href'), entries: atomEntries(feed, base) }
  }
  throw new FeedFormatError('XML, but neither an RSS <rss> nor an Atom <feed>')
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
    content: entry.content || (entry.summary ? `<p>${escapeHtmlText(entry.summary)}</p>` : ''),
    url: entry.url,
    published: entry.published === null ? '' : toRfc3339(entry.published),
  }
  if (entry.summary) input.summary = truncateText(entry.summary, SUMMARY_CHARS)
  if (entry.updated !== null && entry.published !== null && entry.updated > entry.published) input.updated = toRfc3339(entry.updated)
  if (entry.authors.length > 0) input.authors = entry.authors.slice(0, 20).map((a) => ({ name: truncateText(a.name.trim(), 100) }))
  const tags = [...new Set(entry.tags.map((t) => truncateText(t.trim(), TAG_CHARS)).filter(Boolean))].slice(0, MAX_TAGS)
  if (tags.length > 0) input.tags = tags
  if (entry.image) input.image = entry.image
  return input
}
