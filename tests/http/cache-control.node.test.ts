// Every Cache-Control rule, from http/cache-control.ts.
import { describe, expect, it } from 'vitest'
import { CLOSED_ARCHIVE_CACHE, cacheControl, freshFor, storedCacheControl } from '../../src/http/cache-control'
import { parseConfig } from '../../src/model/config'

const config = parseConfig({ SITE_URL: 'https://www.mawazin.net', SITE_NAME: 'موازين نيوز', TAG_AUTHORITY: 'mawazin.net,2024', CACHE_MAX_AGE: '300', CACHE_SWR: '600' })
const NOW = Date.UTC(2024, 2, 10, 9)

describe('freshFor', () => {
  it('is max-age with nothing scheduled, and the seconds left (rounded up, at least 1) before a scheduled article', () => {
    expect(freshFor(300, null, NOW)).toBe(300)
    expect(freshFor(300, NOW + 10_500, NOW)).toBe(11)
    expect(freshFor(300, NOW + 3_600_000, NOW)).toBe(300)
    expect(freshFor(300, NOW - 5_000, NOW)).toBe(1)
  })
})

describe('cacheControl', () => {
  it('gives a feed max-age and stale-while-revalidate, and drops the latter before a scheduled article', () => {
    expect(cacheControl('feed', config, null, NOW)).toBe('public, max-age=300, stale-while-revalidate=600')
    expect(cacheControl('feed', config, NOW + 60_000, NOW)).toBe('public, max-age=60')
  })

  it('gives a closed month a day, must-revalidate, whatever is scheduled', () => {
    expect(cacheControl('closed', config, NOW + 60_000, NOW)).toBe(CLOSED_ARCHIVE_CACHE)
    expect(CLOSED_ARCHIVE_CACHE).toBe('public, max-age=86400, must-revalidate')
  })

  it('gives pages max-age only, shortened the same way, and lists max-age', () => {
    expect(cacheControl('page', config, null, NOW)).toBe('public, max-age=300')
    expect(cacheControl('page', config, NOW + 42_000, NOW)).toBe('public, max-age=42')
    expect(cacheControl('list', config, NOW + 42_000, NOW)).toBe('public, max-age=300')
  })

  it('keeps the cache\'s own entries as long as stale-if-error may use them', () => {
    expect(storedCacheControl(86_400_000)).toBe('public, max-age=86400')
  })
})
