// Atom 1.0 (RFC 4287), in Arabic (xml:lang="ar").
import { toRfc3339 } from '../model/dates'
import type { Author, FeedDoc, FeedFormat, FeedItem } from '../model/types'
import { MEDIA_TYPES } from './media-types'
import { alternates, relatedLinks } from './links'
import { type XmlNode, LF, cdata, el, emptyEl, lines, xmlDocument } from './xml'

const FORMAT: FeedFormat = 'atom'
const NS = 'http://www.w3.org/2005/Atom'
/** RFC 5005 §4: the namespace of fh:archive, declared only on archive documents. */
const FH_NS = 'http://purl.org/syndication/history/1.0'

function renderPerson(author: Author): XmlNode {
  return el('author', null, el('name', null, author.name), author.url ? el('uri', null, author.url) : null)
}

function link(rel: string, type: string, href: string, length: number | null = null): XmlNode {
  return emptyEl('link', { rel, type, href, length })
}

function renderEntry(item: FeedItem): XmlNode {
  const image = item.image
  return el(
    'entry',
    null,
    el('id', null, item.id),
    el('title', { type: 'text' }, item.title),
    link('alternate', 'text/html', item.url),
    el('published', null, toRfc3339(item.published)),
    el('updated', null, toRfc3339(item.updated)),
    item.authors.map(renderPerson),
    item.categories.map((term) => emptyEl('category', { term })),
    el('summary', { type: 'text' }, item.summary),
    el('content', { type: 'html' }, cdata(item.contentHtml)),
    image && link('enclosure', image.type, image.url, image.length > 0 ? image.length : null),
  )
}

/** Renders `doc` as Atom 1.0. Pure: the same doc gives the same bytes. */
export function renderAtom(doc: FeedDoc): string {
  const links = doc.links
  const root = el(
    'feed',
    { xmlns: NS, 'xmlns:fh': links.archive ? FH_NS : null, 'xml:lang': doc.language },
    LF,
    el('id', null, doc.id),
    el('title', { type: 'text' }, doc.title),
    el('subtitle', { type: 'text' }, doc.description),
    el('updated', null, toRfc3339(doc.updated)),
    link('self', MEDIA_TYPES[FORMAT], links.self[FORMAT]),
    // The website last: readers that take one alternate as the feed's website take the last one (newsboat 2.21,
    // tested: with the JSON Feed last, "open in browser" opened JSON), others look for type="text/html".
    alternates(links, FORMAT).map(({ url, type }) => link('alternate', type, url)),
    link('alternate', 'text/html', doc.homeUrl),
    links.hub ? emptyEl('link', { rel: 'hub', href: links.hub }) : null,
    relatedLinks(links, FORMAT).map(([rel, href]) => link(rel, MEDIA_TYPES[FORMAT], href)),
    links.archive && emptyEl('fh:archive', null),
    renderPerson(doc.author),
    el('generator', { uri: doc.generator.uri, version: doc.generator.version }, doc.generator.name),
    el('icon', null, doc.icon),
    el('logo', null, doc.logo),
    LF,
    lines(doc.items.map(renderEntry)),
  )
  return xmlDocument(root)
}
