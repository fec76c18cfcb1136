// `npm run seed`: fills the local KV that `wrangler dev` uses with the sample data (idempotent).
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { getPlatformProxy } from 'wrangler'
import { seedSampleData } from '../dev/seed'

const SEED_PAGE = fileURLToPath(new URL('../tests/fixtures/000_6e0e75a60da96bca.txt', import.meta.url))

const proxy = await getPlatformProxy<Env>({ configPath: 'wrangler.toml', persist: true })
try {
  const started = Date.now()
  const report = await seedSampleData({ kv: proxy.env.ARTICLES, db: proxy.env.DB }, readFileSync(SEED_PAGE, 'utf8'), proxy.env.SITE_URL, started)
  console.log(
    `seed: ${report.sections} sections; articles ${report.created} created, ${report.updated} updated, ` +
      `${report.unchanged} unchanged (${Date.now() - started} ms)`,
  )
} finally {
  await proxy.dispose()
}
