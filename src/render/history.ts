// RFC 5005 (feed paging and archiving) links, shared by the three renderers.
import type { FeedDoc } from '../model/types'

/** RFC 5005 links of a document, in a fixed order: paging, then archives. */
export function historyLinks(doc: Pick<FeedDoc, 'paging' | 'history'>): [string, string][] {
  const links: [string, string | undefined][] = [
    ['first', doc.paging?.first],
    ['previous', doc.paging?.previous],
    ['next', doc.paging?.next],
    ['current', doc.history?.current],
    ['prev-archive', doc.history?.prevArchive],
    ['next-archive', doc.history?.nextArchive],
  ]
  return links.filter((l): l is [string, string] => l[1] !== undefined)
}
