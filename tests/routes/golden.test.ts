// The feeds' bytes, pinned: a few representations of the fixed sample data, rendered once and stored under
// tests/fixtures/golden/, must come out byte for byte the same (a restructuring changes no feed).
// To accept an intended change of output: `npx vitest run tests/routes/golden.test.ts -u`, and review the diff.
import seedPage from '../fixtures/000_6e0e75a60da96bca.txt?raw'
import { beforeAll, describe, expect, it } from 'vitest'
import { seedSampleData } from '../../dev/seed'
import { atTime, call, stores, WRITE_NOW } from '../helpers'

/**
 * The clock the golden feeds are read at: after every sample article (so none is scheduled), and a day after
 * the seeding's write clock, so that Last-Modified is the scopes' change time (the write), not capped at now.
 */
const READ_AT = WRITE_NOW + 86_400_000
const HEADERS = ['Content-Type', 'ETag', 'Last-Modified', 'Link']

const REPRESENTATIONS: [string, string][] = [
  ['/feeds/reports/rss.xml', 'reports-rss.xml'],
  ['/feeds/atom.xml?limit=5', 'site-atom-limit5.xml'],
  ['/feeds/reports/feed.json?tag=%D8%A8%D8%BA%D8%AF%D8%A7%D8%AF', 'reports-tag-baghdad.json'],
  ['/feeds/sports/archive/2023-06/atom.xml', 'sports-archive-2023-06-atom.xml'],
  ['/feeds/economy/rss.xml?limit=4', 'economy-rss-limit4.xml'],
]

beforeAll(async () => {
  await seedSampleData(stores, seedPage, 'https://www.mawazin.net', WRITE_NOW)
})

describe('the golden feeds', () => {
  it.each(REPRESENTATIONS)('%s is byte for byte as stored', async (path, file) => {
    const res = await call(path, {}, atTime(READ_AT))
    const head = HEADERS.map((h) => `${h}: ${res.headers.get(h) ?? ''}`).join('\n')
    await expect(`${res.status}\n${head}\n\n${await res.text()}`).toMatchFileSnapshot(`../fixtures/golden/${file}`)
  })
})
