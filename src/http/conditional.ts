// Conditional GET (RFC 9110 §13): If-None-Match first, If-Modified-Since only without it.

/** Entity tags in an If-None-Match header (`*` included as is). */
function parseEntityTags(header: string): string[] {
  return header.match(/\*|(?:W\/)?"[^"]*"/g) ?? []
}

/** Weak comparison (RFC 9110 §8.8.3.2): equal opaque tags, W/ prefixes ignored. */
function weakMatch(a: string, b: string): boolean {
  return a.replace(/^W\//, '') === b.replace(/^W\//, '')
}

/**
 * True when the client's copy is current: 304. If-None-Match, when present, decides alone; If-Modified-Since
 * is compared as a date (any HTTP date format a reader sends), to the second.
 */
export function isNotModified(headers: Headers, etag: string | null, lastModified: number | null): boolean {
  const ifNoneMatch = headers.get('If-None-Match')
  if (ifNoneMatch !== null) {
    if (etag === null) return false
    return parseEntityTags(ifNoneMatch).some((tag) => tag === '*' || weakMatch(tag, etag))
  }
  const ifModifiedSince = headers.get('If-Modified-Since')
  if (ifModifiedSince === null || lastModified === null) return false
  const since = Date.parse(ifModifiedSince)
  if (Number.isNaN(since)) return false
  return Math.floor(lastModified / 1000) <= Math.floor(since / 1000)
}

/** An HTTP-date (IMF-fixdate). */
export function httpDate(ms: number): string {
  return new Date(ms).toUTCString()
}
