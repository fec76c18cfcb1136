// What the audience count costs in D1, measured: 1,000 polls of three feeds in one isolate at 100,000 polls a day
// (one every 864 ms), with the default batch (50 entries or 30 s), by 150 direct readers (about 7 polls each) and
// 6 aggregator feeds; the README scales it to 100,000 polls.
import { describe, expect, it, vi } from 'vitest'
import { resetIsolate } from '../../src/audience/count'
import { call, createSection, testEnv } from '../helpers'

/** D1 whose audience batches' rows written and read are summed (the feed route's own reads are left out). */
function meteredDb(db: D1Database, sums: { batches: number; written: number; read: number }): D1Database {
  const audience = new WeakSet<object>()
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'prepare') {
        return (sql: string) => {
          const statement = target.prepare(sql)
          if (sql.includes('audience_')) {
            const bind = statement.bind.bind(statement)
            Object.defineProperty(statement, 'bind', { value: (...values: unknown[]) => { const bound = bind(...values); audience.add(bound); return bound } })
          }
          return statement
        }
      }
      if (prop === 'batch') {
        return async (statements: D1PreparedStatement[]) => {
          const results = await target.batch(statements)
          if (statements.some((s) => audience.has(s))) {
            sums.batches++
            for (const r of results) {
              sums.written += r.meta.rows_written ?? 0
              sums.read += r.meta.rows_read ?? 0
            }
          }
          return results
        }
      }
      const value = Reflect.get(target, prop, target) as unknown
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
    },
  })
}

describe('audience cost', () => {
  it('writes each follower once a day per isolate and a counter per flush', async () => {
    resetIsolate()
    const slugs = [(await createSection()).slug, (await createSection()).slug, (await createSection()).slug]
    const sums = { batches: 0, written: 0, read: 0 }
    const start = Date.parse('2026-10-01T08:00:00+03:00')
    const polls = 1000
    // The HMACs the count makes: one per follower and feed (150 distinct), not one per poll; and the day's key.
    const sign = vi.spyOn(crypto.subtle, 'sign')
    for (let i = 0; i < polls; i++) {
      const now = start + i * 864
      const feed = `/feeds/${slugs[i % 3]}/rss.xml`
      const ua = i % 25 === 0 ? `Feedbin feed-id:${i % 6} - ${100 + (i % 6)} subscribers` : 'NetNewsWire (RSS Reader; https://netnewswire.com/)'
      const bindings = { ...testEnv, AUDIENCE: 'on', DB: meteredDb(testEnv.DB, sums), TEST_CLOCK: () => now } as Env
      const res = await call(feed, { headers: { 'User-Agent': ua, 'CF-Connecting-IP': `198.51.100.${i % 150}` } }, bindings)
      expect(res.status).toBe(200)
    }
    const hmacs = sign.mock.calls.length
    sign.mockRestore()
    console.log(`audience cost: ${polls} polls -> ${hmacs} HMACs, ${sums.batches} batches, ${sums.written} D1 rows written, ${sums.read} rows read; per 100,000 polls: ${sums.batches * 100} batches, ${sums.written * 100} rows written, ${sums.read * 100} rows read`)
    // 144 direct readers' (feed, IP, User-Agent) and 6 aggregators', each hashed once; at most one more for the day's key.
    expect(hmacs).toBeGreaterThanOrEqual(150)
    expect(hmacs).toBeLessThanOrEqual(151)
    // Followers: 156 × (their feed and the formats together), once each: 312 rows; counters: a row per feed and
    // agent per flush (a flush every 30 s, 29 in these 14 minutes): about 90 rows.
    expect(sums.written).toBeLessThan(450)
    expect(sums.batches).toBeLessThanOrEqual(35)
  }, 120_000)
})
