import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { getPlatformProxy } from 'wrangler'
import app from '../src/index'
import { seedSampleData } from '../dev/seed'
import { freshState } from '../bench/local-state'
const SEED = readFileSync('/work/wt-i15plan/tests/fixtures/000_6e0e75a60da96bca.txt', 'utf8')
const state = freshState('i15plan-prof-')
const proxy = await getPlatformProxy<Env>({ configPath: 'wrangler.toml', persist: { path: join(state, 'v3') } })
await seedSampleData({ kv: proxy.env.ARTICLES, db: proxy.env.DB }, SEED, proxy.env.SITE_URL, Date.now())
const env = { ...proxy.env }
const ctx = { waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext
const url = process.argv[2] ?? 'http://127.0.0.1/feeds/reports/rss.xml?limit=50'
const first = await app.fetch(new Request(url), env, ctx); await first.arrayBuffer()
const etag = first.headers.get('ETag')!
for (const [label, headers] of [['200', {}], ['304', { 'If-None-Match': etag }]] as const) {
  for (let round = 0; round < 3; round++) {
    const N = 20000
    const t = performance.now()
    for (let i = 0; i < N; i++) { const r = await app.fetch(new Request(url, { headers }), env, ctx); if (i === 0 && round === 0) console.log(r.status, r.headers.get('Cache-Status')); }
    console.log(label, ((performance.now() - t) / N * 1000).toFixed(1), 'us/req')
  }
}
await proxy.dispose(); rmSync(state, { recursive: true, force: true })
