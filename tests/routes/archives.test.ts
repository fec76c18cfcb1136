// Archives at volume (issue 14): a month bigger than one archive document is split, and the RFC 5005 chains walk
// every article exactly once, each way, through documents that have entries and hold at most ARCHIVE_MAX_ITEMS.
import { describe, expect, it } from 'vitest'
import { saveArticle } from '../../src/publish/write'
import { ORIGIN, call, createSection, makeDraft, parseXml, stores, testEnv, WRITE_NOW } from '../helpers'

/** A low bound for these tests, so that a month splits without writing thousands of articles. */
const MAX_ITEMS = 20
const BINDINGS = { ...testEnv, ARCHIVE_MAX_ITEMS: String(MAX_ITEMS) } as Env
const HOUR = 3_600_000

type Doc = { ids: string[]; links: Record<string, string> }

async function atom(url: string): Promise<Doc> {
  const res = await call(url.replace(ORIGIN, ''), {}, BINDINGS)
  expect(res.status, url).toBe(200)
  const feed = parseXml(await res.text()).feed
  const links = Object.fromEntries((feed.link ?? []).map((l: any) => [l['@_rel'], l['@_href']]))
  return { ids: (feed.entry ?? []).map((e: any) => String(e.id).split('/').pop()), links }
}

/** Writes `count` articles of one section, `step` apart from `start`, 25 at a time; returns their ids. */
async function fill(slug: string, prefix: string, count: number, start: number, step: number): Promise<string[]> {
  const ids: string[] = []
  for (let i = 0; i < count; i += 25) {
    const drafts = Array.from({ length: Math.min(25, count - i) }, (_, j) => makeDraft(slug, { id: `${prefix}-${i + j}`, published: start + (i + j) * step }))
    await Promise.all(drafts.map((d) => saveArticle(stores, d, { now: WRITE_NOW })))
    ids.push(...drafts.map((d) => d.id))
  }
  return ids
}

/** Follows `rel` from `url` to the end; returns every document visited. */
async function walk(url: string, rel: 'prev-archive' | 'next-archive'): Promise<Doc[]> {
  const docs: Doc[] = []
  for (let next: string | undefined = url; next; ) {
    const doc = await atom(next)
    docs.push(doc)
    expect(docs.length).toBeLessThan(50)
    next = doc.links[rel]
  }
  return docs
}

describe('archives at volume', () => {
  it('split a month of 45 articles into documents of at most 20, and each chain passes every article once', async () => {
    const section = await createSection()
    // 45 in October 2025 (one every 15 hours), 3 in November 2025; December has none.
    const october = await fill(section.slug, `${section.slug}-oct`, 45, Date.UTC(2025, 9, 1, 6), 15 * HOUR)
    const november = await fill(section.slug, `${section.slug}-nov`, 3, Date.UTC(2025, 10, 3, 6), 5 * HOUR)
    const all = [...october, ...november]

    // The subscription feed points at the newest archive document: November's.
    const feed = await atom(`/feeds/${section.slug}/atom.xml`)
    expect(feed.links['prev-archive']).toBe(`${ORIGIN}/feeds/${section.slug}/archive/2025-11/atom.xml`)

    // Back, from the newest document: November (3), then October in documents of 20, 20 and 5.
    const back = await walk(feed.links['prev-archive']!, 'prev-archive')
    expect(back.map((d) => d.ids.length)).toEqual([3, 20, 20, 5])
    const seenBack = back.flatMap((d) => d.ids)
    expect(seenBack.length).toBe(all.length)
    expect(new Set(seenBack)).toEqual(new Set(all))
    // Newest first throughout: the walk back is the whole archive in reverse order.
    expect(seenBack).toEqual([...all].reverse())
    // October's newest document is its plain URL; older ones are bounded by `until`.
    expect(back[0]!.links['prev-archive']).toBe(`${ORIGIN}/feeds/${section.slug}/archive/2025-10/atom.xml`)
    expect(back[1]!.links['prev-archive']).toMatch(new RegExp(`/archive/2025-10/atom\\.xml\\?until=\\d+$`))
    expect(back.at(-1)!.links['prev-archive']).toBeUndefined()

    // Forward, from the oldest document: October in 5, 20, 20, then November; every article once, oldest document first.
    const forward = await walk(back.at(-1)!.links.self!, 'next-archive')
    expect(forward.map((d) => d.ids.length)).toEqual([5, 20, 20, 3])
    const seenForward = forward.flatMap((d) => [...d.ids].reverse())
    expect(forward.every((d) => d.ids.length > 0 && d.ids.length <= MAX_ITEMS)).toBe(true)
    expect(seenForward).toEqual(all)
    expect(forward.at(-1)!.links['next-archive']).toBeUndefined()
    // Every archive link goes to a document with entries (walked above); none to the empty December.
    for (const doc of [...back, ...forward]) {
      for (const rel of ['prev-archive', 'next-archive']) expect(doc.links[rel] ?? '').not.toContain('2025-12')
    }
  })

  it('keeps every article of a busy day whose articles share one second, in order, and the site-wide chain too', async () => {
    const section = await createSection()
    // 23 articles published in the same second: the sort key orders them and the chain still splits them.
    const same = await fill(section.slug, `${section.slug}-same`, 23, Date.UTC(2024, 2, 10, 9), 0)
    const back = await walk(`/feeds/${section.slug}/archive/2024-03/atom.xml`, 'prev-archive')
    expect(back.map((d) => d.ids.length)).toEqual([20, 3])
    expect(new Set(back.flatMap((d) => d.ids))).toEqual(new Set(same))
    // Site-wide, March 2024 holds this section's articles (and any other test's in this file): each once.
    const site = (await walk('/feeds/archive/2024-03/atom.xml', 'prev-archive')).flatMap((d) => d.ids)
    expect(site.length).toBe(new Set(site).size)
    for (const id of same) expect(site).toContain(id)
  })

  it('refuses an archive bound outside its month, or both bounds at once, naming the parameter', async () => {
    const section = await createSection()
    const res = await call(`/feeds/${section.slug}/archive/2024-03/atom.xml?until=1`, {}, BINDINGS)
    expect(res.status).toBe(400)
    const body = (await res.json()) as any
    expect(body.errors).toEqual([{ parameter: 'until', detail: "a position inside 2024-03, from the archive's own links" }])
    const both = await call(`/feeds/${section.slug}/archive/2024-03/atom.xml?until=1&from=1`)
    expect(both.status).toBe(400)
    expect(((await both.json()) as any).errors[0].parameter).toBe('until')
  })
})
