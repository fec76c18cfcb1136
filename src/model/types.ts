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
  /** The upstream's encoding when it does not say it (a WHATWG label, e.g. windows-1256); tried first. */
  encoding?: string
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

/** RFC 5005 relations (paging, then archives), in the order documents and Link headers list them. */
export const FEED_RELATIONS = ['first', 'previous', 'next', 'current', 'prev-archive', 'next-archive'] as const
export type FeedRelation = (typeof FEED_RELATIONS)[number]

/** A feed document's links, each in every format: a renderer picks its own, and lists the others as alternates. */
export interface FeedLinks {
  /** The document's own URL in each format (self in one, alternate in the others). */
  self: Record<FeedFormat, string>
  /** WebSub hub, when one is configured (never on an archive). */
  hub?: string
  /** RFC 5005 links by relation, in FEED_RELATIONS order. */
  related: { rel: FeedRelation; urls: Record<FeedFormat, string> }[]
  /** An RFC 5005 archive document (fh:archive). */
  archive: boolean
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
  icon: string
  logo: string
  author: Author
  generator: { name: string; version: string; uri: string }
  /** Minutes a reader may cache; in step with Cache-Control max-age. */
  ttl: number
  /** Its links in every format, from the plan: the Link header carries the same. */
  links: FeedLinks
  items: FeedItem[]
}
