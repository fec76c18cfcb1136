// OPML 2.0 (http://opml.org/spec2.opml) of every feed, for importing into a reader in one go. Pure.
import { element, xmlAttr } from './xml'

export interface OpmlFeed {
  title: string
  xmlUrl: string
  htmlUrl: string
  description: string
}

export function renderOpml(title: string, feeds: OpmlFeed[]): string {
  let out = '<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">\n<head>'
  out += element('title', title) + element('docs', 'http://opml.org/spec2.opml') + '</head>\n<body>\n'
  for (const feed of feeds) {
    out += `<outline type="rss" version="RSS2" language="ar" text="${xmlAttr(feed.title)}" title="${xmlAttr(feed.title)}" description="${xmlAttr(feed.description)}" xmlUrl="${xmlAttr(feed.xmlUrl)}" htmlUrl="${xmlAttr(feed.htmlUrl)}"/>\n`
  }
  return out + '</body>\n</opml>\n'
}
