// The feed plan without D1 (pure functions, run in workerd like the rest): what the URL decides (request-plan.ts)
// and what a fixture index decides (plan.ts).
import { describe, expect, it } from 'vitest'
import { planFromIndex } from '../../src/feeds/plan'
import { type RequestPlan, planArchiveRequest, planFeedRequest } from '../../src/feeds/request-plan'
import type { FeedIndex } from '../../src/feeds/read'
import { parseConfig } from '../../src/model/config'
import { fromBaghdad } from '../../src/model/dates'

const config = parseConfig({ SITE_URL: 'https://www.mawazin.net', SITE_NAME: 'موازين نيوز', TAG_AUTHORITY: 'mawazin.net,2024', ARCHIVE_START: '2023-01' })
const BASE = 'https://feeds.example'
/** 2024-03-10 12:00 in Baghdad. */
const NOW = fromBaghdad(2024, 3, 10, 12)
const SECTION = { slug: 'reports', name: 'تقارير', description: '', order: 1, updated: fromBaghdad(2024, 1, 1) }

function index(overrides: Partial<FeedIndex> = {}): FeedIndex {
  const entry = (i: number) => ({ sk: 1000 + i, id: `a${i}`, section: 'reports', published: NOW - i * 60_000, updated: NOW - i * 60_000, hash: `h${i}`, version: `v${i}` })
  return { section: SECTION, entries: [entry(1), entry(2)], older: null, newer: null, changed: NOW - 3_600_000, nextScheduled: null, rowsRead: 3, ...overrides }
}

function feedPlan(query = { limit: 20, page: null }): RequestPlan {
  const plan = planFeedRequest(BASE, 'reports', 'atom', query)
  if (plan.kind !== 'feed') throw new Error('expected a feed plan')
  return plan
}

describe('planFeedRequest', () => {
  it('names the scope, the canonical query and the cache key, defaults left out', () => {
    expect(feedPlan()).toMatchObject({ kind: 'feed', slug: 'reports', scope: 'reports', canonical: '', key: `${BASE}/feeds/reports/atom.xml`, rule: 'feed' })
    const filtered = planFeedRequest(BASE, 'reports', 'rss', { limit: 5, page: null, tag: 'العراق' })
    expect(filtered).toMatchObject({ canonical: '?limit=5&tag=%D8%A7%D9%84%D8%B9%D8%B1%D8%A7%D9%82' })
    expect(filtered.kind === 'feed' && filtered.key).toBe(`${BASE}/feeds/reports/rss.xml?limit=5&tag=%D8%A7%D9%84%D8%B9%D8%B1%D8%A7%D9%82`)
  })

  it('plans the site-wide feed under the site-wide scope', () => {
    expect(planFeedRequest(BASE, null, 'json', { limit: 20, page: null })).toMatchObject({ slug: null, scope: '_all', key: `${BASE}/feeds/feed.json` })
  })

  it('plans a redirect for a section named in Arabic, keeping the canonical query', () => {
    const plan = planFeedRequest(BASE, 'تقارير', 'rss', { limit: 7, page: null })
    expect(plan.kind).toBe('redirect')
    if (plan.kind === 'redirect') expect(plan.url('reports')).toBe(`${BASE}/feeds/reports/rss.xml?limit=7`)
  })
})

describe('planArchiveRequest', () => {
  const archive = (year: number, month: number) => ({ month: { year, month }, filters: {}, bound: null, format: 'rss' as const })

  it('closes a month that is over and keeps the current one a feed', () => {
    expect(planArchiveRequest(config, BASE, 'reports', archive(2024, 2), NOW)).toMatchObject({ kind: 'feed', rule: 'closed', key: `${BASE}/feeds/reports/archive/2024-02/rss.xml` })
    expect(planArchiveRequest(config, BASE, 'reports', archive(2024, 3), NOW)).toMatchObject({ kind: 'feed', rule: 'feed' })
  })

  it('turns the month over at Baghdad midnight, not UTC', () => {
    const lastMinute = fromBaghdad(2024, 4, 1) - 60_000
    expect(planArchiveRequest(config, BASE, null, archive(2024, 3), lastMinute)).toMatchObject({ rule: 'feed' })
    expect(planArchiveRequest(config, BASE, null, archive(2024, 3), fromBaghdad(2024, 4, 1))).toMatchObject({ rule: 'closed' })
  })

  it('refuses a month after the current one or before ARCHIVE_START', () => {
    expect(planArchiveRequest(config, BASE, 'reports', archive(2024, 4), NOW)).toEqual({ kind: 'out-of-range', detail: 'Archives run from 2023-01 to 2024-03.' })
    expect(planArchiveRequest(config, BASE, 'reports', archive(2022, 12), NOW).kind).toBe('out-of-range')
  })

  it('puts the bound in the canonical query and the key', () => {
    const plan = planArchiveRequest(config, BASE, 'reports', { ...archive(2024, 2), bound: { until: 42 } }, NOW)
    expect(plan).toMatchObject({ canonical: '?until=42', key: `${BASE}/feeds/reports/archive/2024-02/rss.xml?until=42` })
  })
})

describe('planFromIndex', () => {
  it('keeps a full max-age with stale-while-revalidate and expires at the next Baghdad month', async () => {
    const plan = await planFromIndex(config, feedPlan(), index(), NOW)
    expect(plan.cacheControl).toBe('public, max-age=300, stale-while-revalidate=600')
    expect(plan.expiresAt).toBe(fromBaghdad(2024, 4, 1))
    expect(plan.nextScheduled).toBeNull()
    expect(plan.lastModified).toBe(NOW - 60_000)
    expect(plan.links.self.rss).toBe(`${BASE}/feeds/reports/rss.xml`)
  })

  it('shortens Cache-Control and the expiry to the next scheduled article', async () => {
    const due = NOW + 90_000
    const plan = await planFromIndex(config, feedPlan(), index({ nextScheduled: due }), NOW)
    expect(plan.cacheControl).toBe('public, max-age=90')
    expect(plan.expiresAt).toBe(due)
    expect(plan.nextScheduled).toBe(due)
  })

  it('gives a closed month a day, must-revalidate', async () => {
    const request = planArchiveRequest(config, BASE, 'reports', { month: { year: 2024, month: 2 }, filters: {}, bound: null, format: 'rss' }, NOW)
    if (request.kind !== 'feed') throw new Error('expected a feed plan')
    expect((await planFromIndex(config, request, index(), NOW)).cacheControl).toBe('public, max-age=86400, must-revalidate')
  })

  it('changes the ETag with the query, the entries and the format, and only with them', async () => {
    const etag = async (request: RequestPlan, idx = index()) => (await planFromIndex(config, request, idx, NOW)).etag
    const base = await etag(feedPlan())
    expect(await etag(feedPlan())).toBe(base)
    expect(await etag(feedPlan(), index({ rowsRead: 99 }))).toBe(base)
    expect(await etag(feedPlan({ limit: 5, page: null }))).not.toBe(base)
    expect(await etag(feedPlan(), index({ entries: index().entries.slice(1) }))).not.toBe(base)
    const rss = planFeedRequest(BASE, 'reports', 'rss', { limit: 20, page: null })
    if (rss.kind === 'feed') expect(await etag(rss)).not.toBe(base)
  })
})
