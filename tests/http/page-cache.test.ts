import { describe, expect, it } from 'vitest'
import { api, apiArticle, call, countingStores, createSection, d1Calls, kvOps } from '../helpers'

/** A request and its store operations (D1 round trips and KV operations). */
async function counted(path: string, init: RequestInit = {}): Promise<{ res: Response; body: string; ops: number }> {
  const { env, counts } = countingStores()
  const res = await call(path, init, env)
  return { res, body: await res.text(), ops: d1Calls(counts) + kvOps(counts) }
}

async function publish(section: string, title: string): Promise<void> {
  const article = apiArticle(section, { title, published: new Date(Date.now() - 60_000).toISOString() })
  const res = await api('PUT', `/api/articles/${article.id as string}`, article)
  expect([200, 201]).toContain(res.status)
}

describe('pages in the feed cache', () => {
  for (const [name, path] of [
    ['the section page', (slug: string) => `/sections/${slug}`],
    ['the embed', (slug: string) => `/embed/${slug}?limit=3&theme=dark`],
  ] as const) {
    it(`answers ${name} again with no store operation, a 304 to its ETag, and shows a publish at once`, async () => {
      const section = await createSection()
      await publish(section.slug, 'العنوان الأول للصفحة')
      const first = await counted(path(section.slug))
      expect(first.res.status).toBe(200)
      expect(first.ops).toBeGreaterThan(0)
      const etag = first.res.headers.get('ETag')
      expect(etag).toMatch(/^"page-[0-9a-f]+"$/)

      const again = await counted(path(section.slug))
      expect(again.ops).toBe(0)
      expect(again.body).toBe(first.body)
      expect(again.res.headers.get('Cache-Status')).toBe('nashra; hit; detail=memory')
      expect(again.res.headers.get('Content-Security-Policy')).toBe(first.res.headers.get('Content-Security-Policy'))
      expect(again.res.headers.get('Cache-Control')).toBe('public, max-age=300')

      const notModified = await counted(path(section.slug), { headers: { 'If-None-Match': etag! } })
      expect(notModified.res.status).toBe(304)
      expect(notModified.ops).toBe(0)

      await publish(section.slug, 'عنوان جديد بعد النشر')
      const after = await counted(path(section.slug))
      expect(after.body).toContain('عنوان جديد بعد النشر')
      expect(after.res.headers.get('ETag')).not.toBe(etag)
    })
  }

  it('keys the embed by its canonical query: defaults and order do not make another copy', async () => {
    const section = await createSection()
    await publish(section.slug, 'عنوان الأداة')
    const first = await counted(`/embed/${section.slug}?theme=dark&limit=3`)
    expect(first.res.status).toBe(200)
    const same = await counted(`/embed/${section.slug}?limit=3&theme=dark&unknown=1`)
    expect(same.ops).toBeLessThanOrEqual(1) // the slug's check only, no render
    expect(same.body).toBe(first.body)
    const light = await counted(`/embed/${section.slug}?theme=light`)
    const plain = await counted(`/embed/${section.slug}`)
    expect(plain.ops).toBeLessThanOrEqual(1)
    expect(plain.body).toBe(light.body)
  })
})
