// A renderer's view of a document's links (FeedDoc.links, planned once for every format): its own URL, the
// other formats as alternates, and the RFC 5005 links in its own format. No renderer names its siblings.
import type { FeedFormat, FeedLinks } from '../model/types'
import { FEED_FORMATS } from '../model/urls'
import { MEDIA_TYPES } from './media-types'

/** The same document in every format but `format`, in the format table's order. */
export function alternates(links: FeedLinks, format: FeedFormat): { url: string; type: string }[] {
  return FEED_FORMATS.filter((f) => f !== format).map((f) => ({ url: links.self[f], type: MEDIA_TYPES[f] }))
}

/** RFC 5005 links as [relation, URL in `format`], paging then archives. */
export function relatedLinks(links: FeedLinks, format: FeedFormat): [string, string][] {
  return links.related.map(({ rel, urls }) => [rel, urls[format]])
}
