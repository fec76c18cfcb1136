// The scheduled pull, against a local upstream served inside the test pool (tests/fixtures/upstream-worker.js).
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import worker from '../../src/index'
import { pullSource } from '../../src/publish/pull'
import { api, call, createSection, testEnv, unique } from '../helpers'

const UPSTREAM = 'http://upstream.test'

async function serve(path: string, body: string, type: string, etag?: string): Promise<string> {
  const query = new URLSearchParams({ path, type, ...(etag ? { etag } : {}) })
  await fetch(`${UPSTREAM}/__document?${query}`, { method: 'PUT', body })
  return UPSTREAM + path
}

async function hits(path: string): Promise<number> {
  return (((await (await fetch(`${UPSTREAM}/__hits`)).json()) as Record<string, number>)[path]) ?? 0
}

function rss(items: string): string {
  return `<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>قديم</title>${items}</channel></rss>`
}

function rssItem(n: number, extra = ''): string {
  return `<item><title>خبر قديم ${n}</title><link>https://old.example/news/${n}</link><guid>old-${n}</guid>
<pubDate>Mon, 0${n} Jan 2024 10:00:00 +0300</pubDate><dc:creator>كاتب ${n}</dc:creator><category>أرشيف</category>
<description>ملخص ${n} &amp; المزيد</description><content:encoded><![CDATA[<p>نص ${n}</p><script>x()</script>]]></content:encoded>
<enclosure url="https://old.example/${n}.jpg" type="image/jpeg" length="1234"/>${extra}</item>`
}

async function runCron(time: number): Promise<void> {
  const ctx = createExecutionContext()
  await worker.scheduled(createScheduledController({ scheduledTime: time, cron: '*/5 * * * *' }), testEnv, ctx)
  await waitOnExecutionContext(ctx)
}

async function feedTitles(slug: string): Promise<string[]> {
  const json = (await (await call(`/feeds/${slug}/feed.json?limit=100`)).json()) as any
  return json.items.map((i: any) => i.title)
}

describe('scheduled pull', () => {
  it('pulls an RSS upstream into its section, then asks again conditionally and writes nothing', async () => {
    const section = await createSection()
    const path = `/${unique('feed')}.xml`
    const url = await serve(path, rss(rssItem(1) + rssItem(2)), 'application/rss+xml', '"v1"')
    const id = unique('src')
    expect((await api('PUT', `/api/sources/${id}`, { url, section: section.slug, interval: 5 })).status).toBe(201)

    await runCron(Date.UTC(2024, 0, 10, 12))
    expect(await feedTitles(section.slug)).toEqual(['خبر قديم 2', 'خبر قديم 1'])
    const json = (await (await call(`/feeds/${section.slug}/feed.json`)).json()) as any
    const item = json.items[1]
    expect(item.url).toBe('https://old.example/news/1')
    expect(item.id).toMatch(/^tag:mawazin\.net,2024:article\/feed-[0-9a-f]{20}$/)
    expect(Date.parse(item.date_published)).toBe(Date.UTC(2024, 0, 1, 7))
    expect(item.authors).toEqual([{ name: 'كاتب 1' }])
    expect(item.tags).toEqual(['تقارير', 'أرشيف'])
    expect(item.summary).toBe('ملخص 1 & المزيد')
    expect(item.content_html).not.toContain('<script')
    expect(item.attachments[0]).toMatchObject({ url: 'https://old.example/1.jpg', mime_type: 'image/jpeg', size_in_bytes: 1234 })
    let status = (await (await api('GET', `/api/sources/${id}`)).json()) as any
    expect(status.last_status).toBe('2 created, 0 updated, 0 unchanged, 0 failed')
    expect(status.last_error).toBeNull()
    const etag = (await call(`/feeds/${section.slug}/atom.xml`)).headers.get('ETag')

    // Not due yet: no request upstream.
    await runCron(Date.UTC(2024, 0, 10, 12, 2))
    expect(await hits(path)).toBe(1)
    // Due: a conditional GET answered 304.
    await runCron(Date.UTC(2024, 0, 10, 12, 6))
    expect(await hits(path)).toBe(2)
    status = (await (await api('GET', `/api/sources/${id}`)).json()) as any
    expect(status.last_status).toBe('not modified')
    expect((await call(`/feeds/${section.slug}/atom.xml`)).headers.get('ETag')).toBe(etag)
    await api('DELETE', `/api/sources/${id}`)
  })

  it('writes only what changed when the upstream changes', async () => {
    const section = await createSection()
    const path = `/${unique('feed')}.xml`
    const url = await serve(path, rss(rssItem(1) + rssItem(2)), 'application/rss+xml', '"a"')
    const source = { id: unique('src'), url, section: section.slug, interval: 5 }
    const sections = new Map([[section.slug, section]])
    const first = await pullSource(testEnv.ARTICLES, source, null, sections, { now: 1 })
    expect(first.report).toMatchObject({ outcome: 'ok', created: 2 })
    await serve(path, rss(rssItem(1) + rssItem(2).replace('خبر قديم 2', 'خبر معدل 2') + rssItem(3)), 'application/rss+xml', '"b"')
    const second = await pullSource(testEnv.ARTICLES, source, first.status, sections, { now: 2 })
    expect(second.report).toMatchObject({ outcome: 'ok', created: 1, updated: 1, unchanged: 1, failed: 0 })
    expect(await feedTitles(section.slug)).toEqual(['خبر قديم 3', 'خبر معدل 2', 'خبر قديم 1'])
  })

  it('maps Atom and JSON Feed upstreams too', async () => {
    const section = await createSection()
    const sections = new Map([[section.slug, section]])
    const atomUrl = await serve(`/${unique('a')}.xml`, `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>
<entry><id>urn:old:1</id><title type="html">&lt;b&gt;عنوان&lt;/b&gt; أتوم</title><link rel="alternate" href="/n/1"/><published>2024-03-01T10:00:00+03:00</published>
<updated>2024-03-02T10:00:00+03:00</updated><author><name>هدى</name></author><category term="tech" label="تقنية"/><content type="html">&lt;p&gt;نص&lt;/p&gt;</content></entry></feed>`, 'application/atom+xml')
    const jsonUrl = await serve(`/${unique('j')}.json`, JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1', title: 'x',
      items: [{ id: 'j1', url: 'https://old.example/j1', title: 'عنوان جيسون', content_text: 'فقرة أولى\n\nفقرة ثانية', date_published: '2024-03-05T08:00:00Z', authors: [{ name: 'سعد' }], tags: ['رأي'], image: 'https://old.example/j1.png' }],
    }), 'application/feed+json')
    for (const url of [atomUrl, jsonUrl]) {
      const { report } = await pullSource(testEnv.ARTICLES, { id: unique('src'), url, section: section.slug, interval: 5 }, null, sections, { now: 1 })
      expect(report).toMatchObject({ outcome: 'ok', created: 1, failed: 0 })
    }
    const json = (await (await call(`/feeds/${section.slug}/feed.json`)).json()) as any
    const [fromJson, fromAtom] = json.items
    expect(fromAtom.title).toBe('عنوان أتوم')
    expect(fromAtom.url).toBe('http://upstream.test/n/1')
    expect(Date.parse(fromAtom.date_modified)).toBe(Date.UTC(2024, 2, 2, 7))
    expect(fromAtom.tags).toEqual(['تقارير', 'تقنية'])
    expect(fromJson.title).toBe('عنوان جيسون')
    expect(fromJson.content_html).toContain('<p>فقرة أولى</p><p>فقرة ثانية</p>')
    expect(fromJson.image).toBe('https://old.example/j1.png')
  })

  it('records a failing, malformed or slow upstream and keeps what is stored', async () => {
    const section = await createSection()
    const sections = new Map([[section.slug, section]])
    const goodUrl = await serve(`/${unique('g')}.xml`, rss(rssItem(4)), 'application/rss+xml')
    const good = await pullSource(testEnv.ARTICLES, { id: 'g', url: goodUrl, section: section.slug, interval: 5 }, null, sections, { now: 1 })
    const brokenUrl = await serve(`/${unique('b')}.xml`, '<rss><channel><item><title>x</title></chan', 'application/rss+xml')
    const cases: [string, RegExp][] = [
      [`${UPSTREAM}/error.xml`, /upstream answered 500/],
      [brokenUrl, /not a feed/],
      [await serve(`/${unique('h')}.html`, '<!doctype html><html><body>hi</body></html>', 'text/html'), /not a feed/],
      [`${UPSTREAM}/slow.xml`, /no answer within 200 ms/],
    ]
    for (const [url, message] of cases) {
      const result = await pullSource(testEnv.ARTICLES, { id: 'bad', url, section: section.slug, interval: 5 }, good.status, sections, { now: 2, limits: { timeoutMs: 200 } })
      expect(result.report.outcome).toBe('error')
      expect(result.status.lastError).toMatch(message)
      expect(result.status.lastStatus).toBe('error')
      expect(result.status.lastSuccess).toBe(1)
    }
    expect(await feedTitles(section.slug)).toEqual(['خبر قديم 4'])
  })

  it('bounds the work: newest items only, and reports items it cannot take', async () => {
    const section = await createSection()
    const sections = new Map([[section.slug, section]])
    const noDate = "<item><title>بلا تاريخ</title><link>https://old.example/x</link><guid>nodate</guid><pubDate>يوم ما</pubDate></item>"
    const url = await serve(`/${unique('m')}.xml`, rss(rssItem(1) + rssItem(2) + rssItem(3) + noDate), 'application/rss+xml')
    const source = { id: 'm', url, section: section.slug, interval: 5 }
    const bounded = await pullSource(testEnv.ARTICLES, source, null, sections, { now: 1, limits: { items: 2 } })
    expect(bounded.report).toMatchObject({ created: 2, failed: 1 })
    expect(await feedTitles(section.slug)).toEqual(['خبر قديم 3', 'خبر قديم 2'])
    const { report, status } = await pullSource(testEnv.ARTICLES, source, null, sections, { now: 2 })
    expect(report).toMatchObject({ created: 1, unchanged: 2, failed: 1 })
    expect(status.lastError).toContain('nodate')
    expect(status.lastError).toContain('published')
  })

  it('validates sources through the API', async () => {
    const bad = await api('PUT', '/api/sources/x1', { url: 'nope', section: 'missing', interval: 1 })
    expect(bad.status).toBe(422)
    expect(((await bad.json()) as any).errors.map((e: any) => e.pointer).sort()).toEqual(['#/interval', '#/url'])
    const noSection = await api('PUT', '/api/sources/x1', { url: 'https://old.example/rss', section: 'missing' })
    expect(((await noSection.json()) as any).errors).toEqual([{ pointer: '#/section', detail: 'no section "missing"' }])
  })
})
