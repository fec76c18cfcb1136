// The three feed shapes read into raw entries: RSS 2.0 (with Dublin Core, content:encoded, Media RSS),
// Atom 1.0 (text constructs of every type, xml:base) and JSON Feed 1.0/1.1. Dates stay strings here; the
// caller reads them in the source's time zone. Pure.
import { escapeHtmlText } from '../model/html'
import { htmlToText } from '../model/text'
import type { Author, Image } from '../model/types'
import { type Node, attr, baseFor, imageFrom, list, mediaRssImage, mimeOf, resolveUrl, text, xhtmlInner, xmlText } from './feed-nodes'

/** One item as its document gives it, before dates are read and defaults filled. */
export interface RawEntry {
  /** What identifies the item in its document: guid, Atom id or JSON id (else its link, else its title). */
  key: string
  title: string
  url: string
  /** Plain text. */
  summary: string
  /** HTML. */
  content: string
  published: string
  updated: string
  authors: Author[]
  tags: string[]
  image?: Image
}

/** The first of `nodes` with text. */
function first(...nodes: unknown[]): string {
  for (const node of nodes) {
    const value = text(list(node)[0]).trim()
    if (value) return value
  }
  return ''
}

/** RSS `author` is an email, often with the name in parentheses: `news@x.iq (علي حسين)`. */
function rssAuthor(value: string): string {
  const named = /\(([^)]+)\)/.exec(value)
  return (named?.[1] ?? value).trim()
}

/**
 * RSS items. Links resolve against the xml:base in scope, else the channel's `<link>`, else the document's URL
 * (the order Atom and RFC 3986 §5.1 give: base in the content, then the document's own, then where it was got).
 * @param base the document's URL, if known
 */
export function rssEntries(rss: Node, channel: Node, itemsIn: Node, base: string | undefined): RawEntry[] {
  const declared = attr(rss, 'xml:base') || attr(channel, 'xml:base')
  const channelBase = declared ? baseFor(channel, baseFor(rss, base)) : resolveUrl(text(list(channel.link)[0]), base) || base
  return list(itemsIn.item).map((raw) => {
    const item = (raw && typeof raw === 'object' ? raw : {}) as Node
    const itemBase = baseFor(item, channelBase)
    // `<link>` as RSS writes it, else one written Atom's way (`<link href>`, `<atom:link rel="alternate">`).
    const link = list(item.link).find((l) => text(l).trim()) ?? list(item.link).find((l) => attr(l, 'href') && (attr(l, 'rel') || 'alternate') === 'alternate')
    const atomLink = list(item['atom:link']).find((l) => (attr(l, 'rel') || 'alternate') === 'alternate')
    const url = resolveUrl(text(link) || attr(link, 'href'), baseFor(link, itemBase)) || resolveUrl(attr(atomLink, 'href'), baseFor(atomLink, itemBase))
    const guid = text(item.guid).trim()
    const description = text(item.description)
    const enclosure = list(item.enclosure)
      .map((e) => imageFrom(resolveUrl(attr(e, 'url'), itemBase), attr(e, 'type'), attr(e, 'length')))
      .find(Boolean)
    const creators = list(item['dc:creator']).map(text)
    const authors = (creators.length > 0 ? creators : list(item.author).map((a) => rssAuthor(text(a)))).filter(Boolean)
    const entry: RawEntry = {
      key: guid || url || text(item.title).trim(),
      title: htmlToText(text(item.title)),
      url: url || (/^https?:\/\//i.test(guid) && attr(item.guid, 'isPermaLink').toLowerCase() !== 'false' ? resolveUrl(guid, undefined) : ''),
      summary: htmlToText(description),
      content: text(item['content:encoded']) || description,
      // RSS 2.0, Dublin Core, DC terms, and Atom's names where a feed mixes them in.
      published: first(item.pubDate, item['dc:date'], item['dcterms:issued'], item['dcterms:created'], item['atom:published'], item['dcterms:modified'], item['atom:updated']),
      updated: first(item['dcterms:modified'], item['atom:updated']),
      authors: authors.map((name) => ({ name })),
      tags: list(item.category).map(text),
    }
    const image = mediaRssImage(item, itemBase) ?? enclosure
    if (image) entry.image = image
    return entry
  })
}

function atomLink(links: unknown[], rel: string): Node | undefined {
  return links.find((l) => (attr(l, 'rel') || 'alternate') === rel) as Node | undefined
}

/** Base64 (Atom 0.3 `mode="base64"`) as UTF-8 text; U+FFFD where it is not, so the item is left out. */
function fromBase64(value: string): string {
  try {
    const binary = atob(value.replace(/\s+/g, ''))
    return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)))
  } catch {
    return '\uFFFD'
  }
}

/**
 * An Atom text construct (RFC 4287 §3.1) as HTML: text escaped, html decoded, xhtml unwrapped; Atom 0.3's
 * `mode` too (`escaped` is html, `xml` is xhtml, `base64` is decoded, then read as its type).
 */
function atomHtml(node: unknown): string {
  const raw = text(node)
  const mode = attr(node, 'mode')
  const declared = attr(node, 'type') || 'text'
  const type = /^(text\/)?html$/.test(declared) || mode === 'escaped' ? 'html' : declared === 'xhtml' || declared === 'application/xhtml+xml' || mode === 'xml' ? 'xhtml' : 'text'
  if (type === 'xhtml' && mode !== 'base64') return xhtmlInner(raw)
  const value = mode === 'base64' || declared === 'base64' ? fromBase64(xmlText(raw)) : xmlText(raw)
  if (type === 'html' || (mode === 'base64' && /<[a-z]/i.test(value) && declared !== 'text/plain')) return value
  return value ? `<p>${escapeHtmlText(value)}</p>` : ''
}

function atomPlain(node: unknown): string {
  return htmlToText(atomHtml(node))
}

/** The alternate link of an Atom feed, for resolving its entries' relative links. */
export function atomFeedLink(feed: Node, base: string | undefined): string {
  const link = atomLink(list(feed.link), 'alternate')
  return resolveUrl(attr(link, 'href'), baseFor(link, baseFor(feed, base)))
}

export function atomEntries(feed: Node, base: string | undefined): RawEntry[] {
  const feedBase = attr(feed, 'xml:base') ? baseFor(feed, base) : atomFeedLink(feed, base) || base
  return list(feed.entry).map((raw) => {
    const entry = raw as Node
    const entryBase = baseFor(entry, feedBase)
    const links = list(entry.link)
    const alternate = atomLink(links, 'alternate')
    const id = text(entry.id).trim()
    // The alternate link (Atom 0.3 may give it as text), else the id when it is an http(s) URL (RFC 4287
    // §4.2.6 lets an id be one; feedparser reads it as the link too).
    const url =
      resolveUrl(attr(alternate, 'href') || text(alternate), baseFor(alternate, entryBase)) ||
      (/^https?:\/\//i.test(id) ? resolveUrl(id, undefined) : '')
    const enclosure = links
      .filter((l) => attr(l, 'rel') === 'enclosure')
      .map((l) => imageFrom(resolveUrl(attr(l, 'href'), baseFor(l, entryBase)), attr(l, 'type'), attr(l, 'length')))
      .find(Boolean)
    const out: RawEntry = {
      key: id || url,
      title: atomPlain(entry.title),
      url,
      summary: atomPlain(entry.summary),
      content: attr(entry.content, 'src') ? '' : atomHtml(entry.content),
      // Atom 1.0, then Atom 0.3 (issued, created, modified) and Dublin Core where a feed mixes them in.
      published: first(entry.published, entry.issued, entry.created, entry['dc:date'], entry['dcterms:issued'], entry.updated, entry.modified, entry['dcterms:modified']),
      updated: first(entry.updated, entry.modified, entry['dcterms:modified']),
      authors: list(entry.author).map((a) => ({ name: text((a as Node).name).trim() })).filter((a) => a.name),
      tags: list(entry.category).map((c) => attr(c, 'label') || attr(c, 'term')),
    }
    const image = mediaRssImage(entry, entryBase) ?? enclosure
    if (image) out.image = image
    return out
  })
}

export function jsonEntries(feed: Node, base: string | undefined): RawEntry[] {
  const feedBase = resolveUrl(text(feed.home_page_url), base) || base
  return list(feed.items).map((raw) => {
    const item = raw as Node
    const url = resolveUrl(text(item.url) || text(item.external_url), feedBase)
    const html = text(item.content_html)
    const plainText = text(item.content_text)
    const content = html || (plainText ? plainText.split(/\n{2,}/).map((p) => `<p>${escapeHtmlText(p)}</p>`).join('') : '')
    const authors = list(item.authors ?? item.author).map((a) => ({ name: text((a as Node).name).trim() })).filter((a) => a.name)
    const attachment = list(item.attachments)
      .map((a) => imageFrom(resolveUrl(text((a as Node).url), feedBase), text((a as Node).mime_type), text((a as Node).size_in_bytes)))
      .find(Boolean)
    const imageUrl = resolveUrl(text(item.image) || text(item.banner_image), feedBase)
    const out: RawEntry = {
      key: String(text(item.id)).trim() || url,
      title: text(item.title).trim(),
      url,
      summary: text(item.summary).trim(),
      content,
      published: text(item.date_published) || text(item.date_modified),
      updated: text(item.date_modified),
      authors,
      tags: list(item.tags).map(text),
    }
    const image = attachment ?? (imageUrl ? { url: imageUrl, type: mimeOf(imageUrl), length: 0 } : undefined)
    if (image) out.image = image
    return out
  })
}
