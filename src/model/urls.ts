// The public URL contract of the feeds: /feeds/{section}/{file} and the site-wide /feeds/{file}.
import type { FeedFormat } from './types'

/**
 * The one URL parser: `raw` (resolved against `base` when given, RFC 3986 §5) as a URL, or null when it is none.
 * @example parseUrl('/a', 'https://x.test/b')?.href // 'https://x.test/a'
 */
export function parseUrl(raw: string, base?: string): URL | null {
  try {
    return base === undefined ? new URL(raw) : new URL(raw, base)
  } catch {
    return null
  }
}

/** `raw` as an absolute http(s) URL, or null: every URL an article or a source names is one. */
export function parseHttpUrl(raw: string, base?: string): URL | null {
  const url = parseUrl(raw, base)
  return url && (url.protocol === 'https:' || url.protocol === 'http:') ? url : null
}

/**
 * The feed formats, in the order every list shows them: file name, media type and the name people know. A new
 * format is a row here, a renderer in src/render/ registered in src/render/formats.ts, and its tests.
 */
export const FEED_FORMAT_TABLE: Record<FeedFormat, { file: string; mediaType: string; label: string }> = {
  rss: { file: 'rss.xml', mediaType: 'application/rss+xml', label: 'RSS 2.0' },
  atom: { file: 'atom.xml', mediaType: 'application/atom+xml', label: 'Atom' },
  json: { file: 'feed.json', mediaType: 'application/feed+json', label: 'JSON Feed' },
}
export const FEED_FORMATS = Object.keys(FEED_FORMAT_TABLE) as readonly FeedFormat[]

/** One value per format. */
export function byFormat<T>(value: (format: FeedFormat) => T): Record<FeedFormat, T> {
  return Object.fromEntries(FEED_FORMATS.map((f) => [f, value(f)])) as Record<FeedFormat, T>
}

export const FEED_FILES = byFormat((f) => FEED_FORMAT_TABLE[f].file)
/** The media type of each feed format (Content-Type, discovery links, Link headers). */
export const FEED_MEDIA_TYPES = byFormat((f) => FEED_FORMAT_TABLE[f].mediaType)

/** Canonical feed URL. `section` null means site-wide; `query` is already canonical ('' or '?limit=50'). */
export function feedUrl(base: string, section: string | null, format: FeedFormat, query = ''): string {
  const path = section === null ? `/feeds/${FEED_FILES[format]}` : `/feeds/${encodeURIComponent(section)}/${FEED_FILES[format]}`
  return base + path + query
}

export function feedUrls(base: string, section: string | null, query = ''): Record<FeedFormat, string> {
  return byFormat((format) => feedUrl(base, section, format, query))
}

/** A Baghdad calendar month. */
export interface Month {
  year: number
  month: number
}

/** `2024-02` */
export function monthLabel({ year, month }: Month): string {
  return `${year}-${String(month).padStart(2, '0')}`
}

export function addMonths({ year, month }: Month, delta: number): Month {
  const index = year * 12 + (month - 1) + delta
  return { year: Math.floor(index / 12), month: (index % 12) + 1 }
}

export function compareMonths(a: Month, b: Month): number {
  return a.year * 12 + a.month - (b.year * 12 + b.month)
}

/** RFC 5005 archive document of one month: /feeds/{section}/archive/{YYYY-MM}/{file}. */
export function archiveUrl(base: string, section: string | null, month: Month, format: FeedFormat, query = ''): string {
  const scope = section === null ? '/feeds' : `/feeds/${encodeURIComponent(section)}`
  return `${base}${scope}/archive/${monthLabel(month)}/${FEED_FILES[format]}${query}`
}

export function archiveUrls(base: string, section: string | null, month: Month, query = ''): Record<FeedFormat, string> {
  return byFormat((format) => archiveUrl(base, section, month, format, query))
}

/** The publisher's page for a section. */
export function sectionPageUrl(siteUrl: string, slug: string): string {
  return `${siteUrl}/sections/${encodeURIComponent(slug)}`
}
