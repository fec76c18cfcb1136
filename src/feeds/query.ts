// What a feed request asks: its page token, its filters and the canonical query string naming them.
import { normalizeArabic } from '../model/arabic'
import { shortHash } from '../model/hash'
import type { IndexEntry } from '../store/articles'
import { SITE_SCOPE } from '../store/keys'

export const DEFAULT_LIMIT = 20
export const MAX_LIMIT = 100
/** A page reached by offset (a `previous` link) walks at most this far back. */
export const MAX_OFFSET = 9_000

export interface FeedFilters {
  tag?: string
  author?: string
  q?: string
}

/**
 * Where a page starts: after `cursor` (following `next`), or `offset` entries in (a `previous` link). A KV
 * cursor belongs to one prefix, so the token names its feed's scope and serves no other.
 */
export interface PageToken {
  scope: string
  offset: number
  cursor: string | null
}

/** What a request asks of a feed, already validated. */
export interface FeedQuery extends FeedFilters {
  limit: number
  page: PageToken | null
}

/** A feed's index: what the KV list tells. `section` null is the site-wide feed. */
/** Encodes a page token for a URL (base64url JSON). */
export function encodePageToken(token: PageToken): string {
  const json = JSON.stringify(token.cursor ? { s: token.scope, o: token.offset, c: token.cursor } : { s: token.scope, o: token.offset })
  return btoa(json).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** Reads a page token; null when it is not one of ours. */
export function decodePageToken(text: string): PageToken | null {
  try {
    const value = JSON.parse(atob(text.replace(/-/g, '+').replace(/_/g, '/'))) as { s?: unknown; o?: unknown; c?: unknown }
    const offset = value.o
    if (typeof value.s !== 'string') return null
    if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0 || offset > MAX_OFFSET + MAX_LIMIT) return null
    if (value.c !== undefined && typeof value.c !== 'string') return null
    return { scope: value.s, offset, cursor: typeof value.c === 'string' ? value.c : null }
  } catch {
    return null
  }
}

function hasFilters(filters: FeedFilters): boolean {
  return filters.tag !== undefined || filters.author !== undefined || filters.q !== undefined
}

/** The canonical query string of a feed URL: only what changes the document, in a fixed order, defaults left out. */
export function canonicalQuery(query: Partial<FeedQuery>): string {
  const params = new URLSearchParams()
  if (query.limit !== undefined && query.limit !== DEFAULT_LIMIT) params.set('limit', String(query.limit))
  if (query.tag !== undefined) params.set('tag', query.tag)
  if (query.author !== undefined) params.set('author', query.author)
  if (query.q !== undefined) params.set('q', query.q)
  if (query.page) params.set('page', encodePageToken(query.page))
  const text = params.toString()
  return text ? `?${text}` : ''
}

/**
 * The test a filtered feed applies to an index entry's facets. Tag and author match whole values; `q` matches
 * when every word appears in the title or the start of the summary. All compare as normalizeArabic folds them.
 */
export function entryMatcher(filters: FeedFilters): ((entry: IndexEntry) => boolean) | undefined {
  if (!hasFilters(filters)) return undefined
  const tag = filters.tag === undefined ? undefined : normalizeArabic(filters.tag)
  const author = filters.author === undefined ? undefined : normalizeArabic(filters.author)
  const words = filters.q === undefined ? [] : normalizeArabic(filters.q).split(' ').filter(Boolean)
  // Entries name tags and authors by shortHash (older entries by the folded value itself).
  const tagHash = tag === undefined ? undefined : shortHash(tag)
  const authorHash = author === undefined ? undefined : shortHash(author)
  return (entry) => {
    const facets = entry.facets
    if (!facets) return false
    if (tag !== undefined && !facets.tags.includes(tagHash!) && !facets.tags.includes(tag)) return false
    if (author !== undefined && !facets.authors.includes(authorHash!) && !facets.authors.includes(author)) return false
    return words.every((w) => facets.text.includes(w))
  }
}

/** The index scope a feed lists: its section, or the site-wide index. Page tokens are bound to it. */
export function feedScope(slug: string | null): string {
  return slug ?? SITE_SCOPE
}

