// The audience count through the Worker's fetch: a scripted mix of aggregators, direct readers and crawlers over
// two Baghdad days gives exact totals through /api/stats/subscribers (before and after the cron's roll-up); the
// same reader twice counts once (in one isolate and across two); a poll still answers when D1 fails; embeds count
// per ref; and after the run no table holds an IP, a User-Agent or a hash.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test'
import { beforeEach, describe, expect, it } from 'vitest'
import { resetIsolate } from '../../src/audience/count'
import worker from '../../src/index'
import { ADMIN_TOKEN, api, call, createSection, hookedD1, testEnv } from '../helpers'

const FEEDLY = (n: number) => `Feedly/1.0 (+http://www.feedly.com/fetcher.html; ${n} subscribers; )`
const UA = {
  inoreader: 'Mozilla/5.0 (compatible; inoreader.com; 114 subscribers)',
  feedbin: 'Feedbin feed-id:1697787 - 102 subscribers',
  feedbinOther: 'Feedbin feed-id:42 - 3 subscribers',
  newsblur: 'NewsBlur Feed Fetcher - 27 subscribers - https://www.newsblur.com/site/7704055/mawazin ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)")',
  oldReader: 'Mozilla/5.0 (compatible; theoldreader.com; 1 subscribers; feed-id=cead6c3a837650eeefd8fe4a)',
  bazqux: 'Mozilla/5.0 (compatible; BazQux/2.4; +https://bazqux.com/fetcher; 1 subscribers)',
  dreamwidth: 'Dreamwidth Studios (webmaster@dreamwidth.org; for https://www.dreamwidth.org/users/x_feed/; 2 readers)',
  netnewswire: 'NetNewsWire (RSS Reader; https://netnewswire.com/)',
  newsboat: 'newsboat/2.21.0 (Linux x86_64)',
  safari: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
  googlebot: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
}
const IPS = ['198.51.100.7', '203.0.113.20', '2001:db8::42', '192.0.2.99', '198.51.100.250']

const DAY1 = '2026-12-01'
const DAY2 = '2026-12-02'
const at = (day: string, time = '10:00'): number => Date.parse(`${day}T${time}:00+03:00`)

/** The Worker's bindings with counting on (flushed every poll unless `extra` says otherwise), at `now`. */
function counting(now: number, extra: Record<string, unknown> = {}, bindings: Env = testEnv): Env {
  return { ...bindings, AUDIENCE: 'on', AUDIENCE_BATCH: '1', TEST_CLOCK: () => now, ...extra } as Env
}

async function poll(path: string, ua: string, ip: string, now: number, headers: Record<string, string> = {}, bindings?: Env): Promise<Response> {
  return call(path, { headers: { 'User-Agent': ua, 'CF-Connecting-IP': ip, ...headers } }, bindings ?? counting(now))
}

interface Day {
  day: string
  feed: string
  subscribers: number
  readers: { reader: string; subscribers: number }[]
}

async function subscribers(query: string): Promise<{ days: Day[]; crawlers: { day: string; crawler: string; polls: number }[] }> {
  const res = await api('GET', `/api/stats/subscribers?${query}`, undefined, counting(at(DAY2, '23:00')))
  expect(res.status).toBe(200)
  return res.json()
}

async function cron(now: number): Promise<void> {
  const ctx = createExecutionContext()
  await worker.scheduled(createScheduledController({ scheduledTime: now, cron: '*/5 * * * *' }), testEnv, ctx)
  await waitOnExecutionContext(ctx)
}

beforeEach(() => resetIsolate())

describe('audience', () => {
  let slug = ''

  it('counts a scripted mix over two days to the exact totals, per feed, per format together, and per reader', async () => {
    slug = (await createSection()).slug
    const rss = `/feeds/${slug}/rss.xml`
    const atom = `/feeds/${slug}/atom.xml`
    const d1 = at(DAY1)
    // Day 1, RSS: Feedly restates its count (the day's highest stands), two Feedbin feeds (two ids: summed).
    await poll(rss, FEEDLY(462), IPS[0]!, d1)
    await poll(rss, FEEDLY(470), IPS[1]!, at(DAY1, '15:00'))
    resetIsolate() // another isolate hears a lower count later: D1 keeps the higher
    await poll(rss, FEEDLY(465), IPS[1]!, at(DAY1, '16:00'))
    for (const ua of [UA.inoreader, UA.feedbin, UA.feedbinOther, UA.newsblur, UA.oldReader, UA.bazqux, UA.dreamwidth]) await poll(rss, ua, IPS[4]!, d1)
    // Direct readers: NetNewsWire twice from one address (one person), newsboat, Safari from two addresses (two).
    await poll(rss, UA.netnewswire, IPS[0]!, d1)
    await poll(rss, UA.netnewswire, IPS[0]!, at(DAY1, '11:00'))
    await poll(rss, UA.newsboat, IPS[1]!, d1)
    await poll(rss, UA.safari, IPS[2]!, d1)
    await poll(rss, UA.safari, IPS[3]!, d1)
    // A crawler polls: listed apart, no subscriber.
    await poll(rss, UA.googlebot, IPS[4]!, d1)
    // Day 1, Atom: the newsboat reader again (one person across formats) and Feedly's Atom subscribers.
    await poll(atom, UA.newsboat, IPS[1]!, d1)
    await poll(atom, FEEDLY(10), IPS[0]!, d1)
    // Day 2: Feedly and NetNewsWire, whose second poll is a 304.
    const d2 = at(DAY2)
    await poll(rss, FEEDLY(480), IPS[0]!, d2)
    const first = await poll(rss, UA.netnewswire, IPS[0]!, d2)
    expect(first.status).toBe(200)
    const again = await poll(rss, UA.netnewswire, IPS[0]!, at(DAY2, '12:00'), { 'If-None-Match': first.headers.get('ETag')! })
    expect(again.status).toBe(304)

    const expected: Day[] = [
      {
        day: DAY1,
        feed: `/feeds/${slug}/*`,
        subscribers: 480 + 114 + 105 + 27 + 4 + 2 + 1 + 1,
        readers: [
          { reader: 'Feedly', subscribers: 480 },
          { reader: 'Inoreader', subscribers: 114 },
          { reader: 'Feedbin', subscribers: 105 },
          { reader: 'NewsBlur', subscribers: 27 },
          { reader: 'direct', subscribers: 4 },
          { reader: 'Dreamwidth', subscribers: 2 },
          { reader: 'BazQux', subscribers: 1 },
          { reader: 'The Old Reader', subscribers: 1 },
        ],
      },
      { day: DAY1, feed: atom, subscribers: 11, readers: [{ reader: 'Feedly', subscribers: 10 }, { reader: 'direct', subscribers: 1 }] },
      {
        day: DAY1,
        feed: rss,
        subscribers: 470 + 114 + 105 + 27 + 4 + 2 + 1 + 1,
        readers: [
          { reader: 'Feedly', subscribers: 470 },
          { reader: 'Inoreader', subscribers: 114 },
          { reader: 'Feedbin', subscribers: 105 },
          { reader: 'NewsBlur', subscribers: 27 },
          { reader: 'direct', subscribers: 4 },
          { reader: 'Dreamwidth', subscribers: 2 },
          { reader: 'BazQux', subscribers: 1 },
          { reader: 'The Old Reader', subscribers: 1 },
        ],
      },
      { day: DAY2, feed: `/feeds/${slug}/*`, subscribers: 481, readers: [{ reader: 'Feedly', subscribers: 480 }, { reader: 'direct', subscribers: 1 }] },
      { day: DAY2, feed: rss, subscribers: 481, readers: [{ reader: 'Feedly', subscribers: 480 }, { reader: 'direct', subscribers: 1 }] },
    ]
    const mine = (days: Day[]) => days.filter((d) => d.feed.startsWith(`/feeds/${slug}/`))
    const live = await subscribers(`from=${DAY1}&to=${DAY2}`)
    expect(mine(live.days)).toEqual(expected)
    expect(live.crawlers).toEqual([{ day: DAY1, crawler: 'Googlebot', polls: 1 }])
    const oneFeed = await subscribers(`from=${DAY1}&to=${DAY2}&feed=${encodeURIComponent(rss)}`)
    expect(oneFeed.days).toEqual(expected.filter((d) => d.feed === rss))

    // The cron rolls both days up (their hashed rows deleted): the same totals, now from the daily rows.
    await cron(at('2026-12-03'))
    const seen = await testEnv.DB.prepare('SELECT count(*) AS n FROM audience_seen').all<{ n: number }>()
    expect(seen.results[0]!.n).toBe(0)
    expect(mine((await subscribers(`from=${DAY1}&to=${DAY2}`)).days)).toEqual(expected)

    // Polls and 304s per feed: readers' polls apart from the crawler's.
    const polls = await testEnv.DB.prepare('SELECT day, agent, polls, not_modified FROM audience_polls WHERE feed = ? ORDER BY day, agent').bind(rss).all()
    expect(polls.results).toEqual([
      { day: DAY1, agent: '', polls: 15, not_modified: 0 },
      { day: DAY1, agent: 'Googlebot', polls: 1, not_modified: 0 },
      { day: DAY2, agent: '', polls: 3, not_modified: 1 },
    ])
  })

  it('counts the same reader twice in a day once, in one isolate and across two', async () => {
    const { slug: s } = await createSection()
    const rss = `/feeds/${s}/rss.xml`
    const day = '2026-11-20'
    await poll(rss, UA.newsboat, IPS[1]!, at(day, '08:00'))
    await poll(rss, UA.newsboat, IPS[1]!, at(day, '09:00'))
    resetIsolate() // the next poll lands on another isolate, with an empty memory
    await poll(rss, UA.newsboat, IPS[1]!, at(day, '21:00'))
    // The next day it counts again.
    await poll(rss, UA.newsboat, IPS[1]!, at('2026-11-21', '08:00'))
    const { days } = await subscribers(`from=${day}&to=2026-11-21&feed=${encodeURIComponent(rss)}`)
    expect(days.map((d) => [d.day, d.subscribers])).toEqual([[day, 1], ['2026-11-21', 1]])
  })

  it('writes a repeat poll nowhere: one batch for five readers polling three times each', async () => {
    const { slug: s } = await createSection()
    const rss = `/feeds/${s}/rss.xml`
    const sql: string[][] = []
    const db = hookedD1(testEnv.DB, (_op, statements) => void (statements.some((q) => q.includes('audience_')) && sql.push(statements)))
    // 5 readers: 10 pending followers (feed and formats together) and 1 polls row: the batch of 11 is due at the 5th.
    const bindings = counting(at('2026-11-10'), { AUDIENCE_BATCH: '11', AUDIENCE_FLUSH_SECONDS: '3600' }, { ...testEnv, DB: db })
    for (let round = 0; round < 3; round++) for (let i = 0; i < 5; i++) await poll(rss, UA.netnewswire, `192.0.2.${i}`, 0, {}, bindings)
    expect(sql).toHaveLength(1)
    expect(sql[0]).toHaveLength(11)
    // Ten more repeat polls leave one pending row (the poll counter), written once it is an hour old.
    for (let i = 0; i < 10; i++) await poll(rss, UA.netnewswire, `192.0.2.${i % 5}`, 0, {}, bindings)
    expect(sql).toHaveLength(1)
    await poll(rss, UA.netnewswire, '192.0.2.0', 0, {}, { ...bindings, TEST_CLOCK: () => at('2026-11-10', '11:00') } as Env)
    expect(sql).toHaveLength(2)
    expect(sql[1]).toHaveLength(1)
    const { days } = await subscribers(`from=2026-11-10&to=2026-11-10&feed=${encodeURIComponent(rss)}`)
    expect(days[0]!.subscribers).toBe(5)
    const polls = await testEnv.DB.prepare('SELECT polls FROM audience_polls WHERE feed = ?').bind(rss).all<{ polls: number }>()
    expect(polls.results[0]!.polls).toBe(26)
  })

  it('answers a poll when D1 fails to count it, with the same bytes; the reader is counted at its next poll', async () => {
    const { slug: s } = await createSection()
    const rss = `/feeds/${s}/rss.xml`
    const day = '2026-11-05'
    const plain = await poll(rss, UA.safari, IPS[3]!, at(day), {}, { ...testEnv, TEST_CLOCK: () => at(day) } as Env)
    const failing = counting(at(day), {}, {
      ...testEnv,
      DB: hookedD1(testEnv.DB, (_op, statements) => {
        if (statements.some((q) => q.includes('audience_'))) throw new Error('D1_ERROR: simulated outage')
      }),
    })
    const res = await poll(rss, UA.safari, IPS[3]!, at(day), {}, failing)
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toBe(plain.headers.get('Content-Type'))
    expect(await res.text()).toBe(await plain.text())
    expect((await subscribers(`from=${day}&to=${day}&feed=${encodeURIComponent(rss)}`)).days).toEqual([])
    // The count was lost, not the reader: its next poll (D1 back) counts it.
    await poll(rss, UA.safari, IPS[3]!, at(day, '12:00'))
    expect((await subscribers(`from=${day}&to=${day}&feed=${encodeURIComponent(rss)}`)).days.map((d) => d.subscribers)).toEqual([1])
  })

  it('counts embed views per section and ref: the iframe and the script’s cross-origin feed fetch, not as readers', async () => {
    const { slug: s } = await createSection()
    const day = '2026-11-25'
    const now = at(day)
    await poll(`/embed/${s}?ref=partner-one`, UA.safari, IPS[0]!, now)
    await poll(`/embed/${s}?ref=partner-one`, UA.safari, IPS[1]!, now)
    await poll(`/embed/${s}?ref=partner.two`, UA.safari, IPS[2]!, now)
    await poll(`/embed/${s}`, UA.safari, IPS[2]!, now)
    await poll(`/feeds/${s}/feed.json?limit=5&ref=partner-one`, UA.safari, IPS[3]!, now, { Origin: 'https://partner.example' })
    const res = await api('GET', `/api/stats/embeds?from=${day}&to=${day}`, undefined, counting(now))
    expect(res.status).toBe(200)
    const body = (await res.json()) as { days: { section: string }[] }
    expect(body.days.filter((d) => d.section === s)).toEqual([
      { day, section: s, ref: 'partner-one', views: 3 },
      { day, section: s, ref: '', views: 1 },
      { day, section: s, ref: 'partner.two', views: 1 },
    ])
    expect((await subscribers(`from=${day}&to=${day}&feed=${encodeURIComponent(`/feeds/${s}/*`)}`)).days).toEqual([])
  })

  it('counts nothing with AUDIENCE=off or a bad audience var, and nothing of archives, redirects and errors', async () => {
    const { slug: s } = await createSection()
    const day = '2026-11-26'
    await poll(`/feeds/${s}/rss.xml`, UA.safari, IPS[0]!, at(day), {}, counting(at(day), { AUDIENCE: 'off' }))
    await poll(`/feeds/${s}/archive/2026-11/rss.xml`, UA.safari, IPS[0]!, at(day))
    await poll(`/feeds/no-such-section-${s}/rss.xml`, UA.safari, IPS[0]!, at(day))
    // A bad audience var counts nothing and fails no poll.
    expect((await poll(`/feeds/${s}/rss.xml`, UA.safari, IPS[0]!, at(day), {}, counting(at(day), { AUDIENCE_BATCH: 'many' }))).status).toBe(200)
    const rows = await testEnv.DB.prepare("SELECT count(*) AS n FROM audience_polls WHERE day = ?").bind(day).all<{ n: number }>()
    expect(rows.results[0]!.n).toBe(0)
  })

  it('keeps the statistics behind an admin or viewer key, refuses a desk’s, and names each bad parameter', async () => {
    expect((await call('/api/stats/subscribers')).status).toBe(401)
    const keyOf = async (role: string, sections?: string[]) => ((await (await api('POST', '/api/keys', { name: `${role}-${slug}`, role, ...(sections ? { sections } : {}) })).json()) as { key: string }).key
    const asKey = (key: string) => call('/api/stats/embeds', { headers: { Authorization: `Bearer ${key}` } })
    expect((await asKey(await keyOf('viewer'))).status).toBe(200)
    const refused = await asKey(await keyOf('editor', [slug]))
    expect(refused.status).toBe(403)
    expect(((await refused.json()) as { detail: string }).detail).toContain('may not read the audience statistics')
    const bad = await api('GET', '/api/stats/subscribers?from=2026-02-30&to=yesterday&feed=/etc/passwd')
    expect(bad.status).toBe(400)
    const problem = (await bad.json()) as { errors: { parameter: string }[] }
    expect(problem.errors).toEqual([{ parameter: 'from', detail: 'a Baghdad day as YYYY-MM-DD, got "2026-02-30"' }, { parameter: 'to', detail: 'a Baghdad day as YYYY-MM-DD, got "yesterday"' }])
    const badFeed = await api('GET', '/api/stats/subscribers?feed=/etc/passwd')
    expect(((await badFeed.json()) as { errors: { parameter: string }[] }).errors.map((e) => e.parameter)).toEqual(['feed'])
    const reversed = await api('GET', '/api/stats/embeds?from=2026-12-02&to=2026-12-01')
    expect(reversed.status).toBe(400)
  })

  it('is described in the OpenAPI document: both reports, their ranges and who may read them', async () => {
    const doc = (await (await call('/api/openapi.json')).json()) as { paths: Record<string, Record<string, { parameters: { name: string }[]; responses: Record<string, unknown> }>>; components: { schemas: Record<string, { required: string[] }> } }
    expect(doc.paths['/stats/subscribers']!.get!.parameters.map((p) => p.name)).toEqual(['from', 'to', 'feed'])
    expect(doc.paths['/stats/embeds']!.get!.parameters.map((p) => p.name)).toEqual(['from', 'to'])
    for (const path of ['/stats/subscribers', '/stats/embeds']) expect(Object.keys(doc.paths[path]!.get!.responses)).toEqual(['200', '400', '401', '403'])
    expect(doc.components.schemas.Subscribers!.required).toEqual(['from', 'to', 'days', 'months', 'crawlers'])
    expect(doc.components.schemas.EmbedViews!.required).toEqual(['from', 'to', 'days', 'months'])
  })

  it('sums days older than the retention by month', async () => {
    const { slug: s } = await createSection()
    const rss = `/feeds/${s}/rss.xml`
    await poll(rss, FEEDLY(100), IPS[0]!, at('2025-06-10'))
    await poll(rss, FEEDLY(200), IPS[0]!, at('2025-06-11'))
    await cron(at('2026-11-27')) // 400 days after 2025-10-23: June 2025 is summed
    const rows = await testEnv.DB.prepare('SELECT day, reader, subscribers, days FROM audience_days WHERE feed = ?').bind(rss).all()
    expect(rows.results).toEqual([{ day: '2025-06', reader: 'Feedly', subscribers: 300, days: 2 }])
    const res = await api('GET', `/api/stats/subscribers?from=2025-06-01&to=2025-06-30&feed=${encodeURIComponent(rss)}`)
    const body = (await res.json()) as { days: unknown[]; months: unknown[] }
    expect(body.days).toEqual([])
    expect(body.months).toEqual([{ month: '2025-06', feed: rss, days: 2, subscribers: 150, readers: [{ reader: 'Feedly', subscribers: 150 }] }])
  })

  it('leaves no IP, no User-Agent and no hash in any table once the days are rolled up', async () => {
    await cron(at('2026-12-05'))
    const tables = await testEnv.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'").all<{ name: string }>()
    let dump = ''
    let audience = ''
    for (const { name } of tables.results) {
      const rows = JSON.stringify((await testEnv.DB.prepare(`SELECT * FROM "${name}"`).all()).results)
      dump += rows
      if (name.startsWith('audience_')) audience += rows
    }
    expect(audience).toContain('"reader":"Feedly"')
    for (const ip of IPS) expect(dump).not.toContain(ip)
    for (const ua of [...Object.values(UA), FEEDLY(462)]) {
      expect(dump).not.toContain(ua)
      expect(dump).not.toContain(ua.slice(0, 16))
    }
    for (const id of ['1697787', 'cead6c3a837650eeefd8fe4a', '7704055']) expect(dump).not.toContain(id)
    // (api_keys keeps the SHA-256 of each API key, not of a reader: the audience's tables are checked for hashes.)
    expect(audience).not.toMatch(/[0-9a-f]{32}/)
  })
})
