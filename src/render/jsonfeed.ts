// JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/).
import { toRfc3339 } from '../model/dates'
import type { Author, FeedDoc, FeedFormat, FeedItem } from '../model/types'
import { alternates, relatedLinks } from './links'
import { xmlSafe } from './xml'

const FORMAT: FeedFormat = 'json'
const VERSION = 'https://jsonfeed.org/version/1.1'

/** JSON carries any text, but readers should see what the XML formats show: the same clean strings. */
const clean = xmlSafe

function renderAuthor(author: Author): { name: string; url?: string } {
  return author.url ? { name: clean(author.name), url: author.url } : { name: clean(author.name) }
}

function renderItem(item: FeedItem): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: item.id,
    url: item.url,
    title: clean(item.title),
    summary: clean(item.summary),
    content_html: clean(item.contentHtml),
    date_published: toRfc3339(item.published),
    date_modified: toRfc3339(item.updated),
    authors: item.authors.map(renderAuthor),
    tags: item.categories.map(clean),
    language: 'ar',
  }
  const image = item.image
  if (image) {
    out.image = image.url
    const attachment: Record<string, unknown> = { url: image.url, mime_type: image.type }
    if (image.caption) attachment.title = clean(image.caption)
    if (image.length > 0) attachment.size_in_bytes = image.length
    out.attachments = [attachment]
  }
  return out
}

/** Renders `doc` as JSON Feed 1.1. Pure: the same doc gives the same bytes. */
export function renderJsonFeed(doc: FeedDoc): string {
  const links = doc.links
  const related = relatedLinks(links, FORMAT)
  const next = related.find(([rel]) => rel === 'next')
  return JSON.stringify({
    version: VERSION,
    title: clean(doc.title),
    home_page_url: doc.homeUrl,
    feed_url: links.self[FORMAT],
    description: clean(doc.description),
    icon: doc.logo,
    favicon: doc.icon,
    authors: [renderAuthor(doc.author)],
    language: doc.language,
    ...(links.hub ? { hubs: [{ type: 'WebSub', url: links.hub }] } : {}),
    ...(next ? { next_url: next[1] } : {}),
    // JSON Feed extension (its key starts with "_"): the same feed in the other formats.
    _nashra: {
      about: doc.generator.uri,
      alternates: alternates(links, FORMAT),
      updated: toRfc3339(doc.updated),
      // RFC 5005's other links, which JSON Feed has no field for.
      ...(related.length > 0 ? { links: Object.fromEntries(related) } : {}),
      ...(links.archive ? { archive: true } : {}),
    },
    items: doc.items.map(renderItem),
  })
}
