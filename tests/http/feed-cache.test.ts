import { describe, expect, it } from 'vitest'
import { dropFeedMemory, freshIsolate } from '../../src/http/feed-cache'
import { saveArticle } from '../../src/publish/write'
import { answered, api, apiArticle, atTime, call, createSection, makeDraft, parseXml, pausePoint, stores, unique, withKv, type StoreCounts, countingStores, d1Calls, kvOps, withD1 } from '../helpers'

const HEADERS = ['Content-Type', 'ETag', 'Last-Modified', 'Cache-Control', 'Link', 'Content-Location', 'Vary', 'Content-Language', 'Access-Control-Allow-Origin', 'Access-Control-Expose-Headers', 'X-Content-Type-Options']

/** An hour ago, as the API takes it: newer than anything else in this file's site-wide feed. */
function recently(minutes = 60): string {
  return new Date(Date.now() - minutes * 60_000).toISOString()
}

async function publish(section: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const article = apiArticle(section, { published: recently(), ...overrides })
  const res = await api('PUT', `/api/articles/${article.id as string}`, article)
  expect([200, 201]).toContain(res.status)
  return article.id as string
}

/** A request and what it cost: `ops` is every store operation (D1 round trips and KV operations). */
async function counted(path: string, init: RequestInit = {}): Promise<{ res: Response; body: string; ops: number; counts: StoreCounts }> {
  const { env, counts } = countingStores()
  const res = await call(path, init, env)
  const body = await res.text()
  return { res, body, ops: d1Calls(counts) + kvOps(counts), counts }
}

/** A render's cost: one D1 batch (the index) and one bulk get of the `shown` articles. */
function expectRender(counts: StoreCounts, shown: number): void {
  expect(counts.d1).toMatchObject({ batches: 1, queries: 0 })
  expect(counts.kv).toMatchObject({ get: 1, keys: shown, list: 0, put: 0, delete: 0 })
}

/** Faults of either store: KV failing to read the records, or D1 failing to read the index. */
const FAULTS: [string, () => Env][] = [
  ['KV', () => withKv((op) => {
    if (op === 'get') throw new Error('KV is down')
  })],
  ['D1', () => withD1(() => {
    throw new Error('D1_ERROR: Network connection lost.')
  })],
]

function headersOf(res: Response): Record<string, string | null> {
  return Object.fromEntries(HEADERS.map((h) => [h, res.headers.get(h)]))
}

describe('the feed cache', () => {
  it('answers repeat polls, in every format and as 304s, with no store operation and the headers of a fresh render', async () => {
    const section = await createSection()
    await publish(section.slug)
    for (const file of ['rss.xml', 'atom.xml', 'feed.json']) {
      const path = `/feeds/${section.slug}/${file}?limit=5`
      const init = { headers: { Origin: 'https://reader.example' } }
      const first = await counted(path, init)
      expect(first.res.status).toBe(200)
      expectRender(first.counts, 1)
      for (let i = 0; i < 5; i++) {
        const again = await counted(path, init)
        expect(again.ops).toBe(0)
        expect(again.res.status).toBe(200)
        expect(again.body).toBe(first.body)
        expect(headersOf(again.res)).toEqual(headersOf(first.res))
        expect(again.res.headers.get('Cache-Status')).toMatch(/^nashra; hit/)
      }
      // The same representation under another spelling of its URL (unknown parameters, another order).
      const other = await counted(`/feeds/${section.slug}/${file}?utm_source=x&limit=5`, init)
      expect(other.ops).toBe(0)
      expect(other.body).toBe(first.body)
      const notModified = await counted(path, { headers: { ...init.headers, 'If-None-Match': first.res.headers.get('ETag')! } })
      expect(notModified.res.status).toBe(304)
      expect(notModified.ops).toBe(0)
      const { 'Content-Type': _, ...withoutType } = headersOf(first.res)
      expect({ ...headersOf(notModified.res), 'Content-Type': null }).toEqual({ ...withoutType, 'Content-Type': null })
    }
  })

  it('answers from the Cache API when this isolate holds no copy', async () => {
    const section = await createSection()
    await publish(section.slug)
    const path = `/feeds/${section.slug}/atom.xml`
    const first = await counted(path)
    expectRender(first.counts, 1)
    freshIsolate()
    const shared = await counted(path)
    expect(shared.ops).toBe(0)
    expect(shared.body).toBe(first.body)
    expect(shared.res.headers.get('ETag')).toBe(first.res.headers.get('ETag'))
    expect(shared.res.headers.get('Cache-Status')).toBe('nashra; hit; detail=cache-api')
  })

  it('shows a publish, an edit and a delete at once, in every cached representation of the section and the site', async () => {
    const section = await createSection()
    const tag = unique('وسم')
    const old = await publish(section.slug, { tags: [tag], published: recently(120) })
    const paths = [
      `/feeds/${section.slug}/rss.xml`,
      `/feeds/${section.slug}/feed.json?limit=1&tag=${encodeURIComponent(tag)}`,
      '/feeds/atom.xml?limit=3',
      `/feeds/${section.slug}/archive/${recently().slice(0, 7)}/atom.xml`,
    ]
    for (const path of paths) expect((await counted(path)).body).toContain(old)
    for (const path of paths) expect((await counted(path)).ops).toBe(0)

    const fresh = await publish(section.slug, { tags: [tag], title: 'خبر جديد' })
    for (const path of paths) expect((await counted(path)).body, path).toContain(fresh)

    const edited = apiArticle(section.slug, { id: fresh, tags: [tag], title: 'خبر معدل', published: recently() })
    expect((await api('PUT', `/api/articles/${fresh}`, edited)).status).toBe(200)
    for (const path of paths) expect((await counted(path)).body, path).toContain('خبر معدل')

    expect((await api('DELETE', `/api/articles/${fresh}`)).status).toBe(204)
    for (const path of paths) expect((await counted(path)).body, path).not.toContain(fresh)
  })

  it('shows a publish made in another isolate of the data centre: the purge mark in the Cache API', async () => {
    const section = await createSection()
    const path = `/feeds/${section.slug}/feed.json?limit=2`
    await publish(section.slug, { published: recently(120) })
    await counted(path)
    const fresh = await publish(section.slug)
    // This isolate now knows nothing of the purge; only the Cache API's mark tells the old copy is stale.
    freshIsolate()
    const after = await counted(path)
    expect(after.body).toContain(fresh)
    // Revalidated copies of untouched representations cost one D1 batch (the index), no article read, no render.
    const unchanged = `/feeds/${section.slug}/archive/2024-02/feed.json`
    await counted(unchanged)
    await publish(section.slug)
    const revalidated = await counted(unchanged)
    expect(d1Calls(revalidated.counts)).toBe(1)
    expect(kvOps(revalidated.counts)).toBe(0)
    expect(revalidated.res.headers.get('Cache-Status')).toBe('nashra; fwd=stale; fwd-status=304; stored')
  })

  it('shows a section renamed through the API', async () => {
    const section = await createSection()
    await publish(section.slug)
    const path = `/feeds/${section.slug}/rss.xml`
    expect((await counted(path)).body).toContain('تقارير')
    const res = await api('PUT', `/api/sections/${section.slug}`, { name: unique('تحقيقات'), description: 'تحقيقات' })
    expect(res.status).toBe(200)
    const renamed = ((await res.json()) as { section: { name: string } }).section.name
    expect((await counted(path)).body).toContain(renamed)
  })

  it('lets concurrent misses for one representation share one index read, one KV read and one render', async () => {
    const section = await createSection()
    await publish(section.slug)
    dropFeedMemory()
    const pause = pausePoint()
    const { env, counts } = countingStores()
    let held = false
    // The first production is held at its index read, until the others have joined it.
    const bindings = withD1(async (op) => {
      if (op === 'batch' && !held) {
        held = true
        await pause.wait()
      }
    }, env)
    const path = `/feeds/${section.slug}/atom.xml?limit=7`
    const first = call(path, {}, bindings)
    await pause.reached
    const others = [call(path, {}, bindings), call(`${path}&x=1`, {}, bindings), call(path, {}, bindings)]
    // Let the joiners reach the shared production before it goes on.
    await new Promise((r) => setTimeout(r, 50))
    pause.release()
    const responses = await Promise.all([first, ...others])
    const bodies = await Promise.all(responses.map((r) => r.text()))
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200])
    expect(new Set(bodies).size).toBe(1)
    expect(parseXml(bodies[0]!).feed.entry).toHaveLength(1)
    expectRender(counts, 1)
    expect(responses.filter((r) => r.headers.get('Cache-Status')?.includes('collapsed'))).toHaveLength(3)
  })

  it('answers a store fault (KV or D1) with the last good bytes, saying so, whichever layer holds them', async () => {
    for (const [store, failing] of FAULTS) {
      const section = await createSection()
      await publish(section.slug)
      const path = `/feeds/${section.slug}/rss.xml`
      const good = await counted(path)
      // A write makes the copy stale; then the store fails.
      await publish(section.slug)
      for (const forget of [() => undefined, freshIsolate]) {
        forget()
        const res = await call(path, {}, failing())
        expect(res.status, store).toBe(200)
        expect(await res.text()).toBe(good.body)
        expect(res.headers.get('ETag')).toBe(good.res.headers.get('ETag'))
        expect(res.headers.get('Content-Type')).toBe(good.res.headers.get('Content-Type'))
        expect(res.headers.get('Cache-Status')).toContain('detail="stale-if-error"')
        expect(Number(res.headers.get('Age'))).toBeGreaterThanOrEqual(0)
      }
    }
  })

  it('answers a store fault (KV or D1) with a 503 problem and Retry-After when it holds no bytes, never a 500 or an empty feed', async () => {
    const section = await createSection()
    // An article in the section, the site-wide feed and this month's archive: every document below reads KV.
    await publish(section.slug)
    const month = recently().slice(0, 7)
    for (const [store, failing] of FAULTS) {
      // Each store's requests under URLs of their own (nothing cached for them), every one showing the article.
      const [limit, search] = store === 'KV' ? [9, ''] : [8, `?q=${encodeURIComponent('بغداد')}`]
      for (const path of [`/feeds/${section.slug}/rss.xml?limit=${limit}`, `/feeds/feed.json?limit=${limit}`, `/feeds/${section.slug}/archive/${month}/atom.xml${search}`]) {
        const res = await call(path, {}, failing())
        expect(res.status, `${store} ${path}`).toBe(503)
        expect(res.headers.get('Content-Type')).toBe('application/problem+json')
        expect(res.headers.get('Retry-After')).toBe('5')
        expect(((await res.json()) as { status: number }).status).toBe(503)
      }
    }
    // An empty section's feed reads no article: only a D1 fault can fail it, and does.
    const empty = await createSection()
    expect((await call(`/feeds/${empty.slug}/atom.xml`, {}, FAULTS[1]![1]())).status).toBe(503)
  })

  it('never serves a copy past the time of the next scheduled article', async () => {
    const section = await createSection()
    const now = Date.UTC(2026, 5, 15, 12)
    const due = `${section.slug}-due`
    await saveArticle(stores, makeDraft(section.slug, { published: now - 86_400_000 }), { now })
    await saveArticle(stores, makeDraft(section.slug, { id: due, published: now + 10_000 }), { now })
    const path = `/feeds/${section.slug}/feed.json`
    const at = async (time: number) => {
      const { env, counts } = countingStores()
      const res = await call(path, {}, atTime(time, env))
      return { res, body: await res.text(), ops: d1Calls(counts) + kvOps(counts) }
    }
    expect((await at(now)).body).not.toContain(due)
    const cached = await at(now + 5_000)
    expect(cached.ops).toBe(0)
    // What a fresh render would say five seconds on: fresh until the article's time, not the copy's.
    expect(cached.res.headers.get('Cache-Control')).toBe('public, max-age=5')
    expect((await at(now + 10_000)).body).toContain(due)
  })

  it('answers a store that hangs (KV or D1) with the last good bytes, or a 503, at its deadline', async () => {
    // A deadline of 300 ms (STORE_DEADLINE_MS; 3 s by default): the answer comes at it, and the held read is let go after.
    const deadline = { STORE_DEADLINE_MS: '300' }
    const hangs: [string, (wait: () => Promise<void>) => Env][] = [
      // KV hangs reading the records (after the index was read).
      ['KV', (wait) => ({ ...withKv((op) => (op === 'get' ? wait() : undefined)), ...deadline })],
      // D1 hangs reading the index.
      ['D1', (wait) => ({ ...withD1((op) => (op === 'batch' ? wait() : undefined)), ...deadline })],
    ]
    for (const [store, hanging] of hangs) {
      const section = await createSection()
      await publish(section.slug)
      const path = `/feeds/${section.slug}/atom.xml`
      const good = await counted(path)
      await publish(section.slug)
      for (const [url, status] of [[path, 200], [`/feeds/${section.slug}/atom.xml?limit=3`, 503]] as const) {
        const pause = pausePoint()
        const { res, settled } = await answered(url, {}, hanging(pause.wait))
        pause.release()
        await settled()
        expect(res.status, `${store} ${url}`).toBe(status)
        if (status === 200) {
          expect(await res.text()).toBe(good.body)
          expect(res.headers.get('Cache-Status')).toContain('detail="stale-if-error"')
        } else {
          expect(res.headers.get('Content-Type')).toBe('application/problem+json')
          expect(res.headers.get('Retry-After')).toBe('5')
        }
      }
    }
  })

  it('never keeps as fresh a copy whose KV read began before a write it did not see', async () => {
    const section = await createSection()
    await publish(section.slug, { published: recently(120) })
    const path = `/feeds/${section.slug}/rss.xml?limit=4`
    const pause = pausePoint()
    let held = false
    // Held after the index was listed: the bytes will be of the index before the write.
    const slow = withKv(async (op) => {
      if (op === 'get' && !held) {
        held = true
        await pause.wait()
      }
    })
    const reading = call(path, {}, slow)
    await pause.reached
    const fresh = await publish(section.slug)
    pause.release()
    const old = await reading
    expect(old.status).toBe(200)
    expect(await old.text()).not.toContain(fresh)
    expect((await counted(path)).body).toContain(fresh)
  })

  it('keeps at most 256 copies in memory, the least recently used going first', async () => {
    const section = await createSection()
    await publish(section.slug)
    const paths = ['rss.xml', 'atom.xml', 'feed.json'].flatMap((file) => Array.from({ length: 90 }, (_, i) => `/feeds/${section.slug}/${file}?limit=${i + 1}`))
    for (const path of paths) await counted(path)
    const oldest = await counted(paths[0]!)
    expect(oldest.ops).toBe(0)
    expect(oldest.res.headers.get('Cache-Status')).toBe('nashra; hit; detail=cache-api')
    const newest = await counted(paths.at(-1)!)
    expect(newest.res.headers.get('Cache-Status')).toBe('nashra; hit; detail=memory')
  })
})
