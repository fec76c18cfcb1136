// Races on one article id. The index is one D1 transaction per write, so races come down to the order in which
// writers reach their transaction; each test holds one writer at a chosen step (its record's KV write, or the
// drop of the version it replaced) while others run whole, and checks that exactly one index row, the record it
// names, and no entry anywhere else are left. No test depends on timing.
import { describe, expect, it } from 'vitest'
import { api, apiArticle, call, createSection, pausePoint, testEnv, withKv, feedIds, storedState } from '../helpers'

/** The index row of `id`, or null. */
async function row(id: string): Promise<{ section: string; published: number; hash: string; version: string } | null> {
  const rows = await testEnv.DB.prepare('SELECT section, published, hash, version FROM articles WHERE id = ?').bind(id).all<{ section: string; published: number; hash: string; version: string }>()
  return rows.results[0] ?? null
}

/**
 * The index agrees with itself: each scope's month counts are its rows, and the search table has exactly one
 * row per article, under its sort key.
 */
async function expectIndexConsistent(): Promise<void> {
  const months = await testEnv.DB.prepare(
    `SELECT m.scope, m.month, m.n, (SELECT count(*) FROM articles a WHERE a.month = m.month AND (m.scope = '_all' OR a.section = m.scope)) AS actual FROM months m`,
  ).all<{ scope: string; month: number; n: number; actual: number }>()
  for (const m of months.results) expect(m.n, `${m.scope} ${m.month}`).toBe(m.actual)
  const search = await testEnv.DB.prepare(
    'SELECT (SELECT count(*) FROM article_search) AS rows, (SELECT count(*) FROM articles) AS articles, (SELECT count(*) FROM articles WHERE sk NOT IN (SELECT rowid FROM article_search)) AS missing',
  ).all<{ rows: number; articles: number; missing: number }>()
  expect(search.results[0]).toMatchObject({ missing: 0 })
  expect(search.results[0]!.rows).toBe(search.results[0]!.articles)
}

/** `body`'s PUT with its first KV write (its record) held until released. */
function heldAtRecord(id: string, body: Record<string, unknown>) {
  const pause = pausePoint()
  let puts = 0
  const response = api('PUT', `/api/articles/${id}`, body, withKv(async (op) => {
    if (op === 'put' && puts++ === 0) await pause.wait()
  }))
  return { pause, response }
}

describe('two writers of one id', () => {
  it('answer 201 exactly once when both create it: the one whose transaction came second is a replacement', async () => {
    const [a, b] = await Promise.all([createSection(), createSection()])
    const first = apiArticle(a.slug, { title: 'الأول' })
    const id = first.id as string
    // W1 has read that there is no such article, and is held before writing it.
    const w1 = heldAtRecord(id, first)
    await w1.pause.reached
    const w2 = await api('PUT', `/api/articles/${id}`, { ...first, section: b.slug, title: 'الثاني' })
    expect(w2.status).toBe(201)
    w1.pause.release()
    const last = await w1.response
    expect(last.status).toBe(200)
    expect(((await last.json()) as { status: string }).status).toBe('updated')
    // W1's transaction came last: its version alone is indexed and stored, in its section only.
    const state = await storedState(id)
    expect(state.rows).toBe(1)
    expect(state.records).toEqual([`v2/article/${id}/${(await row(id))!.version}`])
    expect(await row(id)).toMatchObject({ section: a.slug })
    expect(await feedIds(`/feeds/${a.slug}/feed.json`)).toEqual([id])
    expect(await feedIds(`/feeds/${b.slug}/feed.json`)).toEqual([])
    expect((await feedIds('/feeds/feed.json?limit=100')).filter((x) => x === id)).toHaveLength(1)
    await expectIndexConsistent()
  })

  it('leave only the last transaction\'s placement when a held writer moves it after another moved it elsewhere', async () => {
    const [a, b, c] = await Promise.all([createSection(), createSection(), createSection()])
    const first = apiArticle(a.slug, { published: '2024-02-10T10:00:00+03:00' })
    const id = first.id as string
    expect((await api('PUT', `/api/articles/${id}`, first)).status).toBe(201)
    // W1 (to b, in March) has read the first version and is held; W2 (to c, in April) runs whole.
    const w1 = heldAtRecord(id, { ...first, section: b.slug, published: '2024-03-11T10:00:00+03:00', title: 'إلى ب' })
    await w1.pause.reached
    expect((await api('PUT', `/api/articles/${id}`, { ...first, section: c.slug, published: '2024-04-12T10:00:00+03:00', title: 'إلى ج' })).status).toBe(200)
    expect(await feedIds(`/feeds/${c.slug}/feed.json`)).toEqual([id])
    w1.pause.release()
    expect((await w1.response).status).toBe(200)
    expect(await row(id)).toMatchObject({ section: b.slug, published: Date.parse('2024-03-11T10:00:00+03:00') })
    expect((await storedState(id)).records).toHaveLength(1)
    for (const [slug, expected] of [[a.slug, []], [b.slug, [id]], [c.slug, []]] as const) expect(await feedIds(`/feeds/${slug}/feed.json`)).toEqual(expected)
    const site = (await (await call('/feeds/feed.json?limit=100')).json()) as { items: { id: string; title: string; date_published: string }[] }
    const mine = site.items.filter((i) => i.id.endsWith(`/${id}`))
    expect(mine).toHaveLength(1)
    expect(mine[0]).toMatchObject({ title: 'إلى ب', date_published: '2024-03-11T10:00:00+03:00' })
    // Each month's archive holds it only where it is now.
    const april = await call(`/feeds/${c.slug}/archive/2024-04/feed.json`)
    if (april.status === 200) expect(JSON.stringify(await april.json())).not.toContain(id)
    else expect(april.status).toBe(404)
    expect(await feedIds(`/feeds/${b.slug}/archive/2024-03/feed.json`)).toEqual([id])
    await expectIndexConsistent()
  })

  it('keep the record the index names when the writer it replaced drops its predecessor late', async () => {
    const section = await createSection()
    const first = apiArticle(section.slug, { title: 'الأول' })
    const id = first.id as string
    expect((await api('PUT', `/api/articles/${id}`, first)).status).toBe(201)
    // W1 indexes its version, then is held before deleting the first version's record; W2 replaces W1's.
    const drop = pausePoint()
    const w1 = api('PUT', `/api/articles/${id}`, { ...first, title: 'الثاني' }, withKv(async (op) => {
      if (op === 'delete') await drop.wait()
    }))
    await drop.reached
    expect((await api('PUT', `/api/articles/${id}`, { ...first, title: 'الثالث' })).status).toBe(200)
    drop.release()
    expect((await w1).status).toBe(200)
    const stored = (await (await api('GET', `/api/articles/${id}`)).json()) as { title: string }
    expect(stored.title).toBe('الثالث')
    expect((await storedState(id)).records).toEqual([`v2/article/${id}/${(await row(id))!.version}`])
    expect(await feedIds(`/feeds/${section.slug}/feed.json`)).toEqual([id])
  })
})

describe('many writers moving the same ids between sections and months', () => {
  it('end with one row per id, every feed listing each once, every page full, and one 201 per id', async () => {
    const sections = await Promise.all(Array.from({ length: 4 }, () => createSection()))
    const ids = Array.from({ length: 12 }, (_, i) => `${sections[0]!.slug}-m${i}`)
    // A fixed plan: write w of id i goes to section (i + w) % 4, in month 1 + (i * 3 + w) % 6 of 2024.
    const writes = ids.flatMap((id, i) =>
      Array.from({ length: 8 }, (_, w) =>
        apiArticle(sections[(i + w) % 4]!.slug, {
          id,
          title: `نسخة ${w} من ${i}`,
          published: `2024-0${1 + ((i * 3 + w) % 6)}-1${w}T10:00:00+03:00`,
        }),
      ),
    )
    const statuses = await Promise.all(writes.map((body) => api('PUT', `/api/articles/${body.id}`, body).then((r) => [body.id as string, r.status] as const)))
    for (const id of ids) {
      const mine = statuses.filter(([x]) => x === id).map(([, s]) => s)
      expect(mine.filter((s) => s === 201), id).toHaveLength(1)
      expect(mine.filter((s) => s === 200), id).toHaveLength(7)
      const state = await storedState(id)
      expect(state.rows, id).toBe(1)
      expect(state.records, id).toEqual([`v2/article/${id}/${(await row(id))!.version}`])
    }
    await expectIndexConsistent()
    // Every section feed lists exactly the ids whose row is there, each once; pages of 2 are full until the last.
    for (const section of sections) {
      const here = (await testEnv.DB.prepare('SELECT id FROM articles WHERE section = ? ORDER BY sk DESC').bind(section.slug).all<{ id: string }>()).results.map((r) => r.id)
      const listed = await feedIds(`/feeds/${section.slug}/feed.json?limit=100`)
      expect(listed).toEqual(here)
      const paged: string[] = []
      let next: string | undefined = `/feeds/${section.slug}/feed.json?limit=2`
      while (next) {
        const json = (await (await call(next)).json()) as { items: { id: string }[]; next_url?: string }
        if (json.next_url) expect(json.items).toHaveLength(2)
        paged.push(...json.items.map((i) => i.id.replace(/^.*:article\//, '')))
        next = json.next_url?.replace(/^https?:\/\/[^/]+/, '')
      }
      expect(paged).toEqual(here)
    }
    const site = await feedIds('/feeds/feed.json?limit=100')
    for (const id of ids) expect(site.filter((x) => x === id), id).toHaveLength(1)
    // Each is shown with the version its row names.
    for (const id of ids) {
      const stored = (await (await api('GET', `/api/articles/${id}`)).json()) as { section: string; published: string }
      const r = (await row(id))!
      expect(stored.section).toBe(r.section)
      expect(Date.parse(stored.published)).toBe(r.published)
    }
  })
})

describe('a version written again while another writer drops it', () => {
  // Versions are keyed per write (content hash and a nonce): a revert to A's content writes a key of its own, so the
  // edit that replaced A and drops A's old record late never deletes the record the index names.
  it('keeps the record the index names when an edit is reverted while the edit drops the old version', async () => {
    const section = await createSection()
    const a = apiArticle(section.slug, { title: 'أ' })
    const id = a.id as string
    expect((await api('PUT', `/api/articles/${id}`, a)).status).toBe(201)
    // W2 (to B) indexes B, then is held before dropping A's record; W3 (back to A) runs whole meanwhile.
    const drop = pausePoint()
    const w2 = api('PUT', `/api/articles/${id}`, { ...a, title: 'ب' }, withKv(async (op) => {
      if (op === 'delete') await drop.wait()
    }))
    await drop.reached
    expect((await api('PUT', `/api/articles/${id}`, a)).status).toBe(200)
    drop.release()
    expect((await w2).status).toBe(200)
    const r = (await row(id))!
    expect((await storedState(id)).records).toEqual([`v2/article/${id}/${r.version}`])
    expect((await api('GET', `/api/articles/${id}`)).status).toBe(200)
    expect(await feedIds(`/feeds/${section.slug}/feed.json`)).toEqual([id])
  })
})
