// The importer, run inside workerd against the real Worker (its fetch is the importer's network).
import seedPage from '../fixtures/000_6e0e75a60da96bca.txt?raw'
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { BATCH_BYTES, ndjsonItems, progressLog, readImportFile, runImport, summaryLines } from '../../cli/importer'
import worker from '../../src/index'
import { SAMPLE_SECTIONS } from '../../dev/sample-data'
import { ADMIN_TOKEN, apiArticle, call, createSection, parseXml, textOf, unique, withKv, workerFetch } from '../helpers'
import { encodeSingleByte, encodeUtf16 } from '../ingest/encode'
import { toRfc3339 } from '../../src/model/dates'

const SITE = 'https://www.mawazin.net'
const SEEN = Date.UTC(2024, 5, 1)
const utf8 = (text: string) => new TextEncoder().encode(text)
const API_BATCH_LIMIT = 16 * 1024 * 1024
const SEED_TITLE = 'زيارة سرية لقاآني الى بغداد تنهي التصعيد الامريكي.. طهران تحذر بغداد من مغبة نيران غضب واشنطن'

const options = { url: 'http://nashra.test', token: ADMIN_TOKEN, fetcher: workerFetch, sleep: async () => {} }

beforeAll(async () => {
  await createSection(SAMPLE_SECTIONS[0]!)
})

describe('readImportFile', () => {
  it('reads the seed page to its exact title, section, time and body', async () => {
    const { items, problems } = await readImportFile('000_6e0e75a60da96bca.txt', utf8(seedPage), { seen: SEEN, siteUrl: SITE })
    expect(problems).toEqual([])
    expect(items).toHaveLength(1)
    const article = items[0]!.article as Record<string, string>
    expect(article.title).toBe(SEED_TITLE)
    expect(article.section).toBe('تقارير')
    expect(Date.parse(article.published!)).toBe(Date.parse('2024-02-18T09:13:00Z'))
    expect(article.dateline).toBe('موازين نيوز- بغداد')
    expect(article.content!.startsWith('<p>أفادت عدة مصادر إيرانية وعراقية')).toBe(true)
    expect(article.content).toContain('<h2>استئناف المحادثات العراقية الأميركية</h2>')
    expect(article.content).not.toContain('اخبار ذات الصلة')
  })

  it('reads JSON arrays, NDJSON (a bad line reported alone) and feeds into --section', async () => {
    expect((await readImportFile('a.json', utf8('[{"id":"a"},{"id":"b"}]'), { seen: SEEN, siteUrl: SITE })).items.map((i) => i.source)).toEqual(['a.json#1', 'a.json#2'])
    const nd = await readImportFile('b.ndjson', utf8('{"id":"a"}\n{bad\n\n{"id":"c"}\n'), { seen: SEEN, siteUrl: SITE })
    expect(nd.items.map((i) => i.source)).toEqual(['b.ndjson:1', 'b.ndjson:4'])
    expect(nd.problems).toEqual([{ source: 'b.ndjson:2', detail: 'not valid JSON' }])
    const rss = '<rss version="2.0"><channel><link>https://old.example/</link><item><title>t</title><link>https://old.example/1</link><guid>1</guid><pubDate>Mon, 01 Jan 2024 10:00:00 GMT</pubDate></item></channel></rss>'
    const noSection = await readImportFile('old.xml', utf8(rss), { seen: SEEN, siteUrl: SITE })
    expect(noSection.problems[0]!.detail).toContain('--section')
    const withSection = await readImportFile('old.xml', utf8(rss), { seen: SEEN, siteUrl: SITE, section: 'reports' })
    expect(withSection.items[0]!.article).toMatchObject({ section: 'reports', title: 't', url: 'https://old.example/1', published: '2024-01-01T13:00:00+03:00' })
    const again = await readImportFile('renamed.xml', utf8(rss), { seen: SEEN, siteUrl: SITE, section: 'reports' })
    expect((again.items[0]!.article as { id: string }).id).toBe((withSection.items[0]!.article as { id: string }).id)
  })

  it('reports a file that is none of these, reading nothing from it', async () => {
    const { items, problems } = await readImportFile('notes.txt', utf8('just some words\nwithout a date line'), { seen: SEEN, siteUrl: SITE })
    expect(items).toEqual([])
    expect(problems[0]!.detail).toMatch(/not an article page/)
    expect((await readImportFile('x.json', utf8('[1, 2'), { seen: SEEN, siteUrl: SITE })).problems).toEqual([{ source: 'x.json', detail: 'not valid JSON' }])
    const page = await readImportFile('x.xml', utf8('<html><body><p>x</p></body></html>'), { seen: SEEN, siteUrl: SITE, section: 's' })
    expect(page.problems).toEqual([{ source: 'x.xml', detail: 'not an article page, JSON or feed file: XML, but not a feed: the root element is <html>, not RSS <rss>, RSS 1.0 <rdf:RDF> or Atom <feed>' }])
  })
})

describe('runImport', () => {
  it('imports the seed page into /feeds/reports/atom.xml, then finds it unchanged', async () => {
    const { items } = await readImportFile('seed.txt', utf8(seedPage), { seen: SEEN, siteUrl: SITE })
    const progress: number[] = []
    const first = await runImport(items, { ...options, onProgress: (d) => progress.push(d) })
    expect(first).toMatchObject({ created: 1, failed: 0 })
    expect(progress).toEqual([1])
    const atom = parseXml(await (await call('/feeds/reports/atom.xml')).text()).feed
    const entry = atom.entry.find((e: any) => textOf(e.title) === SEED_TITLE)
    expect(entry.published).toBe('2024-02-18T12:13:00+03:00')
    expect((await runImport(items, options)).unchanged).toBe(1)
  })

  it('counts failures per item with their reasons, and writes nothing on a dry run', async () => {
    const section = await createSection({ name: 'محلية' })
    const good = apiArticle(section.slug)
    const bad = apiArticle(section.slug, { published: 'yesterday' })
    const dry = await runImport([{ source: 'f#1', article: good }, { source: 'f#2', article: bad }], { ...options, dryRun: true })
    expect(dry).toMatchObject({ created: 1, failed: 1 })
    expect(dry.problems).toEqual([{ source: 'f#2', id: bad.id, detail: '#/published ISO 8601 with an offset, e.g. 2024-02-18T12:13:00+03:00' }])
    expect((await call(`/feeds/${section.slug}/feed.json`)).status).toBe(200)
    expect(((await (await call(`/feeds/${section.slug}/feed.json`)).json()) as any).items).toEqual([])
    const real = await runImport([{ source: 'f#1', article: good }], options)
    expect(real.created).toBe(1)
  })

  it('retries with backoff when the service is briefly unavailable, and stops on a bad token', async () => {
    const section = await createSection({ name: 'رياضة' })
    let calls = 0
    const waits: number[] = []
    const flaky = (async (input: RequestInfo | URL, init?: RequestInit) => {
      calls++
      if (calls === 1) throw new TypeError('connection refused')
      if (calls === 2) return new Response('{}', { status: 503 })
      return workerFetch(input, init)
    }) as typeof fetch
    const summary = await runImport([{ source: 'x', article: apiArticle(section.slug) }], { ...options, fetcher: flaky, sleep: async (ms) => void waits.push(ms) })
    expect(summary.created).toBe(1)
    expect(waits).toEqual([500, 1000])
    const refused = await runImport([{ source: 'x', article: apiArticle(section.slug) }], { ...options, token: 'wrong' })
    expect(refused.stopped).toMatchObject({ notSent: 1, from: 'x' })
    expect(refused.stopped!.reason).toMatch(/refused the batch: http:\/\/nashra\.test\/api\/articles answered 401/)
  })
})

describe('importer: items the service could not store', () => {
  it('sends again, alone, the items reported retryable, until stored; the others are sent once', async () => {
    const section = await createSection({ name: unique('قسم') })
    const [stubborn, plain] = [apiArticle(section.slug), apiArticle(section.slug)]
    // KV refuses the stubborn item's record 5 times: the service's own 4 attempts, then the first of the resend's.
    let refusals = 5
    const bodies: string[] = []
    const env = withKv((op, key) => {
      if (op === 'put' && key.startsWith(`v2/article/${stubborn.id}/`) && refusals-- > 0) throw new Error('KV PUT failed: 429 Too Many Requests')
    })
    const refusing = (async (input: RequestInfo | URL, init?: RequestInit) => {
      bodies.push(String(init?.body ?? ''))
      const ctx = createExecutionContext()
      const res = await worker.fetch(new Request(input, init), env, ctx)
      await waitOnExecutionContext(ctx)
      return res
    }) as typeof fetch
    const waits: number[] = []
    const summary = await runImport(
      [{ source: 'a', article: stubborn }, { source: 'b', article: plain }],
      { ...options, fetcher: refusing, sleep: async (ms) => void waits.push(ms) },
    )
    expect(summary).toMatchObject({ created: 2, failed: 0 })
    expect(bodies).toHaveLength(2)
    expect((JSON.parse(bodies[1]!) as { id: string }[]).map((a) => a.id)).toEqual([stubborn.id])
    expect(waits).toEqual([500])
    expect(refusals).toBeLessThan(0)
    const listed = (await (await call(`/feeds/${section.slug}/feed.json`)).json()) as { items: unknown[] }
    expect(listed.items).toHaveLength(2)
  })
})

describe('importer: files as Arabic sites write them', () => {
  it('reads a windows-1256 NDJSON file only when told its encoding, and never stores it garbled', async () => {
    const section = await createSection({ name: 'عربي' })
    const article = apiArticle(section.slug, { title: 'خبر بترميز ويندوز' })
    const bytes = encodeSingleByte(`${JSON.stringify(article)}\n`, 'windows-1256')
    const guessed = await readImportFile('old.ndjson', bytes, { seen: SEEN, siteUrl: SITE })
    expect(guessed.items).toEqual([])
    expect(guessed.problems).toEqual([{ source: 'old.ndjson:1', detail: expect.stringMatching(/^not valid utf-8 text: byte \d+ \(0x[0-9A-F]{2}\) cannot be decoded$/) }])
    const told = await readImportFile('old.ndjson', bytes, { seen: SEEN, siteUrl: SITE, encoding: 'windows-1256' })
    expect(told.items[0]!.article).toMatchObject({ title: 'خبر بترميز ويندوز' })
    expect(await runImport(told.items, options)).toMatchObject({ created: 1, failed: 0 })
    const streamed: unknown[] = []
    for await (const read of ndjsonItems('old.ndjson', (async function* () { yield bytes.subarray(0, 50); yield bytes.subarray(50) })(), { encoding: 'windows-1256' })) streamed.push(read)
    expect(streamed).toEqual([{ source: 'old.ndjson:1', article: JSON.parse(JSON.stringify(article)) }])
    const utf16 = encodeUtf16(`${JSON.stringify({ id: 'u16-a' })}\r\n${JSON.stringify({ id: 'u16-b', title: 'عنوان' })}\n`)
    const wide: unknown[] = []
    for await (const read of ndjsonItems('wide.ndjson', (async function* () { yield utf16.subarray(0, 7); yield utf16.subarray(7) })())) wide.push(read)
    expect(wide).toEqual([{ source: 'wide.ndjson:1', article: { id: 'u16-a' } }, { source: 'wide.ndjson:2', article: { id: 'u16-b', title: 'عنوان' } }])
    const json = (await (await call(`/feeds/${section.slug}/feed.json`)).json()) as any
    expect(json.items[0].title).toBe('خبر بترميز ويندوز')
  })

  it('reads a windows-1256 feed by its declaration, a UTF-16 page by its BOM, and resolves links against the channel', async () => {
    const feed = `<?xml version="1.0" encoding="windows-1256"?><rss version="2.0"><channel><link>https://old.example/ar/</link><item><title>خبر قديم</title><link>news/7</link><guid>w-7</guid></item></channel></rss>`
    const read = await readImportFile('old.xml', encodeSingleByte(feed, 'windows-1256'), { seen: SEEN, siteUrl: SITE, section: 'reports' })
    expect(read.problems).toEqual([])
    expect(read.items[0]!.article).toMatchObject({ title: 'خبر قديم', url: 'https://old.example/ar/news/7', published: '2024-06-01T03:00:00+03:00' })
    const page = await readImportFile('page.txt', encodeUtf16(seedPage), { seen: SEEN, siteUrl: SITE })
    expect(page.problems).toEqual([])
    expect(page.items[0]!.article).toMatchObject({ title: SEED_TITLE, section: 'تقارير' })
  })

  it('reports items a feed file repeats, and keeps one it cannot date with a note, one by one', async () => {
    const feed = '<rss version="2.0"><channel><item><title>أ</title><link>https://old.example/1</link><guid>g</guid></item><item><title>ب</title><link>https://old.example/2</link><guid>g</guid></item><item><title>ج</title><link>https://old.example/3</link><pubDate>غدا</pubDate></item></channel></rss>'
    const read = await readImportFile('f.xml', utf8(feed), { seen: SEEN, siteUrl: SITE, section: 'reports' })
    expect(read.items.map((i) => (i.article as { title: string }).title)).toEqual(['أ', 'ج'])
    expect((read.items[1]!.article as { published: string }).published).toBe(toRfc3339(SEEN))
    expect(read.problems).toEqual([{ source: 'f.xml (g)', detail: 'repeats item 1 of the document (the first is kept)' }])
    expect(read.notes).toEqual([{ source: 'f.xml (https://old.example/3)', detail: 'date not read, dated when first seen: unreadable date "غدا"' }])
  })

  it('sizes batches by bytes as well as count, so large articles stay under the 16 MiB limit', async () => {
    const section = await createSection({ name: 'ثقيل' })
    const body = `<p>${'خبر طويل جدا '.repeat(13_500)}</p>`
    const items = Array.from({ length: 60 }, (_, i) => ({ source: `big#${i + 1}`, article: apiArticle(section.slug, { content: body }) }))
    expect(new TextEncoder().encode(JSON.stringify(items.map((i) => i.article))).length).toBeGreaterThan(API_BATCH_LIMIT)
    const sizes: number[] = []
    const measuring = (async (input: RequestInfo | URL, init?: RequestInit) => {
      sizes.push(new TextEncoder().encode(String(init?.body)).length)
      return workerFetch(input, init)
    }) as typeof fetch
    const summary = await runImport(items, { ...options, fetcher: measuring, dryRun: true })
    expect(summary).toMatchObject({ created: 60, failed: 0 })
    expect(sizes.length).toBeGreaterThan(1)
    expect(Math.max(...sizes)).toBeLessThanOrEqual(BATCH_BYTES)
  })

  it('streams NDJSON: the first batch is sent before the file is read to its end', async () => {
    const section = await createSection({ name: 'تدفق' })
    let linesRead = 0
    let readAtFirstPost = -1
    async function* chunks() {
      for (let i = 0; i < 250; i++) {
        linesRead++
        yield utf8(`${JSON.stringify(apiArticle(section.slug))}\n`)
      }
    }
    const watching = (async (input: RequestInfo | URL, init?: RequestInit) => {
      if (readAtFirstPost === -1) readAtFirstPost = linesRead
      return workerFetch(input, init)
    }) as typeof fetch
    const items = (async function* () {
      for await (const read of ndjsonItems('big.ndjson', chunks())) if ('article' in read) yield read
    })()
    const summary = await runImport(items, { ...options, fetcher: watching, dryRun: true })
    expect(summary.created).toBe(250)
    expect(readAtFirstPost).toBeLessThanOrEqual(101)
  })

  it('when the connection is lost mid-import, says what was written, what was not, the URL, and how to resume', async () => {
    const section = await createSection({ name: 'انقطاع' })
    const items = Array.from({ length: 130 }, (_, i) => ({ source: `wire.ndjson:${i + 1}`, article: apiArticle(section.slug, { id: unique('cut') }) }))
    let posts = 0
    const cut = (async (input: RequestInfo | URL, init?: RequestInit) => {
      posts++
      if (posts > 1) throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } })
      return workerFetch(input, init)
    }) as typeof fetch
    const summary = await runImport(items, { ...options, fetcher: cut })
    expect(summary).toMatchObject({ created: 100, failed: 0 })
    expect(summary.stopped).toEqual({
      reason: 'the API did not take the batch after 5 tries: could not reach http://nashra.test/api/articles: ECONNRESET',
      notSent: 30,
      from: 'wire.ndjson:101',
    })
    const lines = summaryLines(summary, false, 0)
    expect(lines[0]).toBe('100 created, 0 updated, 0 unchanged, 0 failed')
    expect(lines[1]).toBe(`import stopped: ${summary.stopped!.reason}`)
    expect(lines[2]).toBe('  written before it stopped: 100; not sent: 30, from wire.ndjson:101 on')
    expect(lines[3]).toMatch(/run the same command again/)
    const resumed = await runImport(items, options)
    expect(resumed).toMatchObject({ created: 30, unchanged: 100, failed: 0 })
  })

  it('logs progress off a terminal at most every few seconds', () => {
    const lines: string[] = []
    let clock = 0
    const log = progressLog((line) => lines.push(line), () => clock)
    for (const [at, done] of [[0, 100], [1_000, 200], [4_999, 300], [5_000, 400], [6_000, 500]] as const) {
      clock = at
      log(done)
    }
    log(550, true)
    expect(lines).toEqual(['imported 100 items so far', 'imported 400 items so far', 'imported 550 items so far'])
  })
})
