// The one URL parser and the feeds' public URL contract, called directly.
import { describe, expect, it } from 'vitest'
import { feedUrl, monthLabel, addMonths, parseHttpUrl, parseUrl } from '../../src/model/urls'

describe('parseUrl', () => {
  it('resolves a reference against a base and refuses what is no URL', () => {
    expect(parseUrl('/a?b=1', 'https://x.test/c/d')?.href).toBe('https://x.test/a?b=1')
    expect(parseUrl('not a url')).toBeNull()
    expect(parseUrl('/relative')).toBeNull()
    expect(parseUrl('mailto:a@x.test')?.protocol).toBe('mailto:')
  })
})

describe('parseHttpUrl', () => {
  it('takes absolute http(s) URLs only', () => {
    expect(parseHttpUrl('HTTPS://Example.test/خبر')?.href).toBe('https://example.test/%D8%AE%D8%A8%D8%B1')
    expect(parseHttpUrl('javascript:alert(1)')).toBeNull()
    expect(parseHttpUrl('ftp://x.test/f')).toBeNull()
    expect(parseHttpUrl('')).toBeNull()
  })
})

describe('feedUrl', () => {
  it('builds the site-wide and section URLs of each format, with the query as given', () => {
    expect(feedUrl('http://n.test', null, 'rss')).toBe('http://n.test/feeds/rss.xml')
    expect(feedUrl('http://n.test', 'reports', 'json', '?limit=5')).toBe('http://n.test/feeds/reports/feed.json?limit=5')
  })
})

describe('months', () => {
  it('labels a month and steps across years', () => {
    expect(monthLabel({ year: 2024, month: 2 })).toBe('2024-02')
    expect(addMonths({ year: 2024, month: 1 }, -1)).toEqual({ year: 2023, month: 12 })
    expect(addMonths({ year: 2023, month: 12 }, 13)).toEqual({ year: 2025, month: 1 })
  })
})
