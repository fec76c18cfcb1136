import { describe, expect, it } from 'vitest'
import { saveArticle } from '../../src/publish/write'
import { call, countingKv, createSection, makeDraft, testEnv, totalOps, WRITE_NOW , stores } from '../helpers'
import { purgeAllHere } from '../../src/http/feed-cache'

const ARTICLES = 1_050

describe('KV cost of a feed request', () => {
  it('is 2 operations for 100 items and 1 for a 304, with 1,050 articles in the section', { timeout: 120_000 }, async () => {
    const section = await createSection()
    const start = Date.UTC(2022, 0, 1)
    for (let i = 0; i < ARTICLES; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, ARTICLES - i) }, (_, j) =>
          saveArticle(stores, makeDraft(section.slug, { id: `${section.slug}-${i + j}`, published: start + (i + j) * 3_600_000 }), { now: WRITE_NOW }),
        ),
      )
    }
    for (const file of ['rss.xml', 'atom.xml', 'feed.json']) {
      const { kv, counts } = countingKv(testEnv.ARTICLES)
      const res = await call(`/feeds/${section.slug}/${file}?limit=100`, {}, { ...testEnv, ARTICLES: kv })
      expect(res.status).toBe(200)
      const body = await res.text()
      expect(body.split(`:article/${section.slug}-`).length - 1).toBe(100)
      expect(body).toMatch(new RegExp(`:article/${section.slug}-${ARTICLES - 1}["<]`))
      expect(counts).toEqual({ get: 1, list: 1, put: 0, delete: 0, getWithMetadata: 0 })

      // Without this isolate's cached copy (another isolate, or after a write), a 304 costs the one list.
      purgeAllHere()
      const again = countingKv(testEnv.ARTICLES)
      const cached = await call(`/feeds/${section.slug}/${file}?limit=100`, { headers: { 'If-None-Match': res.headers.get('ETag')! } }, { ...testEnv, ARTICLES: again.kv })
      expect(cached.status).toBe(304)
      expect(totalOps(again.counts)).toBe(1)
    }
    // The site-wide feed holds them too, at the same cost.
    const site = countingKv(testEnv.ARTICLES)
    const res = await call('/feeds/atom.xml?limit=100', {}, { ...testEnv, ARTICLES: site.kv })
    expect(res.status).toBe(200)
    expect(totalOps(site.counts)).toBe(2)
  })

  it('is 1 operation for an unknown section and for the /feeds index', async () => {
    const unknown = countingKv(testEnv.ARTICLES)
    expect((await call('/feeds/missing/rss.xml', {}, { ...testEnv, ARTICLES: unknown.kv })).status).toBe(404)
    expect(totalOps(unknown.counts)).toBe(1)
    const index = countingKv(testEnv.ARTICLES)
    expect((await call('/feeds', {}, { ...testEnv, ARTICLES: index.kv })).status).toBe(200)
    expect(totalOps(index.counts)).toBe(1)
  })
})
