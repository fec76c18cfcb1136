// Conditional GET (RFC 9110 §13), called directly.
import { describe, expect, it } from 'vitest'
import { httpDate, isNotModified } from '../../src/http/conditional'

const ETAG = '"rss-abc"'
const MODIFIED = Date.UTC(2024, 1, 18, 9, 13, 30, 500)
const headers = (h: Record<string, string>) => new Headers(h)

describe('isNotModified', () => {
  it('compares If-None-Match weakly, in lists, with *', () => {
    expect(isNotModified(headers({ 'If-None-Match': `"x", W/${ETAG}` }), ETAG, MODIFIED)).toBe(true)
    expect(isNotModified(headers({ 'If-None-Match': '*' }), ETAG, MODIFIED)).toBe(true)
    expect(isNotModified(headers({ 'If-None-Match': '"x"' }), ETAG, MODIFIED)).toBe(false)
    expect(isNotModified(headers({ 'If-None-Match': '*' }), null, MODIFIED)).toBe(false)
  })

  it('lets If-None-Match decide alone, even when If-Modified-Since would match', () => {
    expect(isNotModified(headers({ 'If-None-Match': '"x"', 'If-Modified-Since': httpDate(MODIFIED) }), ETAG, MODIFIED)).toBe(false)
  })

  it('compares If-Modified-Since to the second, in any date format, ignoring one it cannot read', () => {
    expect(isNotModified(headers({ 'If-Modified-Since': 'Sun, 18 Feb 2024 09:13:30 GMT' }), ETAG, MODIFIED)).toBe(true)
    expect(isNotModified(headers({ 'If-Modified-Since': 'Sunday, 18-Feb-24 09:13:29 GMT' }), ETAG, MODIFIED)).toBe(false)
    expect(isNotModified(headers({ 'If-Modified-Since': 'yesterday' }), ETAG, MODIFIED)).toBe(false)
  })
})
