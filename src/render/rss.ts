// RSS 2.0 (https://www.rssboard.org/rss-specification) with content:, dc:, dcterms:, media: and atom: extensions.
import { toRfc3339, toRfc822 } from '../model/dates'
import type { FeedDoc, FeedFormat, FeedItem, Image } from '../model/types'
import { MEDIA_TYPES } from './media-types'
import { alternates, relatedLinks } from './links'
import { type XmlChild, type XmlNode, LF, cdata, el, emptyEl, lines, xmlDocument } from './xml'

const FORMAT: FeedFormat = 'rss'
const DOCS = 'https://www.rssboard.org/rss-specification'

const NS = {
  atom: 'http://www.w3.org/2005/Atom',
  content: 'http://purl.org/rss/1.0/modules/content/',
  dc: 'http://purl.org/dc/elements/1.1/',
  dcterms: 'http://purl.org/dc/terms/',
  media: 'http://search.yahoo.com/mrss/',
  fh: 'http://purl.org/syndication/history/1.0',
}

/** The lead image as an enclosure (RSS 2.0 requires its length, so none without one) and as Media RSS. */
function renderImage(image: Image): XmlChild[] {
  const length = image.length > 0 ? image.length : null
  const size = { width: image.width || null, height: image.height || null }
  return [
    length !== null && emptyEl('enclosure', { url: image.url, length, type: image.type }),
    el(
      'media:content',
      { url: image.url, type: image.type, medium: 'image', fileSize: length, ...size },
      image.caption && el('media:description', { type: 'plain' }, image.caption),
      image.credit && el('media:credit', null, image.credit),
    ),
    emptyEl('media:thumbnail', { url: image.url, ...size }),
  ]
}

function renderItem(item: FeedItem): XmlNode {
  return el(
    'item',
    null,
    el('title', null, item.title),
    el('link', null, item.url),
    el('guid', { isPermaLink: 'false' }, item.id),
    el('pubDate', null, toRfc822(item.published)),
    // RSS 2.0 has no modification date; Dublin Core Terms does (W3C-DTF, i.e. RFC 3339).
    el('dcterms:modified', null, toRfc3339(item.updated)),
    item.authors.map((author) => el('dc:creator', null, author.name)),
    item.categories.map((category) => el('category', null, category)),
    el('description', null, item.summary),
    el('content:encoded', null, cdata(item.contentHtml)),
    item.image && renderImage(item.image),
  )
}

/** Renders `doc` as RSS 2.0. Pure: the same doc gives the same bytes. */
export function renderRss(doc: FeedDoc): string {
  const { items, links } = doc
  const used = {
    atom: true,
    content: items.length > 0,
    dc: items.some((i) => i.authors.length > 0),
    dcterms: items.length > 0,
    media: items.some((i) => i.image !== undefined),
    fh: links.archive,
  }
  const namespaces: Record<string, string | null> = {}
  for (const prefix of Object.keys(NS) as (keyof typeof NS)[]) namespaces[`xmlns:${prefix}`] = used[prefix] ? NS[prefix] : null
  const type = MEDIA_TYPES[FORMAT]
  const channel = el(
    'channel',
    null,
    LF,
    el('title', null, doc.title),
    el('link', null, doc.homeUrl),
    el('description', null, doc.description),
    el('language', null, doc.language),
    el('lastBuildDate', null, toRfc822(doc.updated)),
    el('generator', null, `${doc.generator.name} ${doc.generator.version}`),
    el('docs', null, DOCS),
    el('ttl', null, String(doc.ttl)),
    el('image', null, el('url', null, doc.logo), el('title', null, doc.title), el('link', null, doc.homeUrl)),
    LF,
    lines([
      emptyEl('atom:link', { href: links.self[FORMAT], rel: 'self', type }),
      ...alternates(links, FORMAT).map(({ url, type }) => emptyEl('atom:link', { href: url, rel: 'alternate', type })),
      links.hub ? emptyEl('atom:link', { href: links.hub, rel: 'hub' }) : null,
      ...relatedLinks(links, FORMAT).map(([rel, href]) => emptyEl('atom:link', { href, rel, type })),
      links.archive && emptyEl('fh:archive', null),
      ...items.map(renderItem),
    ]),
  )
  return xmlDocument(el('rss', { version: '2.0', ...namespaces }, LF, channel, LF))
}
