// RSS 2.0 (https://www.rssboard.org/rss-specification) with content:, dc:, dcterms:, media: and atom: extensions.
import { toRfc3339, toRfc822 } from '../model/dates'
import type { FeedDoc, FeedFormat, FeedItem } from '../model/types'
import { MEDIA_TYPES } from './media-types'
import { alternates, relatedLinks } from './links'
import { element, xmlAttr, xmlCdata, xmlText } from './xml'

const FORMAT: FeedFormat = 'rss'

const NS = {
  atom: 'http://www.w3.org/2005/Atom',
  content: 'http://purl.org/rss/1.0/modules/content/',
  dc: 'http://purl.org/dc/elements/1.1/',
  dcterms: 'http://purl.org/dc/terms/',
  media: 'http://search.yahoo.com/mrss/',
  fh: 'http://purl.org/syndication/history/1.0',
}

function renderItem(item: FeedItem): string {
  let out = '<item>'
  out += element('title', item.title)
  out += element('link', item.url)
  out += `<guid isPermaLink="false">${xmlText(item.id)}</guid>`
  out += element('pubDate', toRfc822(item.published))
  // RSS 2.0 has no modification date; Dublin Core Terms does (W3C-DTF, i.e. RFC 3339).
  out += element('dcterms:modified', toRfc3339(item.updated))
  for (const author of item.authors) out += element('dc:creator', author.name)
  for (const category of item.categories) out += element('category', category)
  out += element('description', item.summary)
  out += `<content:encoded>${xmlCdata(item.contentHtml)}</content:encoded>`
  const image = item.image
  if (image) {
    if (image.length > 0) {
      out += `<enclosure url="${xmlAttr(image.url)}" length="${image.length}" type="${xmlAttr(image.type)}"/>`
    }
    const size = (image.width ? ` width="${image.width}"` : '') + (image.height ? ` height="${image.height}"` : '')
    const fileSize = image.length > 0 ? ` fileSize="${image.length}"` : ''
    out += `<media:content url="${xmlAttr(image.url)}" type="${xmlAttr(image.type)}" medium="image"${fileSize}${size}>`
    if (image.caption) out += `<media:description type="plain">${xmlText(image.caption)}</media:description>`
    if (image.credit) out += element('media:credit', image.credit)
    out += '</media:content>'
    out += `<media:thumbnail url="${xmlAttr(image.url)}"${size}/>`
  }
  return out + '</item>\n'
}

/** Renders `doc` as RSS 2.0. Pure: the same doc gives the same bytes. */
export function renderRss(doc: FeedDoc): string {
  const items = doc.items
  const used = {
    atom: true,
    content: items.length > 0,
    dc: items.some((i) => i.authors.length > 0),
    dcterms: items.length > 0,
    media: items.some((i) => i.image !== undefined),
    fh: doc.links.archive,
  }
  const namespaces = (Object.keys(NS) as (keyof typeof NS)[])
    .filter((prefix) => used[prefix])
    .map((prefix) => ` xmlns:${prefix}="${NS[prefix]}"`)
    .join('')
  let out = `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"${namespaces}>\n<channel>\n`
  out += element('title', doc.title)
  out += element('link', doc.homeUrl)
  out += element('description', doc.description)
  out += element('language', doc.language)
  out += element('lastBuildDate', toRfc822(doc.updated))
  out += element('generator', `${doc.generator.name} ${doc.generator.version}`)
  out += element('docs', 'https://www.rssboard.org/rss-specification')
  out += element('ttl', String(doc.ttl))
  out += `<image>${element('url', doc.logo)}${element('title', doc.title)}${element('link', doc.homeUrl)}</image>\n`
  const links = doc.links
  out += `<atom:link href="${xmlAttr(links.self[FORMAT])}" rel="self" type="${MEDIA_TYPES[FORMAT]}"/>\n`
  for (const { url, type } of alternates(links, FORMAT)) out += `<atom:link href="${xmlAttr(url)}" rel="alternate" type="${type}"/>\n`
  if (links.hub) out += `<atom:link href="${xmlAttr(links.hub)}" rel="hub"/>\n`
  for (const [rel, href] of relatedLinks(links, FORMAT)) out += `<atom:link href="${xmlAttr(href)}" rel="${rel}" type="${MEDIA_TYPES[FORMAT]}"/>\n`
  if (links.archive) out += '<fh:archive/>\n'
  for (const item of items) out += renderItem(item)
  return out + '</channel>\n</rss>\n'
}
