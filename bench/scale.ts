// `npm run bench:scale`: what each kind of request costs with 1,000, 10,000 and 30,000 articles (SCALE_SIZES
// overrides): the Worker's own CPU (median), D1 rows read and written, KV reads (billed per key) and writes.
//
// How: the articles are made by the real prepare step (sanitizer, hash), their records bulk-loaded into local KV
// and their index rows into local D1 with `wrangler` (the rows indexArticle would write, built by the same
// functions: loading 30,000 through the write path one by one would take an hour on the simulators). Each request
// then runs once through the real app against the local stores, recording every D1 result and KV value it gets;
// the counts come from that run (D1's own meta.rows_read, KV keys). The CPU is measured by replaying the request
// with the recorded answers (no I/O), so it is the Worker's work alone, not the simulators', on this machine's Node.
import { timingSafeEqual } from 'node:crypto'
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { getPlatformProxy } from 'wrangler'
import app from '../src/index'
import { freshIsolate } from '../src/http/feed-cache'
import { encodePageToken } from '../src/feeds/query'
import { identityKey } from '../src/model/arabic'
import type { Article, Section } from '../src/model/types'
import { prepareArticle } from '../src/publish/prepare'
import { monthNumber, searchFields, skFloor } from '../src/store/feed-index'
import { articleKey } from '../src/store/keys'
import { mulberry32 } from '../dev/random'
import { freshState, wrangler } from './local-state'

// workerd's crypto.subtle.timingSafeEqual (the API keys' check), which Node 20 has only as node:crypto's.
type Bytes = ArrayBuffer | ArrayBufferView
const subtle = crypto.subtle as unknown as { timingSafeEqual?: (a: Bytes, b: Bytes) => boolean }
if (!subtle.timingSafeEqual) {
  const view = (v: Bytes) => (ArrayBuffer.isView(v) ? new Uint8Array(v.buffer, v.byteOffset, v.byteLength) : new Uint8Array(v))
  subtle.timingSafeEqual = (a, b) => timingSafeEqual(view(a), view(b))
}

const SIZES = (process.env.SCALE_SIZES ?? '1000,10000,30000').split(',').map(Number)
const PER_DAY = 500
const START = Date.UTC(2026, 6, 1) - 3 * 3_600_000
const SECTIONS: Section[] = Array.from({ length: 8 }, (_, i) => ({ slug: `qism-${i}`, name: `قسم ${i + 1}`, description: `أخبار القسم ${i + 1}`, order: i + 1, updated: START }))
const TAGS = Array.from({ length: 300 }, (_, i) => `وسم ${i}`)
const WORDS = ['العراق', 'بغداد', 'الحكومة', 'البرلمان', 'النفط', 'الانتخابات', 'الاقتصاد', 'الرياضة', 'الطقس', 'الصحة', 'التعليم', 'الزراعة']
const RUNS = 30
const WARMUP = 20
const ORIGIN = 'http://127.0.0.1:8787'
const TOKEN = 'bench-admin-token-0123456789'

async function makeArticles(count: number): Promise<Article[]> {
  const next = mulberry32(20261202)
  const out: Article[] = []
  for (let i = 0; i < count; i++) {
    const section = SECTIONS[i % SECTIONS.length]!
    const words = Array.from({ length: 6 }, () => WORDS[Math.floor(next() * next() * WORDS.length)]!)
    // One article in 5,000 carries a rare word.
    if (i % 5000 === 1234) words.push('زقورة')
    const paragraphs = Array.from({ length: 8 }, (_, p) => `<p>${words.join(' ')} فقرة ${p} من الخبر رقم ${i}، وفيها تفاصيل ما جرى اليوم.</p>`).join('')
    const draft = {
      id: `bench-${i}`,
      section: section.slug,
      title: `${words.slice(0, 4).join(' ')} ${i}`,
      content: paragraphs,
      url: `https://www.mawazin.net/news/${i}`,
      authors: [{ name: `كاتب ${i % 40}` }],
      published: START + Math.floor((i * 86_400_000) / PER_DAY / 1000) * 1000,
      tags: [TAGS[Math.floor(next() * next() * TAGS.length)]!, TAGS[Math.floor(next() * TAGS.length)]!],
    }
    out.push((await prepareArticle(draft, section, draft.published + 1000)).article)
  }
  return out
}

function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`
}

/** The rows indexArticle writes, for all `articles` at once (one published second each here, so sk = skFloor). */
function indexSql(articles: Article[]): string {
  const lines: string[] = []
  lines.push(
    `INSERT INTO sections (slug, name, name_key, description, position, updated) VALUES ${SECTIONS.map((s) => `(${sqlString(s.slug)}, ${sqlString(s.name)}, ${sqlString(identityKey(s.name))}, ${sqlString(s.description)}, ${s.order}, ${s.updated})`).join(', ')};`,
  )
  const months = new Map<string, number>()
  const names = new Map<string, string>()
  for (let i = 0; i < articles.length; i += 100) {
    const chunk = articles.slice(i, i + 100)
    lines.push(
      `INSERT INTO articles (sk, id, section, published, updated, hash, version, month) VALUES ${chunk.map((a) => `(${skFloor(a.published)}, ${sqlString(a.id)}, ${sqlString(a.section)}, ${a.published}, ${a.updated}, ${sqlString(a.hash)}, ${sqlString(a.hash)}, ${monthNumber(a.published)})`).join(', ')};`,
    )
    lines.push(
      `INSERT INTO article_search (rowid, body, facets) VALUES ${chunk
        .map((a) => {
          const { body, facets } = searchFields(a)
          return `(${skFloor(a.published)}, ${sqlString(body)}, ${sqlString(facets)})`
        })
        .join(', ')};`,
    )
    for (const a of chunk) {
      for (const scope of [a.section, '_all']) months.set(`${scope} ${monthNumber(a.published)}`, (months.get(`${scope} ${monthNumber(a.published)}`) ?? 0) + 1)
      for (const t of a.tags) if (!names.has(`t ${identityKey(t)}`)) names.set(`t ${identityKey(t)}`, t)
      for (const au of a.authors) if (!names.has(`a ${identityKey(au.name)}`)) names.set(`a ${identityKey(au.name)}`, au.name)
    }
  }
  lines.push(`INSERT INTO months (scope, month, n) VALUES ${[...months].map(([k, n]) => `(${sqlString(k.split(' ')[0]!)}, ${k.split(' ')[1]}, ${n})`).join(', ')};`)
  const last = articles.at(-1)!.published
  lines.push(`INSERT INTO scopes (scope, changed) VALUES ${[...SECTIONS.map((s) => s.slug), '_all'].map((s) => `(${sqlString(s)}, ${last})`).join(', ')};`)
  lines.push(`INSERT INTO names (kind, key, name) VALUES ${[...names].map(([k, name]) => `(${sqlString(k.slice(0, 1))}, ${sqlString(k.slice(2))}, ${sqlString(name)})`).join(', ')};`)
  return lines.join('\n')
}

/** Loads `articles` into a fresh local state; returns its folder. */
async function load(articles: Article[]): Promise<string> {
  const state = freshState('nashra-scale-')
  const sql = join(state, 'index.sql')
  writeFileSync(sql, indexSql(articles))
  wrangler(['d1', 'execute', 'DB', '--local', '--persist-to', state, '--file', sql, '--yes'])
  for (let i = 0; i < articles.length; i += 10_000) {
    const file = join(state, `kv-${i}.json`)
    // Loaded articles are each their own first version: the version name is their hash.
    writeFileSync(file, JSON.stringify(articles.slice(i, i + 10_000).map((a) => ({ key: articleKey(a.id, a.hash), value: JSON.stringify(a) }))))
    wrangler(['kv', 'bulk', 'put', file, '--binding', 'ARTICLES', '--local', '--persist-to', state])
  }
  return state
}

interface Counts {
  rowsRead: number
  rowsWritten: number
  kvReads: number
  kvWrites: number
}

/** Bindings that record every answer (recording) or give the recorded answers back in order (replaying). */
function tape(real: { ARTICLES: KVNamespace; DB: D1Database }) {
  // Answers by what was asked (calls that run concurrently may finish in another order when replayed).
  const answers = new Map<string, unknown[]>()
  let cursor = new Map<string, number>()
  const counts: Counts = { rowsRead: 0, rowsWritten: 0, kvReads: 0, kvWrites: 0 }
  let replaying = false
  const record = async <T>(make: () => Promise<T>, ...asked: unknown[]): Promise<T> => {
    // A write's version ends in a random nonce (store/articles.ts newVersion): replays ask for another, so it is
    // left out of what identifies the question, in KV keys and D1 parameters alike.
    const key = JSON.stringify(asked).replace(/([0-9a-f]{32})\.[0-9a-f]{8}/g, '$1.*')
    if (replaying) {
      const at = cursor.get(key) ?? 0
      cursor.set(key, at + 1)
      return answers.get(key)![at] as T
    }
    const value = await make()
    answers.set(key, [...(answers.get(key) ?? []), value])
    return value
  }
  const meta = (r: { meta?: { rows_read?: number; rows_written?: number } }) => {
    if (replaying) return
    counts.rowsRead += r.meta?.rows_read ?? 0
    counts.rowsWritten += r.meta?.rows_written ?? 0
  }
  const statement = (sql: string, params: unknown[] = []): D1PreparedStatement =>
    ({
      sql,
      params,
      bind: (...values: unknown[]) => statement(sql, values),
      all: () => record(async () => real.DB.prepare(sql).bind(...params).all(), 'all', sql, params).then((r) => (meta(r), r)),
      first: () => record(async () => real.DB.prepare(sql).bind(...params).first(), 'first', sql, params),
      run: () => record(async () => real.DB.prepare(sql).bind(...params).run(), 'run', sql, params).then((r) => (meta(r), r)),
    }) as unknown as D1PreparedStatement
  const db = {
    prepare: (sql: string) => statement(sql),
    batch: (statements: { sql: string; params: unknown[] }[]) =>
      record(async () => real.DB.batch(statements.map((s) => real.DB.prepare(s.sql).bind(...s.params))), 'batch', statements.map((s) => [s.sql, s.params])).then((results) => {
        for (const r of results) meta(r)
        return results
      }),
  } as unknown as D1Database
  const kv = {
    get: async (key: string | string[], options: unknown) => {
      if (!replaying) counts.kvReads += Array.isArray(key) ? key.length : 1
      // Values are recorded as text and parsed on every call, as the Worker parses what KV sends.
      const json = options === 'json' || (options as { type?: string } | undefined)?.type === 'json'
      const text = await record(() => real.ARTICLES.get(key as string, 'text') as Promise<unknown>, 'get', key)
      if (!json) return text
      if (text instanceof Map) return new Map([...text].map(([k, v]) => [k, v === null ? null : JSON.parse(v as string)]))
      return text === null ? null : JSON.parse(text as string)
    },
    put: (...args: unknown[]) => {
      if (!replaying) counts.kvWrites++
      return record(() => (real.ARTICLES.put as (...a: unknown[]) => Promise<void>)(...args), 'put', args[0])
    },
    delete: (key: string) => {
      if (!replaying) counts.kvWrites++
      return record(() => real.ARTICLES.delete(key), 'delete', key)
    },
    getWithMetadata: (key: string, options: unknown) => {
      if (!replaying) counts.kvReads++
      return record(() => real.ARTICLES.getWithMetadata(key, options as 'text'), 'getWithMetadata', key)
    },
    list: (options: KVNamespaceListOptions) => {
      if (!replaying) counts.kvReads++
      return record(() => real.ARTICLES.list(options), 'list', options)
    },
  } as unknown as KVNamespace
  return {
    bindings: { ARTICLES: kv, DB: db },
    counts,
    replay: () => {
      replaying = true
      cursor = new Map()
    },
  }
}

async function fetchOnce(request: () => Request, env: object): Promise<Response> {
  const pending: Promise<unknown>[] = []
  const ctx = { waitUntil: (p: Promise<unknown>) => pending.push(p), passThroughOnException: () => undefined, props: {} }
  const res = await app.fetch(request(), env as Env, ctx as unknown as ExecutionContext)
  await res.arrayBuffer()
  await Promise.all(pending)
  return res
}

/** One request kind: its counts (recorded run) and its median CPU in ms (replays). */
async function measure(real: { ARTICLES: KVNamespace; DB: D1Database }, baseEnv: object, request: () => Request): Promise<Counts & { cpu: number; status: number }> {
  const t = tape(real)
  const env = { ...baseEnv, ...t.bindings }
  freshIsolate()
  const first = await fetchOnce(request, env)
  const samples: number[] = []
  for (let i = -WARMUP; i < RUNS; i++) {
    t.replay()
    freshIsolate()
    const before = process.cpuUsage()
    await fetchOnce(request, env)
    const used = process.cpuUsage(before)
    if (i >= 0) samples.push((used.user + used.system) / 1000)
  }
  samples.sort((a, b) => a - b)
  return { ...t.counts, cpu: samples[Math.floor(samples.length / 2)]!, status: first.status }
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - text.length))
}

for (const size of SIZES) {
  const started = Date.now()
  const articles = await makeArticles(size)
  const state = await load(articles)
  const loadedIn = Date.now() - started
  const proxy = await getPlatformProxy<Env>({ configPath: 'wrangler.toml', persist: { path: join(state, 'v3') } })
  try {
    const now = articles.at(-1)!.published + 60_000
    const baseEnv = { ...proxy.env, ADMIN_TOKEN: TOKEN, TEST_CLOCK: () => now }
    const real = { ARTICLES: proxy.env.ARTICLES, DB: proxy.env.DB }
    const deep = articles[Math.floor(size * 0.2)]!
    const middleMonth = new Date(articles[Math.floor(size / 2)]!.published + 3 * 3_600_000).toISOString().slice(0, 7)
    const get = (path: string, headers: Record<string, string> = {}) => () => new Request(ORIGIN + path, { headers })
    const kinds: [string, () => Request][] = [
      ['cold feed (20 items)', get('/feeds/qism-0/rss.xml')],
      ['limit=100', get('/feeds/qism-0/atom.xml?limit=100')],
      ['archive document', get(`/feeds/archive/${middleMonth}/atom.xml`)],
      ['deep page', get(`/feeds/feed.json?page=${encodePageToken({ scope: '_all', before: skFloor(deep.published) })}`)],
      ['?q= rare', get(`/feeds/feed.json?q=${encodeURIComponent('زقورة')}`)],
      ['?q= common', get(`/feeds/feed.json?q=${encodeURIComponent('العراق')}`)],
      ['?tag=', get(`/feeds/qism-0/feed.json?tag=${encodeURIComponent(TAGS[0]!)}`)],
      ['section page', get('/sections/qism-0')],
      ['directory page', get('/')],
      [
        'publish (PUT)',
        () =>
          // The same request each time: the recorded run writes it, the replays are answered as it was.
          new Request(`${ORIGIN}/api/articles/bench-new`, {
            method: 'PUT',
            headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
            body: JSON.stringify({ id: 'bench-new', section: 'qism-1', title: 'خبر جديد عن العراق', content: '<p>نص الخبر الجديد.</p>', url: 'https://www.mawazin.net/news/new', published: new Date(now - 1000).toISOString(), tags: [TAGS[1]] }),
          }),
      ],
    ]
    console.log(`\nbench:scale ${size.toLocaleString('en')} articles (${PER_DAY}/day, ${SECTIONS.length} sections; loaded in ${(loadedIn / 1000).toFixed(0)} s)`)
    console.log(`${pad('request', 24)}${pad('status', 8)}${pad('CPU ms', 9)}${pad('D1 read', 9)}${pad('D1 written', 12)}${pad('KV read', 9)}KV written`)
    const only = process.env.SCALE_KINDS
    for (const [name, request] of kinds.filter(([name]) => !only || only.split(',').some((k) => name.startsWith(k)))) {
      const m = await measure(real, baseEnv, request)
      console.log(`${pad(name, 24)}${pad(String(m.status), 8)}${pad(m.cpu.toFixed(2), 9)}${pad(String(m.rowsRead), 9)}${pad(String(m.rowsWritten), 12)}${pad(String(m.kvReads), 9)}${m.kvWrites}`)
    }
  } finally {
    await proxy.dispose()
    rmSync(state, { recursive: true, force: true })
  }
}
