// Atom 1.0 (RFC 4287), in Arabic (xml:lang="ar").
import { toRfc3339 } from '../model/dates'
import type { Author, FeedDoc, FeedFormat, FeedItem } from '../model/types'
import { MEDIA_TYPES } from './media-types'
import { alternates, relatedLinks } from './links'
import { element, xmlAttr, xmlCdata, xmlText } from './xml'

const FORMAT: FeedFormat = 'atom'

function renderPerson(author: Author): string {
  return `<author>${element('name', author.name)}${author.url ? element('uri', author.url) : ''}</author>`
}

function link(rel: string, type: string, href: string, extra = ''): string {
  return `<link rel="${rel}" type="${xmlAttr(type)}" href="${xmlAttr(href)}"${extra}/>`
}

function renderEntry(item: FeedItem): string {
  let out = '<entry>'
  out += element('id', item.id)
  out += `<title type="text">${xmlText(item.title)}</title>`
  out += link('alternate', 'text/html', item.url)
  out += element('published', toRfc3339(item.published))
  out += element('updated', toRfc3339(item.updated))
  for (const author of item.authors) out += renderPerson(author)
  for (const category of item.categories) out += `<category term="${xmlAttr(category)}"/>`
  out += `<summary type="text">${xmlText(item.summary)}</summary>`
  out += `<content type="html">${xmlCdata(item.contentHtml)}</content>`
  const image = item.image
  if (image) {
    out += link('enclosure', image.type, image.url, image.length > 0 ? ` length="${image.length}"` : '')
  }
  return out + '</entry>\n'
}

/** Renders `doc` as Atom 1.0. Pure: the same doc gives the same bytes. */
export function renderAtom(doc: FeedDoc): string {
  const links = doc.links
  const fh = links.archive ? ' xmlns:fh="http://purl.org/syndication/history/1.0"' : ''
  let out = `<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"${fh} xml:lang="${xmlAttr(doc.language)}">\n`
  out += element('id', doc.id)
  out += `<title type="text">${xmlText(doc.title)}</title>`
  out += `<subtitle type="text">${xmlText(doc.description)}</subtitle>`
  out += element('updated', toRfc3339(doc.updated))
  out += link('self', MEDIA_TYPES[FORMAT], links.self[FORMAT])
  // The website last: readers that take one alternate as the feed's website take the last one (newsboat 2.21,
  // tested: with the JSON Feed last, "open in browser" opened JSON), others look for type="text/html".
  for (const { url, type } of alternates(links, FORMAT)) out += link('alternate', type, url)
  out += link('alternate', 'text/html', doc.homeUrl)
  if (links.hub) out += `<link rel="hub" href="${xmlAttr(links.hub)}"/>`
  for (const [rel, href] of relatedLinks(links, FORMAT)) out += link(rel, MEDIA_TYPES[FORMAT], href)
  if (links.archive) out += '<fh:archive/>'
  out += renderPerson(doc.author)
  out += `<generator uri="${xmlAttr(doc.generator.uri)}" version="${xmlAttr(doc.generator.version)}">${xmlText(doc.generator.name)}</generator>`
  out += element('icon', doc.icon) + element('logo', doc.logo) + '\n'
  for (const item of doc.items) out += renderEntry(item)
  return out + '</feed>\n'
}
