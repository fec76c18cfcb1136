// OPML 2.0 (http://opml.org/spec2.opml) of every feed, for importing into a reader in one go. Pure.
import { LF, el, emptyEl, lines, xmlDocument } from './xml'

const DOCS = 'http://opml.org/spec2.opml'

export interface OpmlFeed {
  title: string
  xmlUrl: string
  htmlUrl: string
  description: string
}

export function renderOpml(title: string, feeds: OpmlFeed[]): string {
  const outlines = feeds.map((feed) =>
    emptyEl('outline', {
      type: 'rss',
      version: 'RSS2',
      language: 'ar',
      text: feed.title,
      title: feed.title,
      description: feed.description,
      xmlUrl: feed.xmlUrl,
      htmlUrl: feed.htmlUrl,
    }),
  )
  const head = el('head', null, el('title', null, title), el('docs', null, DOCS))
  return xmlDocument(el('opml', { version: '2.0' }, LF, head, LF, el('body', null, LF, lines(outlines)), LF))
}
