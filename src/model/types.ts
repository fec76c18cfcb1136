// The shapes every layer shares: articles and sections as stored, and the FeedDoc renderers take.

/** A lead image, as RSS enclosure / Media RSS / Atom enclosure / JSON Feed attachment need it. */
export interface Image {
  url: string
  /** A real MIME type (image/jpeg, never image/jpg). */
  type: string
  /** Size in bytes; RSS 2.0 requires it on an enclosure. */
  length: number
  width?: number
  height?: number
  caption?: string
  credit?: string
}

export interface Author {
  name: string
  url?: string
}

export interface Section {
  /** ASCII slug, the canonical path segment: `reports`. */
  slug: string
  /** Arabic display name, NFC: «تقارير». */
  name: string
  description: string
  /** Position in the directory, ascending. */
  order: number
  /** When the section record last changed, epoch ms; an empty feed's `updated`. */
  updated: number
}

/** What a writer hands to the publish path. Times are epoch milliseconds. */
export interface ArticleDraft {
  id: string
  section: string
  title: string
  summary?: string
  /** HTML; cleaned to an allowlist when written. */
  content: string
  url: string
  authors?: Author[]
  published: number
  updated?: number
  tags?: string[]
  dateline?: string
  image?: Image
  /**
   * Set by ingesters (the upstream pull): when the item was seen and whether its source dated it. An undated
   * item keeps the time it was first seen; an edit with no date of its own is dated when it was seen.
   */
  seen?: { at: number; published: boolean; updated: boolean }
}

/** An article as stored in KV: normalized, sanitized, with a content hash. */
export interface Article {
  id: string
  section: string
  /** The section's Arabic name when the article was written (site-wide feeds need it without another read). */
  sectionName: string
  title: string
  summary: string
  content: string
  url: string
  authors: Author[]
  published: number
  updated: number
  tags: string[]
  dateline?: string
  image?: Image
  /** Hash of everything above; also kept in the index entries' metadata. */
  hash: string
}

/** An upstream feed pulled on a schedule into a section. */
export interface Source {
  id: string
  url: string
  /** Section slug. */
  section: string
  /** Minutes between pulls. */
  interval: number
  /** IANA time zone of the upstream's dates that carry none (default Asia/Baghdad). */
  timeZone?: string
}

/** How a source's pulls went; written only by the pull. */
export interface SourceStatus {
  lastChecked: number | null
  lastSuccess: number | null
  lastStatus: string | null
  lastError: string | null
  /** Validators of the upstream's last 200, sent back as If-None-Match / If-Modified-Since. */
  etag: string | null
  lastModified: string | null
  /** Failed pulls in a row (0 after a success); absent in statuses written before backoff existed. */
  failures?: number
  /** Not pulled before this time (after a failure: Retry-After or backoff); null means by its interval. */
  nextAttempt?: number | null
}

export type FeedFormat = 'rss' | 'atom' | 'json'

export interface FeedItem {
  /** Stable id: `tag:AUTHORITY:article/ID` (RFC 4151). */
  id: string
  url: string
  title: string
  summary: string
  /** Sanitized HTML, already wrapped in `<div dir="rtl" lang="ar">`. */
  contentHtml: string
  published: number
  updated: number
  authors: Author[]
  categories: string[]
  image?: Image
}

export interface FeedDoc {
  id: string
  title: string
  description: string
  language: string
  /** Newest item update, epoch ms (the section's own time when the feed is empty); never "now". */
  updated: number
  /** The publisher's page for this feed. */
  homeUrl: string
  /** Canonical URL of each format of this feed (the one served is its self link). */
  feedUrls: Record<FeedFormat, string>
  icon: string
  logo: string
  author: Author
  generator: { name: string; version: string; uri: string }
  /** Minutes a reader may cache; in step with Cache-Control max-age. */
  ttl: number
  /** WebSub hub, when one is configured. */
  hubUrl?: string
  /** RFC 5005 paged-feed links, in the format being rendered. */
  paging?: { first: string; next?: string; previous?: string }
  /** RFC 5005 archived-feed links, in the format being rendered. */
  history?: { archive: boolean; current?: string; prevArchive?: string; nextArchive?: string }
  items: FeedItem[]
}
