// What a public request costs in the units the platform bills, at 1,050 articles and at 150: D1 round trips and
// rows read (meta.rows_read, summed over a request), KV operations and keys read (a bulk get bills one read per
// key). Every kind of request costs the same at both sizes: bounded by its page, whatever the archive holds.
import { beforeAll, describe, expect, it } from 'vitest'
import { purgeAllHere } from '../../src/http/feed-cache'
import { saveArticle } from '../../src/publish/write'
import { type D1Counts, WRITE_NOW, call, countingStores, createSection, kvOps, makeDraft, stores } from '../helpers'

const BIG = 1_050
const SMALL = 150
const LIMIT = 50
/** The rare tag is on 3 articles of each section, the common one on all; the rare word is in 3 titles. */
const RARE_TAG = 'نادر'
const RARE_WORD = 'استثنائية'

interface Cost {
  status: number
  d1: D1Counts
  kv: { ops: number; keys: number; writes: number }
  body: string
}

/** Calls the Worker with counted stores. */
async function measure(path: string, init: RequestInit = {}): Promise<Cost> {
  const { env, counts } = countingStores()
  const res = await call(path, init, env)
  return { status: res.status, d1: counts.d1, kv: { ops: kvOps(counts), keys: counts.kv.keys, writes: counts.kv.put + counts.kv.delete }, body: await res.text() }
}

async function fill(slug: string, count: number, start: number): Promise<void> {
  for (let i = 0; i < count; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, count - i) }, (_, j) => {
        const n = i + j
        const rare = n % Math.floor(count / 3) === 7
        return saveArticle(
          stores,
          makeDraft(slug, {
            id: `${slug}-${n}`,
            published: start + n * 3_600_000,
            title: rare ? `زيارة ${RARE_WORD} ${n}` : `خبر رقم ${n}`,
            tags: rare ? ['العراق', RARE_TAG] : ['العراق'],
          }),
          { now: WRITE_NOW },
        )
      }),
    )
  }
}

let big = ''
let small = ''

beforeAll(async () => {
  ;[big, small] = await Promise.all([createSection().then((s) => s.slug), createSection().then((s) => s.slug)])
  await fill(big, BIG, Date.UTC(2023, 0, 1))
  await fill(small, SMALL, Date.UTC(2023, 0, 1))
  purgeAllHere()
}, 300_000)

/** Rows a listing of `limit` reads at most (src/feeds/read.ts): 2 × (limit + 1) + 3, whatever the archive holds. */
const rowsBound = (limit: number) => 2 * (limit + 1) + 3

function itemCount(cost: Cost): number {
  return (JSON.parse(cost.body) as { items: unknown[] }).items.length
}

/** Each kind of feed request of a section, measured without any cached copy. */
async function kinds(slug: string): Promise<Record<string, Cost>> {
  const measured = async (path: string, init: RequestInit = {}) => {
    purgeAllHere()
    return measure(path, init)
  }
  const first = await measured(`/feeds/${slug}/feed.json?limit=${LIMIT}`)
  const next = (JSON.parse(first.body) as { next_url: string }).next_url.replace(/^https?:\/\/[^/]+/, '')
  const etag = (await call(`/feeds/${slug}/feed.json?limit=${LIMIT}`)).headers.get('ETag')!
  return {
    first,
    later: await measured(next),
    notModified: await measured(`/feeds/${slug}/feed.json?limit=${LIMIT}`, { headers: { 'If-None-Match': etag } }),
    rareTag: await measured(`/feeds/${slug}/feed.json?limit=${LIMIT}&tag=${encodeURIComponent(RARE_TAG)}`),
    commonTag: await measured(`/feeds/${slug}/feed.json?limit=${LIMIT}&tag=${encodeURIComponent('العراق')}`),
    rareSearch: await measured(`/feeds/${slug}/feed.json?limit=${LIMIT}&q=${encodeURIComponent(RARE_WORD)}`),
    commonSearch: await measured(`/feeds/${slug}/feed.json?limit=${LIMIT}&q=${encodeURIComponent('خبر')}`),
  }
}

describe('what a feed request costs', () => {
  it('is one D1 round trip of at most 2 × (limit + 1) + 3 rows and one KV read per item shown, at 150 articles as at 1,050', async () => {
    const costs = { big: await kinds(big), small: await kinds(small) }
    for (const [size, k] of Object.entries(costs)) {
      for (const [kind, cost] of Object.entries(k)) {
        const label = `${size} ${kind}`
        expect(cost.d1.calls, label).toBe(1)
        expect(cost.d1.rowsRead, label).toBeGreaterThan(0)
        expect(cost.d1.rowsRead, label).toBeLessThanOrEqual(rowsBound(LIMIT))
        expect(cost.kv.writes, label).toBe(0)
        if (kind === 'notModified') {
          // A 304 is told from the index alone: no article is read.
          expect(cost.status, label).toBe(304)
          expect(cost.kv.ops, label).toBe(0)
          expect(cost.d1.rowsRead, label).toBeLessThanOrEqual(LIMIT + 1 + 3)
          continue
        }
        expect(cost.status, label).toBe(200)
        // One bulk get, billed one read per item it shows.
        expect(cost.kv.ops, label).toBe(1)
        expect(cost.kv.keys, label).toBe(itemCount(cost))
      }
      // Full pages where there are more; a rare filter reads about as many rows as it finds, not the archive.
      for (const kind of ['first', 'later', 'commonTag', 'commonSearch']) expect(itemCount(k[kind]!), `${size} ${kind}`).toBe(LIMIT)
      for (const kind of ['rareTag', 'rareSearch']) {
        expect(itemCount(k[kind]!), `${size} ${kind}`).toBe(3)
        expect(k[kind]!.d1.rowsRead, `${size} ${kind}`).toBeLessThanOrEqual(2 * 3 + 3 + 1)
      }
    }
    // Seven times the articles, (about) the same cost: within a row of each other, kind by kind.
    for (const kind of Object.keys(costs.big)) {
      expect(Math.abs(costs.big[kind]!.d1.rowsRead - costs.small[kind]!.d1.rowsRead), kind).toBeLessThanOrEqual(1)
      expect(costs.big[kind]!.kv.keys, kind).toBe(costs.small[kind]!.kv.keys)
    }
  })

  it('is the same bound at the largest page, site-wide too, and for an archive document of a month split in parts', async () => {
    for (const path of [`/feeds/${big}/rss.xml?limit=100`, `/feeds/${big}/atom.xml?limit=100`, '/feeds/feed.json?limit=100']) {
      purgeAllHere()
      const cost = await measure(path)
      expect(cost.status, path).toBe(200)
      expect(cost.d1, path).toMatchObject({ calls: 1 })
      expect(cost.d1.rowsRead, path).toBeLessThanOrEqual(rowsBound(100))
      expect(cost.kv, path).toEqual({ ops: 1, keys: 100, writes: 0 })
    }
    // January 2023 (Baghdad time) holds 741 of the big section's articles: more than one archive document (200 in the tests).
    purgeAllHere()
    const archive = await measure(`/feeds/${big}/archive/2023-01/feed.json`)
    expect(archive.status).toBe(200)
    expect(itemCount(archive)).toBe(200)
    expect(archive.d1.calls).toBe(1)
    expect(archive.d1.rowsRead).toBeLessThanOrEqual(rowsBound(200))
    expect(archive.kv).toEqual({ ops: 2, keys: 200, writes: 0 })
  })

  it('reads no article for an unknown section, and a bounded index for the directory', async () => {
    purgeAllHere()
    const unknown = await measure('/feeds/missing/rss.xml')
    expect(unknown.status).toBe(404)
    expect(unknown.kv.ops).toBe(0)
    expect(unknown.d1.calls).toBe(1)
    expect(unknown.d1.rowsRead).toBeLessThanOrEqual(3)
    const directory = await measure('/feeds')
    expect(directory.status).toBe(200)
    // The sections and nothing per article: two sections here.
    expect(directory.kv.ops).toBe(0)
    expect(directory.d1.calls).toBe(1)
    expect(directory.d1.rowsRead).toBeLessThanOrEqual(2 * 2 + 3)
  })
})
