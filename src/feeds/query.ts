// What a feed request asks: its page token, its filters, an archive document's bound, and the canonical query
// string naming them.
import { monthSkRange } from '../store/feed-index'
import { SITE_SCOPE } from '../store/keys'

export const DEFAULT_LIMIT = 20
export const MAX_LIMIT = 100

export interface FeedFilters {
  tag?: string
  author?: string
  q?: string
}

/**
 * Where a page starts, by sort key (store/feed-index.ts): the entries older than `before` (following `next`), or
 * the `limit` entries just newer than `after` (following `previous`). New articles at the front never shift a
 * page so named. A token names its feed's scope and serves no other.
 */
export type PageToken = ({ scope: string; before: number; after?: undefined } | { scope: string; after: number; before?: undefined }) & {
  /** The page's number, from 2, where the section page knows it (its title says «الصفحة N»); feeds leave it out. */
  number?: number
}

/** What a request asks of a feed, already validated. */
export interface FeedQuery extends FeedFilters {
  limit: number
  page: PageToken | null
}

/**
 * An archive document's bound: the newest document of its month (none), the documents that end at a sort key
 * (`until`: what walking back with prev-archive reaches), or that begin at one (`from`: walking on with
 * next-archive).
 */
export type ArchiveBound = { until: number; from?: undefined } | { from: number; until?: undefined } | null

function toBase64Url(text: string): string {
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** Encodes a page token for a URL (base64url JSON). */
export function encodePageToken(token: PageToken): string {
  const at = token.before !== undefined ? { s: token.scope, b: token.before } : { s: token.scope, a: token.after }
  return toBase64Url(JSON.stringify(token.number === undefined ? at : { ...at, n: token.number }))
}

function isSortKey(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

/** Reads a page token; null when it is not one of ours. */
export function decodePageToken(text: string): PageToken | null {
  try {
    const value = JSON.parse(atob(text.replace(/-/g, '+').replace(/_/g, '/'))) as { s?: unknown; b?: unknown; a?: unknown; n?: unknown }
    if (typeof value.s !== 'string') return null
    if (value.n !== undefined && !(Number.isSafeInteger(value.n) && (value.n as number) >= 2)) return null
    const number = value.n === undefined ? {} : { number: value.n as number }
    if (isSortKey(value.b) && value.a === undefined) return { scope: value.s, before: value.b, ...number }
    if (isSortKey(value.a) && value.b === undefined) return { scope: value.s, after: value.a, ...number }
    return null
  } catch {
    return null
  }
}

/** The canonical query string of a feed URL: only what changes the document, in a fixed order, defaults left out. */
export function canonicalQuery(query: Partial<FeedQuery> & { bound?: ArchiveBound }): string {
  const params = new URLSearchParams()
  if (query.limit !== undefined && query.limit !== DEFAULT_LIMIT) params.set('limit', String(query.limit))
  if (query.tag !== undefined) params.set('tag', query.tag)
  if (query.author !== undefined) params.set('author', query.author)
  if (query.q !== undefined) params.set('q', query.q)
  if (query.page) params.set('page', encodePageToken(query.page))
  if (query.bound?.from !== undefined) params.set('from', String(query.bound.from))
  if (query.bound?.until !== undefined) params.set('until', String(query.bound.until))
  const text = params.toString()
  return text ? `?${text}` : ''
}

/** The index scope a feed lists: its section, or the site-wide index. Page tokens are bound to it. */
export function feedScope(slug: string | null): string {
  return slug ?? SITE_SCOPE
}

/** True when an archive bound (if any) lies inside `month`'s sort keys. */
export function boundInMonth(bound: ArchiveBound, month: { year: number; month: number }): boolean {
  const edge = bound?.from ?? bound?.until
  if (edge === undefined) return true
  const [start, end] = monthSkRange(month)
  return edge >= start && edge <= end
}

/** Only the filters of a query. */
export function filtersOf(query: FeedFilters): FeedFilters {
  const filters: FeedFilters = {}
  if (query.tag !== undefined) filters.tag = query.tag
  if (query.author !== undefined) filters.author = query.author
  if (query.q !== undefined) filters.q = query.q
  return filters
}
