// A future-dated article is scheduled: stored, but in no feed, page, embed or archive before its time.
import { describe, expect, it } from 'vitest'
import { toRfc3339 } from '../../src/model/dates'
import { saveArticle } from '../../src/publish/write'
import { api, apiArticle, atTime, call, createSection, makeDraft, parseXml, stores, countingStores, feedIds, itemIds } from '../helpers'

/** The request clock: 15 June 2026, noon in Baghdad. Config max-age is 300 s. */
const NOW = Date.UTC(2026, 5, 15, 9, 0)
const DAY = 24 * 3600 * 1000
const MAX_AGE = 300

/** Writes at NOW, as the API would. */
async function write(section: string, id: string, published: number): Promise<void> {
  await saveArticle(stores, makeDraft(section, { id, title: `عنوان ${id}`, published }), { now: NOW })
}

describe('a scheduled article', () => {
  it('enters every feed format, the site feed, the section page, the directory, the embed and the archive at its time', async () => {
    const section = await createSection()
    const slug = section.slug
    const soon = NOW + 3600_000
    await write(slug, `${slug}-old`, NOW - DAY)
    const put = await api('PUT', `/api/articles/${slug}-soon`, apiArticle(slug, { id: `${slug}-soon`, title: `مجدول ${slug}`, published: toRfc3339(soon) }), atTime(NOW))
    expect(put.status).toBe(201)

    for (const [now, visible] of [[NOW, false], [soon - 1000, false], [soon, true], [soon + DAY, true]] as const) {
      const want = visible ? [`${slug}-soon`, `${slug}-old`] : [`${slug}-old`]
      expect(await feedIds(`/feeds/${slug}/feed.json`, atTime(now)), `${now}`).toEqual(want)
      expect(await feedIds(`/feeds/${slug}/archive/2026-06/feed.json`, atTime(now))).toEqual(want)
      expect((await feedIds('/feeds/feed.json?limit=100', atTime(now))).includes(`${slug}-soon`)).toBe(visible)
      const rss = parseXml(await (await call(`/feeds/${slug}/rss.xml`, {}, atTime(now))).text())
      expect(rss.rss.channel.item.length).toBe(want.length)
      const atom = parseXml(await (await call(`/feeds/${slug}/atom.xml`, {}, atTime(now))).text())
      expect(atom.feed.entry.length).toBe(want.length)
      for (const page of [`/sections/${slug}`, `/embed/${slug}`, '/']) {
        const res = await call(page, {}, atTime(now))
        expect(res.status, page).toBe(200)
        expect((await res.text()).includes(`مجدول ${slug}`), `${page} at ${now}`).toBe(visible)
      }
    }
  })

  it('changes the ETag when it becomes visible, and caps max-age at its time without changing the bytes', async () => {
    const section = await createSection()
    const slug = section.slug
    const due = NOW + 100_000
    await write(slug, `${slug}-old`, NOW - DAY)
    await write(slug, `${slug}-due`, due)
    for (const file of ['rss.xml', 'atom.xml', 'feed.json']) {
      const path = `/feeds/${slug}/${file}`
      const before = await call(path, {}, atTime(NOW))
      const later = await call(path, {}, atTime(NOW + 40_000))
      // Only the cache lifetime depends on the clock: the document and its validator do not.
      expect(before.headers.get('Cache-Control')).toBe('public, max-age=100')
      expect(later.headers.get('Cache-Control')).toBe('public, max-age=60')
      expect(later.headers.get('ETag')).toBe(before.headers.get('ETag'))
      expect(await later.text()).toBe(await before.text())

      const etag = before.headers.get('ETag')!
      expect((await call(path, { headers: { 'If-None-Match': etag } }, atTime(due - 1000))).status).toBe(304)
      const after = await call(path, { headers: { 'If-None-Match': etag } }, atTime(due))
      expect(after.status).toBe(200)
      expect(after.headers.get('ETag')).not.toBe(etag)
      expect(after.headers.get('Cache-Control')).toContain(`max-age=${MAX_AGE}`)
    }
    for (const page of [`/sections/${slug}`, `/embed/${slug}`]) {
      expect((await call(page, {}, atTime(NOW))).headers.get('Cache-Control'), page).toBe('public, max-age=100')
      expect((await call(page, {}, atTime(due))).headers.get('Cache-Control'), page).toBe(`public, max-age=${MAX_AGE}`)
    }
    // The archive of the current month too.
    expect((await call(`/feeds/${slug}/archive/2026-06/atom.xml`, {}, atTime(NOW))).headers.get('Cache-Control')).toBe('public, max-age=100')
  })

  it('takes no page slot: ?limit=3 shows 3 items with 20 far-future articles at the front, and paging loses none', async () => {
    const section = await createSection()
    const slug = section.slug
    for (let i = 0; i < 20; i++) await write(slug, `${slug}-future${i}`, NOW + (300 + i) * DAY)
    for (let i = 0; i < 5; i++) await write(slug, `${slug}-past${i}`, NOW - (i + 1) * DAY)
    const { env, counts } = countingStores()
    const res = await call(`/feeds/${slug}/feed.json?limit=3`, {}, atTime(NOW, env))
    const first = (await res.json()) as any
    expect(itemIds(first)).toEqual([`${slug}-past0`, `${slug}-past1`, `${slug}-past2`])
    // The index range starts at the request's clock: the 20 scheduled rows are never read.
    expect(counts.d1).toMatchObject({ batches: 1, queries: 0 })
    expect(counts.d1.rowsRead).toBeLessThanOrEqual(3 + 4)
    expect(counts.kv).toMatchObject({ get: 1, keys: 3, list: 0 })
    const next = new URL(first.next_url)
    expect(await feedIds(next.pathname + next.search, atTime(NOW))).toEqual([`${slug}-past3`, `${slug}-past4`])
    // The API lists every article, scheduled ones first with their state.
    const list = (await (await api('GET', `/api/articles?section=${slug}&limit=100`, undefined, atTime(NOW))).json()) as any
    expect(list.items.filter((i: any) => i.state === 'scheduled').length).toBe(20)
  })

  it('costs the same whether articles are scheduled or due: one D1 batch, one bulk get of the items shown', async () => {
    const section = await createSection()
    const slug = section.slug
    for (let i = 0; i < 2; i++) await write(slug, `${slug}-future${i}`, NOW + (i + 1) * DAY)
    for (let i = 0; i < 10; i++) await write(slug, `${slug}-past${i}`, NOW - (i + 1) * DAY)
    const scheduled = countingStores()
    const res = await call(`/feeds/${slug}/feed.json?limit=3`, {}, atTime(NOW, scheduled.env))
    expect(itemIds(await res.json())).toEqual([`${slug}-past0`, `${slug}-past1`, `${slug}-past2`])
    expect(scheduled.counts.d1).toMatchObject({ batches: 1, queries: 0 })
    expect(scheduled.counts.d1.rowsRead).toBeLessThanOrEqual(3 + 4)
    expect(scheduled.counts.kv).toMatchObject({ get: 1, keys: 3, list: 0 })
    // The first is due in a day, later than max-age: the ordinary policy.
    expect(res.headers.get('Cache-Control')).toBe(`public, max-age=${MAX_AGE}, stale-while-revalidate=600`)
    // Once they are due they are simply the newest entries.
    const due = countingStores()
    const later = await call(`/feeds/${slug}/feed.json?limit=3`, {}, atTime(NOW + 3 * DAY, due.env))
    expect(itemIds(await later.json())).toEqual([`${slug}-future1`, `${slug}-future0`, `${slug}-past0`])
    expect(due.counts.d1).toMatchObject({ batches: 1, queries: 0 })
    expect(due.counts.d1.rowsRead).toBeLessThanOrEqual(3 + 4)
    expect(due.counts.kv).toMatchObject({ get: 1, keys: 3, list: 0 })
    expect(later.headers.get('Cache-Control')).toContain(`max-age=${MAX_AGE}`)
  })

  it('shortens the directory\'s max-age to the earliest scheduled article of any section', async () => {
    // Later than every other article of this file, so theirs are all due by then.
    const later = NOW + 400 * DAY
    const section = await createSection()
    await saveArticle(stores, makeDraft(section.slug, { id: `${section.slug}-due`, published: later + 50_000 }), { now: later })
    expect((await call('/', {}, atTime(later))).headers.get('Cache-Control')).toBe('public, max-age=50')
    expect((await call('/', {}, atTime(later + 50_000))).headers.get('Cache-Control')).toBe(`public, max-age=${MAX_AGE}`)
  })
})
