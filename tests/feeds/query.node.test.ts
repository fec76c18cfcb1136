// What a feed request asks, as pure functions in Node: page tokens, the canonical query string, archive bounds.
// The Worker tests (tests/routes/paging.test.ts, feeds.test.ts) keep the contract through fetch.
import { describe, expect, it } from 'vitest'
import { DEFAULT_LIMIT, type PageToken, boundInMonth, canonicalQuery, decodePageToken, encodePageToken, feedScope, filtersOf } from '../../src/feeds/query'
import { fromBaghdad } from '../../src/model/dates'
import { SK_SPAN, monthSkRange, skFloor } from '../../src/store/feed-index'

/** The sort key of the first article published at a Baghdad wall-clock time. */
const skAt = (year: number, month: number, day: number, hour = 0) => skFloor(fromBaghdad(year, month, day, hour))

describe('encodePageToken and decodePageToken', () => {
  it.each<[string, PageToken]>([
    ['an older page', { scope: 'reports', before: 123_456 * SK_SPAN }],
    ['a newer page', { scope: '_all', after: 7 }],
    ['a numbered section page', { scope: 'local-news', before: 42, number: 3 }],
    ['sort key 0', { scope: 'x', after: 0 }],
  ])('round-trips %s, in URL-safe characters only', (_, token) => {
    const text = encodePageToken(token)
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(decodePageToken(text)).toEqual(token)
  })

  it.each([
    ['not base64', '%%%'],
    ['not JSON', btoa('{nope')],
    ['no scope', btoa(JSON.stringify({ b: 5 }))],
    ['both bounds', btoa(JSON.stringify({ s: 'x', b: 5, a: 3 }))],
    ['neither bound', btoa(JSON.stringify({ s: 'x' }))],
    ['a negative sort key', btoa(JSON.stringify({ s: 'x', b: -1 }))],
    ['a fractional sort key', btoa(JSON.stringify({ s: 'x', b: 1.5 }))],
    ['an unsafe integer', btoa(JSON.stringify({ s: 'x', b: 2 ** 60 }))],
    ['a sort key as text', btoa(JSON.stringify({ s: 'x', b: '5' }))],
    ['page number 1', btoa(JSON.stringify({ s: 'x', b: 5, n: 1 }))],
    ['a fractional page number', btoa(JSON.stringify({ s: 'x', b: 5, n: 2.5 }))],
  ])('refuses %s with null, never a throw', (_, text) => {
    expect(decodePageToken(text)).toBeNull()
  })
})

describe('canonicalQuery', () => {
  it('is empty for the defaults: no limit of 20, no filters, no page, no bound', () => {
    expect(canonicalQuery({})).toBe('')
    expect(canonicalQuery({ limit: DEFAULT_LIMIT, page: null, bound: null })).toBe('')
  })

  it('names limit, tag, author, q, page, from and until in that order, whatever order they came in', () => {
    const page = { scope: 'reports', before: 99 }
    const query = canonicalQuery({ bound: { from: 5 }, page, q: 'نفط', author: 'علي حسين', tag: 'العراق', limit: 50 })
    const params = new URLSearchParams(query.slice(1))
    expect([...params.keys()]).toEqual(['limit', 'tag', 'author', 'q', 'page', 'from'])
    expect(Object.fromEntries(params)).toEqual({ limit: '50', tag: 'العراق', author: 'علي حسين', q: 'نفط', page: encodePageToken(page), from: '5' })
    expect(canonicalQuery({ bound: { until: 8 } })).toBe('?until=8')
  })

  it('percent-encodes Arabic and reserved characters, so the string is one URL query', () => {
    const query = canonicalQuery({ tag: 'نفط & غاز', q: 'a=b#c' })
    expect(query).toMatch(/^\?[\x21-\x7e]+$/)
    expect(query).not.toContain('#')
    expect(new URLSearchParams(query).get('tag')).toBe('نفط & غاز')
    expect(new URLSearchParams(query).get('q')).toBe('a=b#c')
  })
})

describe('feedScope and filtersOf', () => {
  it('scopes a section feed to its slug and the site feed to the site index', () => {
    expect(feedScope('reports')).toBe('reports')
    expect(feedScope(null)).toBe('_all')
  })

  it('keeps only the filters that were given', () => {
    expect(filtersOf({ tag: 'x', limit: 5, page: null } as never)).toEqual({ tag: 'x' })
    expect(filtersOf({ author: 'a', q: '' })).toEqual({ author: 'a', q: '' })
    expect(Object.keys(filtersOf({}))).toEqual([])
  })
})

describe('boundInMonth', () => {
  const june = { year: 2024, month: 6 }

  it('holds for no bound (the month’s newest document)', () => {
    expect(boundInMonth(null, june)).toBe(true)
  })

  it('holds from the first sort key of the month’s first Baghdad second to the last of its last', () => {
    const [start, end] = monthSkRange(june)
    expect(start).toBe(skAt(2024, 6, 1))
    expect(end).toBe(skAt(2024, 7, 1) - 1)
    for (const edge of [start, start + 1, skAt(2024, 6, 15, 12), end]) {
      expect(boundInMonth({ from: edge }, june), `from ${edge}`).toBe(true)
      expect(boundInMonth({ until: edge }, june), `until ${edge}`).toBe(true)
    }
  })

  it('fails a bound a second outside the month, in Baghdad time (UTC+3), not UTC', () => {
    const [start, end] = monthSkRange(june)
    expect(boundInMonth({ from: start - 1 }, june)).toBe(false)
    expect(boundInMonth({ until: end + 1 }, june)).toBe(false)
    // 31 May 22:00 UTC is already 1 June in Baghdad; 30 June 21:00 UTC is already July.
    expect(boundInMonth({ from: skFloor(Date.UTC(2024, 4, 31, 22)) }, june)).toBe(true)
    expect(boundInMonth({ from: skFloor(Date.UTC(2024, 5, 30, 21)) }, june)).toBe(false)
  })

  it('takes December into January of the next year', () => {
    const december = { year: 2023, month: 12 }
    const [, end] = monthSkRange(december)
    expect(end).toBe(skAt(2024, 1, 1) - 1)
    expect(boundInMonth({ until: end }, december)).toBe(true)
    expect(boundInMonth({ until: end + 1 }, december)).toBe(false)
  })
})
