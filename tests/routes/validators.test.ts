// Validators never lie (issue 14): after a takedown, a move or a rescheduling, no reader revalidating a copy that
// showed the article is told 304, by ETag or by If-Modified-Since, on any feed or archive of the scope.
import { describe, expect, it } from 'vitest'
import { api, apiArticle, atTime, call, createSection } from '../helpers'
import { toRfc3339 } from '../../src/model/dates'

const NOW = Date.UTC(2026, 5, 15, 9)
const LATER = NOW + 60_000
const FORMATS = ['rss.xml', 'atom.xml', 'feed.json']

/** Every feed and archive document of a section and the site-wide scope, at the article's month. */
function paths(slug: string): string[] {
  return FORMATS.flatMap((f) => [`/feeds/${slug}/${f}`, `/feeds/${f}`, `/feeds/${slug}/archive/2026-06/${f}`, `/feeds/archive/2026-06/${f}`])
}

async function validators(path: string, now: number) {
  const res = await call(path, {}, atTime(now))
  expect(res.status, path).toBe(200)
  return { etag: res.headers.get('ETag')!, lastModified: res.headers.get('Last-Modified')! }
}

async function revalidate(path: string, now: number, headers: Record<string, string>): Promise<number> {
  return (await call(path, { headers }, atTime(now))).status
}

describe('validators', () => {
  it('never answer 304 after a takedown, to If-Modified-Since or If-None-Match, on every feed and archive', async () => {
    const section = await createSection()
    // An older article, then the one taken down: Last-Modified must not go back to the older one's date.
    const older = apiArticle(section.slug, { published: '2026-06-01T10:00:00+03:00' })
    const article = apiArticle(section.slug, { published: '2026-06-14T10:00:00+03:00' })
    expect((await api('PUT', `/api/articles/${older.id}`, older, atTime(NOW - 3_600_000))).status).toBe(201)
    expect((await api('PUT', `/api/articles/${article.id}`, article, atTime(NOW - 60_000))).status).toBe(201)
    const before = new Map<string, Awaited<ReturnType<typeof validators>>>()
    for (const path of paths(section.slug)) before.set(path, await validators(path, NOW))
    // Unchanged: both validators say 304.
    for (const [path, v] of before) {
      expect(await revalidate(path, NOW, { 'If-Modified-Since': v.lastModified }), path).toBe(304)
      expect(await revalidate(path, NOW, { 'If-None-Match': v.etag }), path).toBe(304)
    }
    expect((await api('DELETE', `/api/articles/${article.id}`, undefined, atTime(LATER))).status).toBe(204)
    for (const [path, v] of before) {
      expect(await revalidate(path, LATER + 1000, { 'If-Modified-Since': v.lastModified }), path).toBe(200)
      expect(await revalidate(path, LATER + 1000, { 'If-None-Match': v.etag }), path).toBe(200)
      const after = await validators(path, LATER + 1000)
      // Last-Modified moved forward to the takedown, never back to the older article's date.
      expect(Date.parse(after.lastModified), path).toBeGreaterThan(Date.parse(v.lastModified))
    }
  })

  it('never answer 304 after an article is rescheduled into the future', async () => {
    const section = await createSection()
    const article = apiArticle(section.slug, { published: '2026-06-14T10:00:00+03:00' })
    await api('PUT', `/api/articles/${article.id}`, article, atTime(NOW - 60_000))
    const path = `/feeds/${section.slug}/atom.xml`
    const before = await validators(path, NOW)
    const rescheduled = { ...article, published: toRfc3339(NOW + 7 * 86_400_000) }
    expect((await api('PUT', `/api/articles/${article.id}`, rescheduled, atTime(LATER))).status).toBe(200)
    expect(await revalidate(path, LATER + 1000, { 'If-Modified-Since': before.lastModified })).toBe(200)
    const after = await call(path, {}, atTime(LATER + 1000))
    expect(await after.text()).not.toContain(article.id as string)
  })

  it('says no Last-Modified of 1970 for an empty archive: the section was written, so its time', async () => {
    const section = await createSection({ updated: Date.UTC(2026, 0, 5) })
    const res = await call(`/feeds/${section.slug}/archive/2026-02/atom.xml`, {}, atTime(NOW))
    expect(res.status).toBe(200)
    const lastModified = res.headers.get('Last-Modified')
    expect(lastModified).not.toBeNull()
    expect(Date.parse(lastModified!)).toBeGreaterThan(Date.UTC(2000, 0, 1))
  })
})
