// The public URL contract of the feeds: /feeds/{section}/{file} and the site-wide /feeds/{file}.
import type { FeedFormat } from './types'

export const FEED_FILES: Record<FeedFormat, string> = { rss: 'rss.xml', atom: 'atom.xml', json: 'feed.json' }
export const FEED_FORMATS: readonly FeedFormat[] = ['rss', 'atom', 'json']

/** Canonical feed URL. `section` null means site-wide; `query` is already canonical ('' or '?limit=50'). */
export function feedUrl(base: string, section: string | null, format: FeedFormat, query = ''): string {
  const path = section === null ? `/feeds/${FEED_FILES[format]}` : `/feeds/${encodeURIComponent(section)}/${FEED_FILES[format]}`
  return base + path + query
}

export function feedUrls(base: string, section: string | null, query = ''): Record<FeedFormat, string> {
  return {
    rss: feedUrl(base, section, 'rss', query),
    atom: feedUrl(base, section, 'atom', query),
    json: feedUrl(base, section, 'json', query),
  }
}

/** The publisher's page for a section. */
export function sectionPageUrl(siteUrl: string, slug: string): string {
  return `${siteUrl}/sections/${encodeURIComponent(slug)}`
}
