// The migration of data written before the index moved to D1 (npm run reindex, POST /api/reindex): every legacy
// article is indexed as stored, every old key goes, and a second run changes nothing.
import { describe, expect, it } from 'vitest'
import { prepareArticle } from '../../src/publish/prepare'
import { api, call, makeDraft, testEnv, WRITE_NOW } from '../helpers'

async function runToEnd(): Promise<{ sections: number; articles: number; deleted: number; calls: number }> {
  const total = { sections: 0, articles: 0, deleted: 0, calls: 0 }
  for (;;) {
    const res = await api('POST', '/api/reindex')
    expect(res.status).toBe(200)
    const step = (await res.json()) as any
    total.sections += step.sections
    total.articles += step.articles
    total.deleted += step.deleted
    total.calls++
    expect(total.calls).toBeLessThan(20)
    if (step.done) return total
  }
}

describe('reindex', () => {
  it('moves legacy sections, records and index keys into D1 once, and a second run changes nothing', async () => {
    const kv = testEnv.ARTICLES
    const section = { slug: 'legacy-news', name: 'أخبار قديمة', description: 'من قبل', order: 3, updated: Date.UTC(2024, 0, 1) }
    await kv.put(`v1/section/${section.slug}`, JSON.stringify(section))
    const ids: string[] = []
    // 130 articles (more than one step of 100), plus one whose section record was lost.
    for (let i = 0; i < 131; i++) {
      const slug = i === 130 ? 'orphaned' : section.slug
      const { article } = await prepareArticle(makeDraft(slug, { id: `legacy-${i}`, published: Date.UTC(2024, 1, 1) + i * 60_000 }), { ...section, slug, name: i === 130 ? 'قسم ضائع' : section.name }, WRITE_NOW)
      await kv.put(`v1/article/${article.id}`, JSON.stringify(article))
      await kv.put(`v1/index/${slug}/997597/${9_999_999_999_999 - article.published}/${article.id}`, '')
      ids.push(article.id)
    }
    await kv.put('v1/month/legacy-news/997597', '')

    const first = await runToEnd()
    expect(first).toMatchObject({ sections: 1, articles: 131, deleted: 132 })
    for (const prefix of ['v1/article/', 'v1/section/', 'v1/index/', 'v1/month/']) expect((await kv.list({ prefix })).keys).toEqual([])
    // Every article is in its feed (the lost section made again from what its article remembered).
    const feed = (await (await call('/feeds/legacy-news/feed.json?limit=100')).json()) as any
    const next = (await (await call(feed.next_url.replace('http://nashra.test', ''))).json()) as any
    expect([...feed.items, ...next.items].length).toBe(130)
    const orphan = (await (await api('GET', '/api/articles/legacy-130')).json()) as any
    expect(orphan.section).toBe('orphaned')
    expect(((await (await api('GET', '/api/sections')).json()) as any).sections.map((s: any) => s.name)).toContain('قسم ضائع')

    const second = await runToEnd()
    expect(second).toMatchObject({ sections: 0, articles: 0, deleted: 0, calls: 1 })
  })
})
