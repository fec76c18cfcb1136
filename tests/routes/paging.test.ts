import { describe, expect, it } from 'vitest'
import { purgeAllHere } from '../../src/http/feed-cache'
import { saveArticle } from '../../src/publish/write'
import { getEntry } from '../../src/store/feed-index'
import { ORIGIN, atTime, call, createSection, makeDraft, parseXml, stores, testEnv, WRITE_NOW, atomLinks, countingStores, d1Calls, kvOps } from '../helpers'

/** The index's sort key of an article (the position archive bounds and page tokens name). */
async function skOf(id: string): Promise<number> {
  return (await getEntry(stores.db, id))!.sk
}

async function atomPage(url: string, bindings: Env = testEnv) {
  const res = await call(url.replace(ORIGIN, ''), {}, bindings)
  expect(res.status).toBe(200)
  const feed = parseXml(await res.text()).feed
  return { res, feed, ids: (feed.entry ?? []).map((e: any) => e.id.split('/').pop()), links: atomLinks(feed) }
}

async function fill(slug: string, count: number, start = Date.UTC(2024, 0, 1), step = 3_600_000) {
  const ids: string[] = []
  for (let i = 0; i < count; i += 25) {
    const batch = Array.from({ length: Math.min(25, count - i) }, (_, j) => makeDraft(slug, { id: `${slug}-${String(i + j).padStart(3, '0')}`, published: start + (i + j) * step }))
    await Promise.all(batch.map((d) => saveArticle(stores, d, { now: WRITE_NOW })))
    ids.push(...batch.map((d) => d.id))
  }
  return ids.reverse() // newest first
}

describe('paged feeds (RFC 5005)', () => {
  it('walks the whole section by following next, with no gaps or repeats while new articles arrive', async () => {
    const section = await createSection()
    const all = await fill(section.slug, 45)
    let page = await atomPage(`/feeds/${section.slug}/atom.xml?limit=10`)
    expect(page.links.first).toBe(`${ORIGIN}/feeds/${section.slug}/atom.xml?limit=10`)
    expect(page.links.previous).toBeUndefined()
    const seen: string[] = [...page.ids]
    // New articles published while a reader pages back.
    for (let i = 0; i < 3; i++) await saveArticle(stores, makeDraft(section.slug, { id: `${section.slug}-new${i}`, published: Date.UTC(2025, 0, 1 + i) }), { now: WRITE_NOW })
    let hops = 0
    while (page.links.next) {
      // A page with more after it is always full.
      expect(page.ids).toHaveLength(10)
      const next = page.links.next
      page = await atomPage(next)
      expect(page.links.self).toBe(next)
      expect(page.links.first).toBe(`${ORIGIN}/feeds/${section.slug}/atom.xml?limit=10`)
      expect(page.links.previous).toBeDefined()
      seen.push(...page.ids)
      hops++
    }
    expect(hops).toBe(4)
    expect(page.ids).toHaveLength(5)
    expect(seen).toEqual(all)
  })

  it('links back with previous, stable while articles are published, and JSON Feed and RSS carry next too', async () => {
    const section = await createSection()
    const all = await fill(section.slug, 12)
    const first = await atomPage(`/feeds/${section.slug}/atom.xml?limit=5`)
    const second = await atomPage(first.links.next!)
    // The page after the first knows the first page is just newer: previous is its plain URL.
    expect(second.links.previous).toBe(`${ORIGIN}/feeds/${section.slug}/atom.xml?limit=5`)
    const third = await atomPage(second.links.next!)
    expect([first.ids, second.ids, third.ids]).toEqual([all.slice(0, 5), all.slice(5, 10), all.slice(10)])
    expect(third.links.next).toBeUndefined()
    // New articles at the front shift no page named by its sort keys, either way.
    for (let i = 0; i < 2; i++) await saveArticle(stores, makeDraft(section.slug, { id: `${section.slug}-late${i}`, published: Date.UTC(2025, 0, 1 + i) }), { now: WRITE_NOW })
    purgeAllHere()
    const back = await atomPage(third.links.previous!)
    expect(back.ids).toEqual(second.ids)
    expect(back.links.next).toBe(second.links.next)
    const backAgain = await atomPage(back.links.previous!)
    expect(backAgain.ids).toEqual(first.ids)
    // Fewer than a page is newer than those: one more step back is the first page as it is now, with no previous.
    const front = await atomPage(backAgain.links.previous!)
    expect(front.ids).toEqual([`${section.slug}-late1`, `${section.slug}-late0`, ...all.slice(0, 3)])
    expect(front.links.previous).toBeUndefined()
    expect(front.links.next).toBeDefined()

    const json = (await (await call(`/feeds/${section.slug}/feed.json?limit=5`)).json()) as any
    const jsonFirst = await atomPage(`/feeds/${section.slug}/atom.xml?limit=5`)
    expect(json.next_url).toBe(jsonFirst.links.next!.replace('atom.xml', 'feed.json'))
    const nextJson = (await (await call(json.next_url.replace(ORIGIN, ''))).json()) as any
    expect(nextJson.items.map((i: any) => i.id.split('/').pop())).toEqual(all.slice(3, 8))
    const rss = parseXml(await (await call(`/feeds/${section.slug}/rss.xml?limit=5`)).text()).rss.channel
    expect(rss['atom:link'].find((l: any) => l['@_rel'] === 'next')['@_href']).toBe(jsonFirst.links.next!.replace('atom.xml', 'rss.xml'))
  })

  it('costs one D1 batch and one bulk get of the shown articles a page, and one D1 batch for a 304', async () => {
    const section = await createSection()
    await fill(section.slug, 30)
    const first = countingStores()
    const page = await atomPage(`/feeds/${section.slug}/atom.xml?limit=10`, first.env)
    // The section, its change time, its next scheduled article and limit + 1 entries.
    expect(first.counts.d1).toMatchObject({ batches: 1, queries: 0 })
    expect(first.counts.d1.rowsRead).toBeLessThanOrEqual(10 + 4)
    expect(first.counts.kv).toMatchObject({ get: 1, keys: 10, list: 0, getWithMetadata: 0 })
    const later = countingStores()
    const second = await atomPage(page.links.next!, later.env)
    expect(second.ids).toHaveLength(10)
    // A later page also looks up, to know whether the previous page is the first: two index ranges of limit + 1.
    expect(later.counts.d1).toMatchObject({ batches: 1, queries: 0 })
    expect(later.counts.d1.rowsRead).toBeLessThanOrEqual(2 * (10 + 1) + 3)
    expect(later.counts.kv).toMatchObject({ get: 1, keys: 10, list: 0 })
    const cached = countingStores()
    const etag = second.res.headers.get('ETag')!
    const res = await call(page.links.next!.replace(ORIGIN, ''), { headers: { 'If-None-Match': etag } }, cached.env)
    expect(res.status).toBe(304)
    expect(res.headers.get('Link')).toContain('rel="next"')
    // Served from the feed cache: no store touched.
    expect(d1Calls(cached.counts) + kvOps(cached.counts)).toBe(0)
    // With this isolate's copies purged, the 304 reads the index again, and no article.
    purgeAllHere()
    const cold = countingStores()
    const again = await call(page.links.next!.replace(ORIGIN, ''), { headers: { 'If-None-Match': etag } }, cold.env)
    expect(again.status).toBe(304)
    expect(d1Calls(cold.counts)).toBe(1)
    expect(kvOps(cold.counts)).toBe(0)
  })

  it('refuses a page token that is not one of its own', async () => {
    const section = await createSection()
    const res = await call(`/feeds/${section.slug}/atom.xml?page=bogus`)
    expect(res.status).toBe(400)
    expect(((await res.json()) as any).errors[0].parameter).toBe('page')
    // Tokens of the KV index (an offset, a KV cursor) name no sort key: refused, not served as some other page.
    for (const old of [{ s: section.slug, o: 20 }, { s: section.slug, o: 0, c: 'AAAAAA' }, { s: section.slug, b: -1 }, { s: section.slug, b: 1, a: 1 }]) {
      const token = btoa(JSON.stringify(old)).replace(/=+$/, '')
      const res = await call(`/feeds/${section.slug}/atom.xml?page=${token}`)
      expect(res.status, JSON.stringify(old)).toBe(400)
      expect(((await res.json()) as any).errors[0].parameter).toBe('page')
    }
    // A token of one feed does not serve another (its sort keys are of another scope).
    const other = await createSection()
    await fill(other.slug, 3)
    const next = (await atomPage(`/feeds/${other.slug}/atom.xml?limit=1`)).links.next!
    const token = new URL(next).searchParams.get('page')!
    const foreign = await call(`/feeds/${section.slug}/atom.xml?limit=1&page=${token}`)
    expect(foreign.status).toBe(400)
    expect(((await foreign.json()) as any).errors).toEqual([{ parameter: 'page', detail: 'a page token of another feed' }])
  })
})

describe('monthly archives (RFC 5005)', () => {
  it('hold one Baghdad month, marked fh:archive, linked to its neighbours and the subscription feed', async () => {
    const section = await createSection()
    const jan = makeDraft(section.slug, { published: Date.UTC(2024, 0, 15) })
    const lateJanUtc = makeDraft(section.slug, { published: Date.UTC(2024, 0, 31, 22) }) // 1 Feb, 01:00 in Baghdad
    const feb = makeDraft(section.slug, { published: Date.UTC(2024, 1, 10) })
    for (const d of [jan, lateJanUtc, feb]) await saveArticle(stores, d, { now: WRITE_NOW })

    const counting = countingStores()
    const page = await atomPage(`/feeds/${section.slug}/archive/2024-01/atom.xml`, counting.env)
    // One D1 batch (the month's entries and where its neighbours are), one bulk get of the article shown.
    expect(counting.counts.d1).toMatchObject({ batches: 1, queries: 0 })
    expect(counting.counts.kv).toMatchObject({ get: 1, keys: 1, list: 0 })
    expect(page.ids).toEqual([jan.id])
    expect(page.feed['@_xmlns:fh']).toBe('http://purl.org/syndication/history/1.0')
    expect(page.feed['fh:archive']).toBe('')
    // The next document begins at the article after this one's last (late on 31 January UTC, February in Baghdad).
    expect(page.links).toMatchObject({
      self: `${ORIGIN}/feeds/${section.slug}/archive/2024-01/atom.xml`,
      current: `${ORIGIN}/feeds/${section.slug}/atom.xml`,
      'next-archive': `${ORIGIN}/feeds/${section.slug}/archive/2024-02/atom.xml?from=${await skOf(lateJanUtc.id)}`,
    })
    // Nothing older in this section: no prev-archive to walk into.
    expect(page.links['prev-archive']).toBeUndefined()
    expect(page.res.headers.get('Cache-Control')).toBe('public, max-age=86400, must-revalidate')
    const february = await atomPage(`/feeds/${section.slug}/archive/2024-02/atom.xml`)
    expect(february.ids).toEqual([feb.id, lateJanUtc.id])
    // February is one document: walked into forward or opened plainly, the same entries; and back to January.
    const forward = await atomPage(page.links['next-archive']!)
    expect(forward.ids).toEqual(february.ids)
    expect(forward.links['next-archive']).toBeUndefined()
    expect(forward.links['prev-archive']).toBe(`${ORIGIN}/feeds/${section.slug}/archive/2024-01/atom.xml`)
    expect(february.links['prev-archive']).toBe(`${ORIGIN}/feeds/${section.slug}/archive/2024-01/atom.xml`)

    const rss = parseXml(await (await call(`/feeds/${section.slug}/archive/2024-01/rss.xml`)).text()).rss
    expect(rss['@_xmlns:fh']).toBe('http://purl.org/syndication/history/1.0')
    expect(rss.channel['fh:archive']).toBe('')
    const json = (await (await call(`/feeds/${section.slug}/archive/2024-01/feed.json`)).json()) as any
    expect(json._nashra.archive).toBe(true)
    expect(json._nashra.links.current).toBe(`${ORIGIN}/feeds/${section.slug}/feed.json`)
    // The subscription feed is no archive.
    const current = parseXml(await (await call(`/feeds/${section.slug}/atom.xml`)).text()).feed
    expect(current['fh:archive']).toBeUndefined()
  })

  it('answers a month not yet begun, before ARCHIVE_START or malformed with a problem', async () => {
    const section = await createSection()
    expect((await call(`/feeds/${section.slug}/archive/2999-01/atom.xml`)).status).toBe(404)
    expect((await call(`/feeds/${section.slug}/archive/2001-01/atom.xml`)).status).toBe(404)
    const bad = await call(`/feeds/${section.slug}/archive/2024-13/atom.xml`)
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as any).errors[0].parameter).toBe('month')
    expect((await call('/feeds/no-such/archive/2024-01/atom.xml')).status).toBe(404)
  })

  it('serves the site-wide archive and the current month with ordinary caching', async () => {
    const res = await call('/feeds/archive/2024-01/feed.json')
    expect(res.status).toBe(200)
    // The clock pinned in June 2030, past every article of this file: that month's archive is still open.
    const current = await call('/feeds/archive/2030-06/feed.json', {}, atTime(Date.UTC(2030, 5, 15)))
    expect(current.status).toBe(200)
    expect(current.headers.get('Cache-Control')).toBe('public, max-age=300, stale-while-revalidate=600')
  })
})

describe('filters', () => {
  async function filtered(path: string): Promise<string[]> {
    const res = await call(path)
    expect(res.status).toBe(200)
    const json = (await res.json()) as any
    return json.items.map((i: any) => i.title)
  }

  it('match tags, authors and words the way Arabic readers type them', async () => {
    const section = await createSection()
    const a = makeDraft(section.slug, { title: 'مُؤتمرُ الطاقـــة في البصرة ٢٠٢٤', tags: ['النفط', 'إقتصاد'], authors: [{ name: 'زينب كاظم' }], published: Date.UTC(2024, 0, 3) })
    const b = makeDraft(section.slug, { title: 'افتتاح مدرسة جديدة', tags: ['التعليم'], authors: [{ name: 'علي حسين' }], summary: 'في محافظة ميسان على ضفاف النهر', published: Date.UTC(2024, 0, 2) })
    const c = makeDraft(section.slug, { title: 'مستشفى الى الشمال', tags: ['الصحة'], authors: [{ name: 'علي حسين' }], published: Date.UTC(2024, 0, 1) })
    for (const d of [a, b, c]) await saveArticle(stores, d, { now: WRITE_NOW })
    const path = `/feeds/${section.slug}/feed.json`
    expect(await filtered(`${path}?tag=${encodeURIComponent('اقتصاد')}`)).toEqual([a.title])
    expect(await filtered(`${path}?author=${encodeURIComponent('علي حسين')}`)).toEqual([b.title, c.title])
    expect(await filtered(`${path}?q=${encodeURIComponent('مؤتمر الطاقة 2024')}`)).toEqual([a.title])
    expect(await filtered(`${path}?q=${encodeURIComponent('مدرسه')}`)).toEqual([b.title])
    expect(await filtered(`${path}?q=${encodeURIComponent('ميسان')}`)).toEqual([b.title])
    expect(await filtered(`${path}?q=${encodeURIComponent('إلى')}`)).toEqual([c.title])
    expect(await filtered(`${path}?q=${encodeURIComponent('البصرة')}&author=${encodeURIComponent('علي حسين')}`)).toEqual([])
  })

  it('carry the filter in the self link, ETag and paging, and ignore unknown parameters', async () => {
    const section = await createSection()
    for (let i = 0; i < 6; i++) {
      await saveArticle(stores, makeDraft(section.slug, { id: `${section.slug}-f${i}`, tags: i % 2 ? ['رياضة'] : ['سياسة'], published: Date.UTC(2024, 0, 1 + i) }), { now: WRITE_NOW })
    }
    const tag = encodeURIComponent('رياضة')
    const plain = await call(`/feeds/${section.slug}/atom.xml?limit=2`)
    const res = await call(`/feeds/${section.slug}/atom.xml?limit=2&tag=${tag}&utm_source=x`)
    const same = await call(`/feeds/${section.slug}/atom.xml?tag=${tag}&limit=2`)
    expect(res.headers.get('ETag')).toBe(same.headers.get('ETag'))
    expect(res.headers.get('ETag')).not.toBe(plain.headers.get('ETag'))
    expect(res.headers.get('Content-Location')).toBe(`${ORIGIN}/feeds/${section.slug}/atom.xml?limit=2&tag=${tag}`)
    const feed = parseXml(await res.text()).feed
    const links = atomLinks(feed)
    expect(links.self).toBe(`${ORIGIN}/feeds/${section.slug}/atom.xml?limit=2&tag=${tag}`)
    expect(feed.entry.map((e: any) => e.id.split('/').pop())).toEqual([`${section.slug}-f5`, `${section.slug}-f3`])
    const next = await atomPage(links.next!)
    expect(next.ids).toEqual([`${section.slug}-f1`])
    expect(next.links.self).toContain(`tag=${tag}`)
    expect(next.links.next).toBeUndefined()
  })

  it('answer bad values with a 400 problem naming the parameter', async () => {
    const section = await createSection()
    // A search needs a word of 3 letters or more (the trigram index finds nothing shorter).
    const short = [['q=ab', 'q'], [`q=${encodeURIComponent('في من')}`, 'q']]
    for (const [query, parameter] of [['tag=', 'tag'], ['author=%20', 'author'], [`q=${'x'.repeat(101)}`, 'q'], ['tag=a&tag=b', 'tag'], ...short]) {
      const res = await call(`/feeds/${section.slug}/rss.xml?${query}`)
      expect(res.status, query).toBe(400)
      expect(((await res.json()) as any).errors.map((e: any) => e.parameter)).toEqual([parameter])
    }
  })
})

describe('prev-archive of a subscription feed', () => {
  it('points at the newest month that has entries, in every format and the Link header, at no extra cost', async () => {
    const section = await createSection()
    await fill(section.slug, 3, Date.UTC(2024, 1, 10))
    const { env, counts } = countingStores()
    const page = await atomPage(`/feeds/${section.slug}/atom.xml`, env)
    // Found from the entries shown: the same one D1 batch and one bulk get as any page.
    expect(counts.d1).toMatchObject({ batches: 1, queries: 0 })
    expect(counts.kv).toMatchObject({ get: 1, keys: 3, list: 0 })
    expect(page.links['prev-archive']).toBe(`${ORIGIN}/feeds/${section.slug}/archive/2024-02/atom.xml`)
    expect(page.res.headers.get('Link')).toContain(`<${ORIGIN}/feeds/${section.slug}/archive/2024-02/atom.xml>; rel="prev-archive"`)
    const json = (await (await call(`/feeds/${section.slug}/feed.json`)).json()) as any
    expect(JSON.stringify(json)).toContain(`/feeds/${section.slug}/archive/2024-02/feed.json`)
  })

  it('follows the filter: the newest month with a matching entry', async () => {
    const section = await createSection()
    await saveArticle(stores, makeDraft(section.slug, { tags: ['نفط'], published: Date.UTC(2023, 5, 3) }), { now: WRITE_NOW })
    await saveArticle(stores, makeDraft(section.slug, { tags: ['رياضة'], published: Date.UTC(2024, 1, 3) }), { now: WRITE_NOW })
    const page = await atomPage(`/feeds/${section.slug}/atom.xml?tag=${encodeURIComponent('نفط')}`)
    expect(page.links['prev-archive']).toBe(`${ORIGIN}/feeds/${section.slug}/archive/2023-06/atom.xml?tag=${encodeURIComponent('نفط')}`)
  })

  it('is the current month when the newest entry is this month\'s (it is archived too), and absent for an empty feed', async () => {
    const section = await createSection()
    const now = Date.UTC(2030, 0, 20)
    // (Another URL than the one read after the write: the feed cache holds this one, filled at the pinned clock.)
    const empty = await atomPage(`/feeds/${section.slug}/atom.xml?limit=5`, atTime(now))
    expect(empty.ids).toEqual([])
    expect(empty.links['prev-archive']).toBeUndefined()
    const draft = makeDraft(section.slug, { published: now - 60_000 })
    await saveArticle(stores, draft, { now })
    const page = await atomPage(`/feeds/${section.slug}/atom.xml`, atTime(now))
    expect(page.links['prev-archive']).toBe(`${ORIGIN}/feeds/${section.slug}/archive/2030-01/atom.xml`)
    expect(page.links.first).toBeDefined()
    // That document holds the entry; nothing is older, so it links no further back.
    const archive = await atomPage(page.links['prev-archive']!, atTime(now))
    expect(archive.ids).toEqual([draft.id])
    expect(archive.links['prev-archive']).toBeUndefined()
    expect(archive.links['next-archive']).toBeUndefined()
    expect(archive.res.headers.get('Cache-Control')).toBe('public, max-age=300, stale-while-revalidate=600')
  })
})

describe('archive links between months with articles', () => {
  it('skip the empty months both ways, in a section and site-wide, and change the ETag when a month fills', async () => {
    const section = await createSection()
    const oct = makeDraft(section.slug, { published: Date.UTC(2023, 9, 10) })
    const jan = makeDraft(section.slug, { published: Date.UTC(2024, 0, 15, 1) })
    const apr = makeDraft(section.slug, { published: Date.UTC(2024, 3, 5) })
    for (const d of [oct, jan, apr]) await saveArticle(stores, d, { now: WRITE_NOW })
    const archive = (m: string, query = '') => `${ORIGIN}/feeds/${section.slug}/archive/${m}/atom.xml${query}`
    // Walking back reaches a month's newest document (its plain URL); walking on, the document that begins at
    // the next entry (from=its sort key).
    const january = await atomPage(`/feeds/${section.slug}/archive/2024-01/atom.xml`)
    expect(january.ids).toEqual([jan.id])
    expect(january.links['prev-archive']).toBe(archive('2023-10'))
    expect(january.links['next-archive']).toBe(archive('2024-04', `?from=${await skOf(apr.id)}`))
    const october = await atomPage(`/feeds/${section.slug}/archive/2023-10/atom.xml`)
    expect(october.links['prev-archive']).toBeUndefined()
    expect(october.links['next-archive']).toBe(archive('2024-01', `?from=${await skOf(jan.id)}`))
    expect((await atomPage(october.links['next-archive']!)).ids).toEqual([jan.id])
    // An empty month's own archive still leads on to the nearest documents that have entries.
    const november = await atomPage(`/feeds/${section.slug}/archive/2023-11/atom.xml`)
    expect(november.ids).toEqual([])
    expect(november.links['prev-archive']).toBe(archive('2023-10'))
    expect(november.links['next-archive']).toBe(archive('2024-01', `?from=${await skOf(jan.id)}`))
    const site = await atomPage('/feeds/archive/2023-10/atom.xml')
    expect(site.links['next-archive']).toMatch(/\/feeds\/archive\/20\d\d-\d\d\/atom\.xml\?from=\d+$/)
    expect((await atomPage(site.links['next-archive']!)).ids.length).toBeGreaterThan(0)
    // A December article fills the gap: January's links and ETag change.
    const etag = january.res.headers.get('ETag')
    const dec = makeDraft(section.slug, { published: Date.UTC(2023, 11, 20) })
    await saveArticle(stores, dec, { now: WRITE_NOW })
    purgeAllHere()
    const after = await atomPage(`/feeds/${section.slug}/archive/2024-01/atom.xml`)
    expect(after.links['prev-archive']).toBe(archive('2023-12'))
    expect(after.res.headers.get('ETag')).not.toBe(etag)
    expect((await atomPage(`/feeds/${section.slug}/archive/2023-10/atom.xml`)).links['next-archive']).toBe(archive('2023-12', `?from=${await skOf(dec.id)}`))
  })
})
