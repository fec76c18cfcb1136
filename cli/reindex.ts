// `[NASHRA_API_KEY=…] npm run reindex [-- --url URL]`: moves data written before the index moved to D1 (KV's
// v1/article, v1/section and index keys) into D1 and the v2 records; idempotent. Without --url it works on the
// local state `npm start` uses (migrations applied first); with --url it repeats POST /api/reindex on that service.
import { parseArgs } from 'node:util'
import { getPlatformProxy } from 'wrangler'
import { reindexAll } from '../src/publish/reindex'
import { DEV_VARS, readDevVar } from './dev-vars'

const { values } = parseArgs({ options: { url: { type: 'string' } } })

async function remote(url: string, token: string): Promise<{ sections: number; articles: number; deleted: number }> {
  const total = { sections: 0, articles: 0, deleted: 0 }
  for (;;) {
    const res = await fetch(`${url.replace(/\/+$/, '')}/api/reindex`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } })
    if (!res.ok) throw new Error(`POST /api/reindex answered ${res.status}: ${await res.text()}`)
    const step = (await res.json()) as typeof total & { done: boolean }
    total.sections += step.sections
    total.articles += step.articles
    total.deleted += step.deleted
    if (step.done) return total
  }
}

const started = Date.now()
let total
if (values.url) {
  // An admin key from the environment (never an argument, which shows in ps), else the local bootstrap token.
  const token = process.env.NASHRA_API_KEY ?? readDevVar('ADMIN_TOKEN')
  if (!token) throw new Error(`no key: set NASHRA_API_KEY (an admin key), or ADMIN_TOKEN in ${DEV_VARS}`)
  total = await remote(values.url, token)
} else {
  const proxy = await getPlatformProxy<Env>({ configPath: 'wrangler.toml', persist: true })
  try {
    total = await reindexAll({ kv: proxy.env.ARTICLES, db: proxy.env.DB }, Date.now())
  } finally {
    await proxy.dispose()
  }
}
console.log(`reindex: ${total.sections} sections, ${total.articles} articles indexed into D1; ${total.deleted} old index keys deleted (${Date.now() - started} ms)`)
