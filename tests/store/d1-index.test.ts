// The index in D1 under concurrency and look-alike names (issue 14): one transaction per write leaves no stale
// entry, one row per id, exactly one 201 among concurrent creations, and names that differ only by invisible
// characters are one.
import { describe, expect, it } from 'vitest'
import { mulberry32 } from '../../dev/random'
import { api, apiArticle, call, createSection, testEnv } from '../helpers'

/** Every id of a feed, following `next` pages of `limit`; asserts each page before the last is full. */
async function walkFeed(path: string, limit: number): Promise<string[]> {
  const ids: string[] = []
  for (let url: string | null = `${path}?limit=${limit}`; url; ) {
    const json = (await (await call(url.replace('http://nashra.test', ''))).json()) as any
    const page = json.items.map((i: any) => String(i.id).split('/').pop())
    if (json.next_url) expect(page.length, url).toBe(limit)
    ids.push(...page)
    url = json.next_url ?? null
  }
  return ids
}

describe('the D1 index under concurrent writes', () => {
  it('leaves every id once, in its final section, with full pages, after concurrent moves between sections and months', async () => {
    const seed = 20261202
    console.log(`concurrent moves: seed ${seed}`)
    const next = mulberry32(seed)
    const sections = await Promise.all([createSection(), createSection(), createSection()])
    const ids = Array.from({ length: 40 }, (_, i) => `mv-${seed}-${i}`)
    const months = ['2025-03-10T08:00:00+03:00', '2025-04-20T08:00:00+03:00', '2025-05-05T08:00:00+03:00']
    // Every id created once, then 4 rounds of 40 moves each, all 160 at once.
    await Promise.all(ids.map((id, i) => api('PUT', `/api/articles/${id}`, apiArticle(sections[i % 3]!.slug, { id, published: months[i % 3] }))))
    const moves = ids.flatMap((id) =>
      Array.from({ length: 4 }, (_, round) => apiArticle(sections[Math.floor(next() * 3)]!.slug, { id, published: months[Math.floor(next() * 3)], title: `نقل ${round}` })),
    )
    const answers = await Promise.all(moves.map((body) => api('PUT', `/api/articles/${body.id as string}`, body)))
    expect(answers.every((r) => r.status === 200)).toBe(true)

    // Where each id ended, as the API says; every section's feed lists exactly its own, once, in full pages.
    const finalSection = new Map<string, string>()
    for (const id of ids) finalSection.set(id, ((await (await api('GET', `/api/articles/${id}`)).json()) as any).section)
    for (const section of sections) {
      const listed = await walkFeed(`/feeds/${section.slug}/feed.json`, 8)
      expect(listed.length).toBe(new Set(listed).size)
      expect(listed.sort()).toEqual(ids.filter((id) => finalSection.get(id) === section.slug).sort())
    }
    const rows = await testEnv.DB.prepare("SELECT count(*) AS n FROM articles WHERE id LIKE ?").bind(`mv-${seed}-%`).first<{ n: number }>()
    expect(rows?.n).toBe(40)
    // The month counts agree with the rows: nothing stale in a month an article left.
    const counted = await testEnv.DB.prepare(
      `SELECT (SELECT coalesce(sum(n), 0) FROM months WHERE scope IN (?, ?, ?)) AS months, (SELECT count(*) FROM articles WHERE section IN (?, ?, ?)) AS rows`,
    )
      .bind(...sections.map((s) => s.slug), ...sections.map((s) => s.slug))
      .first<{ months: number; rows: number }>()
    expect(counted?.months).toBe(counted?.rows)
  })

  it('answers 201 to exactly one of several concurrent creations of one id', async () => {
    const section = await createSection()
    const body = apiArticle(section.slug)
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => api('PUT', `/api/articles/${body.id as string}`, { ...body, title: `نسخة ${i}` })))
    expect(answers.filter((r) => r.status === 201).length).toBe(1)
    expect(answers.filter((r) => r.status === 200).length).toBe(7)
  })
})

describe('names that differ only by invisible characters', () => {
  const INVISIBLE = ['\u200D', '\u200B', '\u200F', '\u200E', '\u2060', '\u061C', '\u0640', '\uFEFF', '\u00AD']

  it('refuses a section whose name folds to an existing one (409), for each invisible character', async () => {
    const section = await createSection({ name: 'تقارير خاصة' })
    for (const [i, mark] of INVISIBLE.entries()) {
      const res = await api('PUT', `/api/sections/lookalike-${i}`, { name: `تقا${mark}رير خاصة` })
      expect(res.status, JSON.stringify(mark)).toBe(409)
      expect(res.headers.get('Content-Type')).toBe('application/problem+json')
    }
    const list = ((await (await api('GET', '/api/sections')).json()) as any).sections.map((s: any) => s.slug)
    expect(list).toContain(section.slug)
    expect(list.filter((s: string) => s.startsWith('lookalike-'))).toEqual([])
  })

  it('finds a tag and an author whatever invisible characters they were written with, and keeps the first spelling', async () => {
    const section = await createSection()
    const first = apiArticle(section.slug, { tags: ['بغداد\u200F'], authors: [{ name: 'علي حسين' }] })
    const second = apiArticle(section.slug, { tags: ['بغـداد', 'بغداد'], authors: [{ name: 'علي\u200C حسين' }] })
    await api('PUT', `/api/articles/${first.id as string}`, first)
    await api('PUT', `/api/articles/${second.id as string}`, second)
    for (const tag of ['بغداد', 'بغداد\u200F', 'بغـداد']) {
      const json = (await (await call(`/feeds/${section.slug}/feed.json?tag=${encodeURIComponent(tag)}`)).json()) as any
      expect(json.items.length, JSON.stringify(tag)).toBe(2)
    }
    const byAuthor = (await (await call(`/feeds/${section.slug}/feed.json?author=${encodeURIComponent('علي حسين')}`)).json()) as any
    expect(byAuthor.items.length).toBe(2)
    // One value, the first spelling: the second article's two look-alike tags are one, spelled as the first was.
    const stored = (await (await api('GET', `/api/articles/${second.id as string}`)).json()) as any
    expect(stored.tags).toEqual(['بغداد\u200F'])
    expect(stored.authors.map((a: any) => a.name)).toEqual(['علي حسين'])
  })
})
