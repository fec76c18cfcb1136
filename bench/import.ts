// `npm run bench:import`: a 20,000-article import into one month (IMPORT_COUNT overrides) through the importer and
// the publishing API, on a fresh local KV and D1; prints the summary (0 failures expected), the time, and checks
// that the month's archive chain then passes every article once.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { getPlatformProxy } from 'wrangler'
import { runImport } from '../cli/importer'
import app from '../src/index'
import { freshState } from './local-state'

const COUNT = Number(process.env.IMPORT_COUNT ?? 20_000)
const TOKEN = 'bench-admin-token-0123456789'
const ORIGIN = 'http://127.0.0.1:8787'
/** All in November 2026 (Baghdad): one article every 2 minutes from the 1st; 20,000 fill 28 days. */
const START = Date.UTC(2026, 10, 1) - 3 * 3_600_000

const state = freshState('nashra-import-')
const proxy = await getPlatformProxy<Env>({ configPath: 'wrangler.toml', persist: { path: join(state, 'v3') } })
try {
  const env = { ...proxy.env, ADMIN_TOKEN: TOKEN, TEST_CLOCK: () => START + COUNT * 120_000 + 60_000 } as Env
  const fetcher = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const pending: Promise<unknown>[] = []
    const ctx = { waitUntil: (p: Promise<unknown>) => pending.push(p), passThroughOnException: () => undefined, props: {} }
    const res = await app.fetch(new Request(input, init), env, ctx as unknown as ExecutionContext)
    await Promise.all(pending)
    return res
  }) as typeof fetch
  const section = await fetcher(`${ORIGIN}/api/sections/bulk`, { method: 'PUT', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'أرشيف كبير' }) })
  if (section.status !== 201 && section.status !== 200) throw new Error(`section: ${section.status}`)
  const items = Array.from({ length: COUNT }, (_, i) => ({
    source: `item ${i}`,
    article: {
      id: `bulk-${i}`,
      section: 'bulk',
      title: `خبر رقم ${i} من أرشيف تشرين الثاني`,
      content: `<p>نص الخبر رقم ${i}، وفيه تفاصيل ما جرى في بغداد والبصرة.</p>`,
      url: `https://www.mawazin.net/news/bulk-${i}`,
      published: new Date(START + i * 120_000).toISOString(),
      tags: [`وسم ${i % 50}`],
    },
  }))
  const started = Date.now()
  let lastReport = 0
  const summary = await runImport(items, {
    url: ORIGIN,
    token: TOKEN,
    fetcher,
    onProgress: (done) => {
      if (done - lastReport >= 2000) {
        lastReport = done
        console.log(`  ${done} sent (${((Date.now() - started) / 1000).toFixed(0)} s)`)
      }
    },
  })
  const seconds = (Date.now() - started) / 1000
  console.log(`import: ${COUNT} articles into one month: ${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.failed} failed in ${seconds.toFixed(0)} s${summary.stopped ? `; stopped: ${summary.stopped.reason}` : ''}`)
  // The month's archive chain, walked back from its newest document: every article once.
  const seen = new Set<string>()
  let docs = 0
  for (let url: string | null = `${ORIGIN}/feeds/bulk/archive/2026-11/feed.json`; url; docs++) {
    const json = (await (await fetcher(url)).json()) as { items: { id: string }[]; _nashra?: { links?: Record<string, string> } }
    for (const item of json.items) seen.add(item.id)
    url = json._nashra?.links?.['prev-archive'] ?? null
  }
  console.log(`archive: ${docs} documents walked back, ${seen.size} distinct articles (${seen.size === COUNT ? 'all' : 'MISSING SOME'})`)
  if (summary.failed > 0 || seen.size !== COUNT) process.exitCode = 1
} finally {
  await proxy.dispose()
  rmSync(state, { recursive: true, force: true })
}
