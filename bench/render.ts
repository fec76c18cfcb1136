// `npm run bench`: render time per format for 20, 50 and 100 items with full seed-sized bodies, the KV
// operations of a feed request (and of a 304) counted on the real Worker app against local KV, the HTML
// cleaner on hostile inputs against benign content of the same size (bench/sanitize.ts), and a repeat poll and a
// 304 against the runtime's floor and nginx (bench/poll.ts).
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { getPlatformProxy } from 'wrangler'
import app from '../src/index'
import { pollLines, runPollBench } from './poll'
import { purgeAllHere } from '../src/http/feed-cache'
import { buildFeedDoc } from '../src/feeds/doc'
import { parseConfig } from '../src/model/config'
import type { Article, FeedFormat } from '../src/model/types'
import { feedUrls } from '../src/model/urls'
import { parseArticlePage } from '../src/ingest/article-page'
import { prepareArticle } from '../src/publish/prepare'
import { SAMPLE_SECTIONS, seedArticleDraft } from '../dev/sample-data'
import { seedSampleData } from '../dev/seed'
import { RENDERERS } from '../src/render/formats'
import { freshState } from './local-state'
import { MARKUP_ARTICLE, benchSanitize } from './sanitize'

const SEED_PAGE = readFileSync(fileURLToPath(new URL('../tests/fixtures/000_6e0e75a60da96bca.txt', import.meta.url)), 'utf8')
const SIZES = [20, 50, 100]
/** The size of the hostile inputs, in characters: 187 K, as in the report of the quadratic cleaner. */
const SANITIZE_SIZE = 187_000
const WARMUP = 200
const RUNS = 1000
const config = parseConfig({ SITE_URL: 'https://www.mawazin.net', SITE_NAME: 'موازين نيوز', TAG_AUTHORITY: 'mawazin.net,2024' })
const BASE = 'https://feeds.example'

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN
}

async function articles(count: number): Promise<Article[]> {
  const draft = {
    ...(await seedArticleDraft(parseArticlePage(SEED_PAGE), 'https://www.mawazin.net')),
    authors: [{ name: 'فريق التحرير' }],
    tags: ['العراق', 'إيران'],
    image: { url: 'https://www.mawazin.net/images/a.jpg', type: 'image/jpeg', length: 48_213, width: 1200, height: 675, caption: 'قاآني', credit: 'وكالات' },
  }
  const section = SAMPLE_SECTIONS[0]!
  return Promise.all(
    Array.from({ length: count }, async (_, i) =>
      (await prepareArticle({ ...draft, id: `${draft.id}-${i}`, published: draft.published - i * 60_000 }, section, Date.now())).article,
    ),
  )
}

/** Median and p95 in ms of building the FeedDoc and rendering it, the CPU work of a feed request. */
function time(format: FeedFormat, list: Article[]): { median: number; p95: number; bytes: number } {
  const index = { section: SAMPLE_SECTIONS[0]!, entries: [], older: null, newer: null, changed: 0, nextScheduled: null, rowsRead: 0 }
  const links = { self: feedUrls(BASE, 'reports'), related: [], archive: false }
  const request = { kind: 'feed' as const, slug: 'reports', format, query: { limit: list.length, page: null }, base: BASE, scope: 'reports', canonical: '', key: '', rule: 'feed' as const }
  const plan = { request, index, links, etag: '', lastModified: 0, cacheControl: '', expiresAt: 0, nextScheduled: null }
  const render = RENDERERS[format]
  let bytes = 0
  const samples: number[] = []
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const start = performance.now()
    const body = render(buildFeedDoc(config, BASE, plan, list))
    const elapsed = performance.now() - start
    bytes = body.length
    if (i >= WARMUP) samples.push(elapsed)
  }
  samples.sort((a, b) => a - b)
  return { median: quantile(samples, 0.5), p95: quantile(samples, 0.95), bytes }
}

/** KV reads as Cloudflare bills them (a bulk get of N keys is N reads) of a feed request and of a 304. */
async function countKvOps(): Promise<{ feed: number; notModified: number }> {
  const state = freshState('nashra-render-')
  const proxy = await getPlatformProxy<Env>({ configPath: 'wrangler.toml', persist: { path: join(state, 'v3') } })
  try {
    await seedSampleData({ kv: proxy.env.ARTICLES, db: proxy.env.DB }, SEED_PAGE, 'https://www.mawazin.net', Date.now())
    let ops = 0
    const kv = proxy.env.ARTICLES
    const counting = new Proxy(kv, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target) as unknown
        if (typeof value !== 'function') return value
        return (...args: unknown[]) => {
          ops += Array.isArray(args[0]) ? args[0].length : 1
          return (value as (...a: unknown[]) => unknown).apply(target, args)
        }
      },
    })
    // The feeds are served from BASE: a host that is not ours answers 421.
    const env = { ...proxy.env, PUBLIC_URL: BASE, ARTICLES: counting }
    const ctx = { waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext
    const res = await app.fetch(new Request(`${BASE}/feeds/reports/atom.xml?limit=100`), env, ctx)
    if (res.status !== 200) throw new Error(`feed answered ${res.status}`)
    await res.text()
    const feed = ops
    ops = 0
    // Uncached costs: without this isolate's copy (the feed cache would answer with none).
    purgeAllHere()
    const again = await app.fetch(new Request(`${BASE}/feeds/reports/atom.xml?limit=100`, { headers: { 'If-None-Match': res.headers.get('ETag') ?? '' } }), env, ctx)
    if (again.status !== 304) throw new Error(`conditional request answered ${again.status}`)
    return { feed, notModified: ops }
  } finally {
    await proxy.dispose()
    rmSync(state, { recursive: true, force: true })
  }
}

const medians: Record<string, number> = {}
console.log(`render (FeedDoc + serializer), ${RUNS} runs after ${WARMUP} warm-up, bodies of the seed article (${new TextEncoder().encode(SEED_PAGE).length} bytes of page text)`)
console.log('format  items  median ms  p95 ms   output KB')
for (const size of SIZES) {
  const list = await articles(size)
  for (const format of ['rss', 'atom', 'json'] as const) {
    const { median, p95, bytes } = time(format, list)
    if (size === 50) medians[format] = median
    console.log(`${format.padEnd(6)}  ${String(size).padStart(5)}  ${median.toFixed(3).padStart(9)}  ${p95.toFixed(3).padStart(6)}  ${(bytes / 1024).toFixed(0).padStart(10)}`)
  }
}
const kv = await countKvOps()
console.log(`KV operations, uncached: ${kv.feed} per feed request (100 items), ${kv.notModified} per 304; a cached poll or 304: 0`)
const seedContent = (await seedArticleDraft(parseArticlePage(SEED_PAGE), 'https://www.mawazin.net')).content
const sanitize = benchSanitize({ seed: seedContent, markup: MARKUP_ARTICLE }, SANITIZE_SIZE)
for (const line of sanitize.lines) console.log(line)
console.log(`sanitize: worst hostile/benign ratio ${sanitize.worst.seed!.toFixed(2)} (seed article), ${sanitize.worst.markup!.toFixed(2)} (markup-rich article); target at most 2`)
const poll = await runPollBench(SEED_PAGE)
const lines = pollLines(poll)
for (const line of lines.slice(0, -2)) console.log(line)
console.log(`bench: rss=${medians.rss!.toFixed(2)} atom=${medians.atom!.toFixed(2)} json=${medians.json!.toFixed(2)} ms median at 50 items; kv-ops=${kv.feed} per feed request (KV reads as billed: a bulk get of N keys is N)`)
for (const line of lines.slice(-2)) console.log(line)
