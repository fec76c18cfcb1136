// The importer, run inside workerd against the real Worker (its fetch is the importer's network).
import seedPage from '../fixtures/000_6e0e75a60da96bca.txt?raw'
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { readImportFile, runImport } from '../../cli/importer'
import worker from '../../src/index'
import { SAMPLE_SECTIONS } from '../../src/publish/sample-data'
import { saveSection } from '../../src/publish/write'
import { ADMIN_TOKEN, apiArticle, call, createSection, parseXml, testEnv, textOf } from '../helpers'

const SITE = 'https://www.mawazin.net'
const SEEN = Date.UTC(2024, 5, 1)
const utf8 = (text: string) => new TextEncoder().encode(text)
const SEED_TITLE = 'زيارة سرية لقاآني الى بغداد تنهي التصعيد الامريكي.. طهران تحذر بغداد من مغبة نيران غضب واشنطن'

/** The Worker as the importer's network. */
const workerFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
  const ctx = createExecutionContext()
  const res = await worker.fetch(new Request(input, init), testEnv, ctx)
  await waitOnExecutionContext(ctx)
  return res
}) as typeof fetch

const options = { url: 'http://nashra.test', token: ADMIN_TOKEN, fetcher: workerFetch, sleep: async () => {} }

beforeAll(async () => {
  await saveSection(testEnv.ARTICLES, SAMPLE_SECTIONS[0]!)
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
    expect((await readImportFile('x.xml', utf8('<rss><channel><item>'), { seen: SEEN, siteUrl: SITE, section: 's' })).problems[0]!.detail).toMatch(/malformed XML/)
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
