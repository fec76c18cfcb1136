// Races on one article id, played out step by step: each test holds one writer at a chosen KV operation while
// another runs, so each race-handling branch of the write and read paths has a test that fails without it.
import { describe, expect, it } from 'vitest'
import { api, apiArticle, call, createSection, pausePoint, testEnv, withKv } from '../helpers'

async function feedIds(path: string): Promise<string[]> {
  const json = (await (await call(path)).json()) as { items: { id: string }[] }
  return json.items.map((i) => i.id.replace(/^.*:article\//, ''))
}

/** Index keys naming `id`, in the section's and the site-wide index. */
async function entriesOf(id: string, slugs: string[]): Promise<string[]> {
  const lists = await Promise.all([...slugs, '_all'].map((s) => testEnv.ARTICLES.list({ prefix: `v1/index/${s}/` })))
  return lists.flatMap((l) => l.keys.map((k) => k.name)).filter((name) => name.endsWith(`/${id}`))
}

/**
 * Leaves `first`'s id with W1's version stored and W2's entries behind: W1 reads the stored version and is held
 * before its first write, W2 runs whole, then W1 writes last (and, having read the older version, never learns of
 * W2's entries).
 */
async function leaveEntriesBehind(first: Record<string, unknown>, w1Body: Record<string, unknown>, w2Body: Record<string, unknown>): Promise<void> {
  const id = first.id as string
  expect((await api('PUT', `/api/articles/${id}`, first)).status).toBe(201)
  const w1Start = pausePoint()
  let w1Puts = 0
  const w1 = api('PUT', `/api/articles/${id}`, w1Body, withKv(async (op) => {
    if (op === 'put' && w1Puts++ === 0) await w1Start.wait()
  }))
  await w1Start.reached
  expect((await api('PUT', `/api/articles/${id}`, w2Body)).status).toBe(200)
  w1Start.release()
  expect((await w1).status).toBe(200)
}

describe('two writers of one id', () => {
  it('restore the entries of whichever version won, after a loser deleted them (index repair)', async () => {
    const section = await createSection()
    const first = apiArticle(section.slug, { published: '2024-02-10T10:00:00+03:00' })
    const id = first.id as string
    expect((await api('PUT', `/api/articles/${id}`, first)).status).toBe(201)
    // W1 moves it to the 11th and is held before deleting the 10th's entries.
    const pause = pausePoint()
    const w1 = api('PUT', `/api/articles/${id}`, { ...first, published: '2024-02-11T10:00:00+03:00' }, withKv(async (op) => {
      if (op === 'delete') await pause.wait()
    }))
    await pause.reached
    // W2 puts it back on the 10th with a new title, and finishes.
    const w2Body = { ...first, title: 'العنوان الأخير' }
    expect((await api('PUT', `/api/articles/${id}`, w2Body)).status).toBe(200)
    // W1 now deletes the 10th's entries (W2's), sees W2's record, and must restore its entries.
    pause.release()
    expect((await w1).status).toBe(200)
    expect(await feedIds(`/feeds/${section.slug}/feed.json`)).toEqual([id])
    expect(await feedIds('/feeds/feed.json?limit=100')).toContain(id)
    const stored = (await (await api('GET', `/api/articles/${id}`)).json()) as { title: string; published: string }
    expect(stored).toMatchObject({ title: 'العنوان الأخير', published: '2024-02-10T10:00:00+03:00' })
  })

  it('leave only the winner\'s entries: a writer whose record was overwritten removes its own', async () => {
    const section = await createSection()
    const first = apiArticle(section.slug, { published: '2024-02-10T10:00:00+03:00' })
    const id = first.id as string
    expect((await api('PUT', `/api/articles/${id}`, first)).status).toBe(201)
    // Both read the first version; W1 writes its entries and record, then waits; W2 writes over it and finishes.
    const w1Start = pausePoint()
    const w1Delete = pausePoint()
    let w1Puts = 0
    const w1 = api('PUT', `/api/articles/${id}`, { ...first, published: '2024-02-11T10:00:00+03:00' }, withKv(async (op) => {
      if (op === 'put' && w1Puts++ === 0) await w1Start.wait()
      if (op === 'delete') await w1Delete.wait()
    }))
    await w1Start.reached
    const w2Start = pausePoint()
    let w2Puts = 0
    const w2 = api('PUT', `/api/articles/${id}`, { ...first, published: '2024-02-12T10:00:00+03:00' }, withKv(async (op) => {
      if (op === 'put' && w2Puts++ === 0) await w2Start.wait()
    }))
    await w2Start.reached
    w1Start.release()
    await w1Delete.reached
    w2Start.release()
    expect((await w2).status).toBe(200)
    w1Delete.release()
    expect((await w1).status).toBe(200)
    const entries = await entriesOf(id, [section.slug])
    expect(entries).toHaveLength(2)
    for (const key of entries) expect(key).toContain(String(9_999_999_999_999 - Date.parse('2024-02-12T10:00:00+03:00')))
  })
})

describe('reading a feed while entries are left behind', () => {
  it('skips an entry whose article now has another date or section, and shows each id once', async () => {
    const [a, b, c] = await Promise.all([createSection(), createSection(), createSection()])
    const first = apiArticle(a!.slug, { published: '2024-02-10T10:00:00+03:00' })
    const id = first.id as string
    // W1 moves it to b on the 11th, W2 to c on the 12th; W1 writes last.
    await leaveEntriesBehind(
      first,
      { ...first, section: b!.slug, published: '2024-02-11T10:00:00+03:00' },
      { ...first, section: c!.slug, published: '2024-02-12T10:00:00+03:00' },
    )
    // W2's entries (c, the 12th) are left behind: nobody knew them. The record is W1's.
    const left = await entriesOf(id, [c!.slug])
    expect(left.filter((k) => k.startsWith(`v1/index/${c!.slug}/`))).toHaveLength(1)
    expect(left.filter((k) => k.startsWith('v1/index/_all/'))).toHaveLength(2)
    expect(await feedIds(`/feeds/${b!.slug}/feed.json`)).toEqual([id])
    expect(await feedIds(`/feeds/${c!.slug}/feed.json`)).toEqual([])
    expect((await feedIds('/feeds/feed.json?limit=100')).filter((x) => x === id)).toHaveLength(1)
    const site = (await (await call('/feeds/feed.json?limit=100')).json()) as { items: { id: string; date_published: string }[] }
    expect(site.items.find((i) => i.id.endsWith(`/${id}`))?.date_published).toBe('2024-02-11T10:00:00+03:00')
  })

  it('skips an entry left in another section at the same date', async () => {
    const [a, b, c] = await Promise.all([createSection(), createSection(), createSection()])
    const first = apiArticle(a!.slug, { published: '2024-02-10T10:00:00+03:00' })
    const id = first.id as string
    await leaveEntriesBehind(first, { ...first, section: b!.slug }, { ...first, section: c!.slug })
    expect(await entriesOf(id, [c!.slug])).toHaveLength(2)
    expect(await feedIds(`/feeds/${b!.slug}/feed.json`)).toEqual([id])
    expect(await feedIds(`/feeds/${c!.slug}/feed.json`)).toEqual([])
  })
})
