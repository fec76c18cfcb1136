// A feed document's links as pure functions in Node, on fixture indexes: which RFC 5005 relations a page and an
// archive document carry, and their URLs in every format. The Worker tests (tests/routes/paging.test.ts,
// archives.test.ts) keep the contract through fetch.
import { describe, expect, it } from 'vitest'
import { archiveLinks, monthOf, subscriptionLinks } from '../../src/feeds/links'
import { type FeedQuery, decodePageToken } from '../../src/feeds/query'
import type { FeedIndex } from '../../src/feeds/read'
import { parseConfig } from '../../src/model/config'
import { fromBaghdad } from '../../src/model/dates'
import type { FeedFormat, FeedLinks, FeedRelation } from '../../src/model/types'
import { type IndexEntry, skFloor } from '../../src/store/feed-index'

const BASE = 'https://feeds.example.com'
const VARS = { SITE_URL: 'https://www.mawazin.net', SITE_NAME: 'موازين نيوز', TAG_AUTHORITY: 'mawazin.net,2024', PUBLIC_URL: BASE, ARCHIVE_START: '2023-01' }
const CONFIG = parseConfig(VARS)
const WITH_HUB = parseConfig({ ...VARS, HUB_URL: 'https://hub.example.com' })

function entry(id: string, published: number): IndexEntry {
  return { sk: skFloor(published), id, section: 'reports', published, updated: published, hash: 'h', version: `${id}/v1` }
}

/** A fixture index: `entries` newest first, with the pages around it. */
function index(entries: IndexEntry[], around: Partial<FeedIndex> = {}): FeedIndex {
  return { section: null, entries, older: null, newer: null, changed: 0, nextScheduled: null, rowsRead: 0, ...around }
}

const query = (over: Partial<FeedQuery> = {}): FeedQuery => ({ limit: 20, page: null, ...over })

/** The links by relation, each in every format. */
function byRel(links: FeedLinks): Partial<Record<FeedRelation, Record<FeedFormat, string>>> {
  return Object.fromEntries(links.related.map((r) => [r.rel, r.urls]))
}

const JUNE_10 = fromBaghdad(2024, 6, 10, 9)
const JUNE_1_EARLY = fromBaghdad(2024, 6, 1, 0, 30)

describe('subscriptionLinks', () => {
  it('gives a first page self and first in every format, prev-archive at its newest entry’s month, and no next or previous alone', () => {
    const links = subscriptionLinks(CONFIG, BASE, 'reports', query(), index([entry('a', JUNE_10), entry('b', JUNE_1_EARLY)]))
    expect(links.self).toEqual({ rss: `${BASE}/feeds/reports/rss.xml`, atom: `${BASE}/feeds/reports/atom.xml`, json: `${BASE}/feeds/reports/feed.json` })
    expect(links.archive).toBe(false)
    expect(links.hub).toBeUndefined()
    expect(links.related.map((r) => r.rel)).toEqual(['first', 'prev-archive'])
    expect(byRel(links).first).toEqual(links.self)
    expect(byRel(links)['prev-archive']!.atom).toBe(`${BASE}/feeds/reports/archive/2024-06/atom.xml`)
  })

  it('names the older page by the sort key it starts before, bound to its scope, keeping limit and filters', () => {
    const older = skFloor(JUNE_1_EARLY) - 1
    const links = subscriptionLinks(CONFIG, BASE, null, query({ limit: 5, tag: 'العراق' }), index([entry('a', JUNE_10)], { older }))
    const next = new URL(byRel(links).next!.json)
    expect(next.pathname).toBe('/feeds/feed.json')
    expect(next.searchParams.get('limit')).toBe('5')
    expect(next.searchParams.get('tag')).toBe('العراق')
    expect(decodePageToken(next.searchParams.get('page')!)).toEqual({ scope: '_all', before: older })
    expect(byRel(links).first!.json).toBe(`${BASE}/feeds/feed.json?limit=5&tag=${encodeURIComponent('العراق')}`)
    expect(byRel(links)['prev-archive']!.rss).toBe(`${BASE}/feeds/archive/2024-06/rss.xml?tag=${encodeURIComponent('العراق')}`)
  })

  it('points previous at the first page (no token) or at a newer page by the sort key it starts after', () => {
    const page = { scope: 'reports', before: 1_000 }
    const toFirst = subscriptionLinks(CONFIG, BASE, 'reports', query({ page }), index([entry('a', JUNE_10)], { newer: 'first' }))
    expect(byRel(toFirst).previous!.atom).toBe(`${BASE}/feeds/reports/atom.xml`)
    expect(new URL(toFirst.self.atom).searchParams.get('page')).not.toBeNull()
    const toNewer = subscriptionLinks(CONFIG, BASE, 'reports', query({ page }), index([entry('a', JUNE_10)], { newer: { after: 77 } }))
    expect(decodePageToken(new URL(byRel(toNewer).previous!.atom).searchParams.get('page')!)).toEqual({ scope: 'reports', after: 77 })
  })

  it('has no prev-archive for an empty page or a newest entry before ARCHIVE_START', () => {
    expect(byRel(subscriptionLinks(CONFIG, BASE, 'reports', query(), index([])))['prev-archive']).toBeUndefined()
    const old = entry('old', fromBaghdad(2022, 12, 31, 23))
    expect(byRel(subscriptionLinks(CONFIG, BASE, 'reports', query(), index([old])))['prev-archive']).toBeUndefined()
    const first = entry('first', fromBaghdad(2023, 1, 1, 0))
    expect(byRel(subscriptionLinks(CONFIG, BASE, 'reports', query(), index([first])))['prev-archive']!.json).toBe(`${BASE}/feeds/reports/archive/2023-01/feed.json`)
  })

  it('files an entry by its Baghdad month: 31 May 22:00 UTC is June', () => {
    const lateMay = entry('x', Date.UTC(2024, 4, 31, 22))
    expect(monthOf(lateMay.published)).toEqual({ year: 2024, month: 6 })
    expect(byRel(subscriptionLinks(CONFIG, BASE, 'reports', query(), index([lateMay])))['prev-archive']!.atom).toBe(`${BASE}/feeds/reports/archive/2024-06/atom.xml`)
  })

  it('advertises the hub when one is configured', () => {
    expect(subscriptionLinks(WITH_HUB, BASE, 'reports', query(), index([])).hub).toBe('https://hub.example.com')
  })
})

describe('archiveLinks', () => {
  const june = { month: { year: 2024, month: 6 }, bound: null }
  const may = { month: { year: 2024, month: 5 }, bound: { until: 500 } }
  const july = { month: { year: 2024, month: 7 }, bound: { from: 900 } }

  it('names current, prev-archive and next-archive as the index found them, with their bounds, and is an archive', () => {
    const links = archiveLinks(CONFIG, BASE, 'reports', june, {}, index([], { archive: { prev: may, next: july } }))
    expect(links.archive).toBe(true)
    expect(links.self.atom).toBe(`${BASE}/feeds/reports/archive/2024-06/atom.xml`)
    expect(links.related.map((r) => r.rel)).toEqual(['current', 'prev-archive', 'next-archive'])
    expect(byRel(links)).toMatchObject({
      current: { atom: `${BASE}/feeds/reports/atom.xml` },
      'prev-archive': { json: `${BASE}/feeds/reports/archive/2024-05/feed.json?until=500` },
      'next-archive': { rss: `${BASE}/feeds/reports/archive/2024-07/rss.xml?from=900` },
    })
  })

  it('stops prev-archive at ARCHIVE_START and carries filters into every link, never the hub', () => {
    const before = { month: { year: 2022, month: 12 }, bound: null }
    const links = archiveLinks(WITH_HUB, BASE, null, { month: { year: 2023, month: 1 }, bound: { until: 5 } }, { q: 'نفط' }, index([], { archive: { prev: before, next: null } }))
    expect(links.hub).toBeUndefined()
    expect(links.related.map((r) => r.rel)).toEqual(['current'])
    const q = encodeURIComponent('نفط')
    expect(byRel(links).current!.json).toBe(`${BASE}/feeds/feed.json?q=${q}`)
    expect(links.self.json).toBe(`${BASE}/feeds/archive/2023-01/feed.json?q=${q}&until=5`)
  })

  it('has only current when the index knows no neighbours', () => {
    expect(archiveLinks(CONFIG, BASE, 'reports', june, {}, index([])).related.map((r) => r.rel)).toEqual(['current'])
  })
})
