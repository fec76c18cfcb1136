// The scheduled pull, against a local upstream served inside the test pool (tests/fixtures/upstream-worker.js).
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import worker from '../../src/index'
import { pullSource } from '../../src/ingest/pull'
import { putSource } from '../../src/store/sources'
import { WRITE_NOW, api, call, createSection, stores, testEnv, unique } from '../helpers'
import { encodeSingleByte, encodeUtf16 } from './encode'

const UPSTREAM = 'http://upstream.test'

async function serve(path: string, body: string | Uint8Array, type: string, etag?: string, how: 'gzip' | 'chunked' | '' = ''): Promise<string> {
  const query = new URLSearchParams({ path, type, ...(etag ? { etag } : {}), ...(how ? { [how]: '1' } : {}) })
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

async function runCron(time: number, bindings: Env = testEnv): Promise<void> {
  const ctx = createExecutionContext()
  await worker.scheduled(createScheduledController({ scheduledTime: time, cron: '*/5 * * * *' }), bindings, ctx)
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
    expect(item.tags).toEqual([section.name, 'أرشيف'])
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
    const first = await pullSource(stores, source, null, sections, { now: WRITE_NOW })
    expect(first.report).toMatchObject({ outcome: 'ok', created: 2 })
    await serve(path, rss(rssItem(1) + rssItem(2).replace('خبر قديم 2', 'خبر معدل 2') + rssItem(3)), 'application/rss+xml', '"b"')
    const second = await pullSource(stores, source, first.status, sections, { now: WRITE_NOW + 1 })
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
      const { report } = await pullSource(stores, { id: unique('src'), url, section: section.slug, interval: 5 }, null, sections, { now: WRITE_NOW })
      expect(report).toMatchObject({ outcome: 'ok', created: 1, failed: 0 })
    }
    const json = (await (await call(`/feeds/${section.slug}/feed.json`)).json()) as any
    const [fromJson, fromAtom] = json.items
    expect(fromAtom.title).toBe('عنوان أتوم')
    expect(fromAtom.url).toBe('http://upstream.test/n/1')
    expect(Date.parse(fromAtom.date_modified)).toBe(Date.UTC(2024, 2, 2, 7))
    expect(fromAtom.tags).toEqual([section.name, 'تقنية'])
    expect(fromJson.title).toBe('عنوان جيسون')
    expect(fromJson.content_html).toContain('<p>فقرة أولى</p><p>فقرة ثانية</p>')
    expect(fromJson.image).toBe('https://old.example/j1.png')
  })

  it('records a failing, malformed or slow upstream and keeps what is stored', async () => {
    const section = await createSection()
    const sections = new Map([[section.slug, section]])
    const goodUrl = await serve(`/${unique('g')}.xml`, rss(rssItem(4)), 'application/rss+xml')
    const good = await pullSource(stores, { id: 'g', url: goodUrl, section: section.slug, interval: 5 }, null, sections, { now: WRITE_NOW })
    const brokenUrl = await serve(`/${unique('b')}.xml`, 'Service temporarily unavailable', 'application/rss+xml')
    const cases: [string, RegExp][] = [
      [`${UPSTREAM}/error.xml`, /upstream answered 500/],
      [brokenUrl, /not a feed/],
      [await serve(`/${unique('h')}.html`, '<!doctype html><html><body>hi</body></html>', 'text/html'), /not a feed/],
      [`${UPSTREAM}/slow.xml`, /no answer within 200 ms/],
    ]
    for (const [url, message] of cases) {
      const result = await pullSource(stores, { id: 'bad', url, section: section.slug, interval: 5 }, good.status, sections, { now: WRITE_NOW + 1, limits: { timeoutMs: 200 } })
      expect(result.report.outcome).toBe('error')
      expect(result.status.lastError).toMatch(message)
      expect(result.status.lastStatus).toBe('error')
      expect(result.status.lastSuccess).toBe(WRITE_NOW)
    }
    expect(await feedTitles(section.slug)).toEqual(['خبر قديم 4'])
  })

  it('bounds the work: newest items only, and reports items it cannot take', async () => {
    const section = await createSection()
    const sections = new Map([[section.slug, section]])
    const noLink = '<item><title>بلا رابط</title><guid isPermaLink="false">nolink</guid><pubDate>Mon, 01 Jan 2024 09:00:00 +0300</pubDate></item>'
    const url = await serve(`/${unique('m')}.xml`, rss(rssItem(1) + rssItem(2) + rssItem(3) + noLink), 'application/rss+xml')
    const source = { id: 'm', url, section: section.slug, interval: 5 }
    const bounded = await pullSource(stores, source, null, sections, { now: WRITE_NOW, limits: { items: 2 } })
    expect(bounded.report).toMatchObject({ created: 2, failed: 0 })
    expect(await feedTitles(section.slug)).toEqual(['خبر قديم 3', 'خبر قديم 2'])
    const { report, status } = await pullSource(stores, source, null, sections, { now: WRITE_NOW + 1 })
    expect(report).toMatchObject({ created: 1, unchanged: 2, failed: 1 })
    expect(status.lastError).toBe('nolink: content must not be blank, url an absolute http(s) URL')
  })

  it('validates sources through the API', async () => {
    const bad = await api('PUT', '/api/sources/x1', { url: 'nope', section: 'missing', interval: 1 })
    expect(bad.status).toBe(422)
    expect(((await bad.json()) as any).errors.map((e: any) => e.pointer).sort()).toEqual(['#/interval', '#/url'])
    const noSection = await api('PUT', '/api/sources/x1', { url: 'https://old.example/rss', section: 'missing' })
    expect(((await noSection.json()) as any).errors).toEqual([{ pointer: '#/section', detail: 'no section "missing"' }])
  })
})

describe('pull: reading the Arabic web as it is', () => {
  const sourceFor = (url: string, slug: string, timeZone?: string) => ({ id: unique('src'), url, section: slug, interval: 5, ...(timeZone ? { timeZone } : {}) })

  it('stores windows-1256 and UTF-16 feeds as written, whichever way the encoding is declared, and refuses undecodable ones', async () => {
    const section = await createSection()
    const sections = new Map([[section.slug, section]])
    const body = (n: number, declaration = '') => `<?xml version="1.0"${declaration}?><rss version="2.0"><channel><item><title>خبر عاجل ${n}</title><link>https://old.example/enc/${unique('n')}</link><pubDate>Mon, 01 Jan 2024 10:00:00 +0300</pubDate><description>نص الخبر</description></item></channel></rss>`
    const served: [string | Uint8Array, string][] = [
      [encodeSingleByte(body(1, ' encoding="windows-1256"'), 'windows-1256'), 'application/rss+xml'],
      [encodeSingleByte(body(2), 'windows-1256'), 'application/rss+xml; charset=windows-1256'],
      [encodeSingleByte(body(3, ' encoding="windows-1256"'), 'windows-1256'), 'text/xml; charset=windows-1256'],
      [encodeUtf16(body(4, ' encoding="utf-16"')), 'application/xml'],
    ]
    for (const [bytes, type] of served) {
      const url = await serve(`/${unique('enc')}.xml`, bytes, type)
      const { report } = await pullSource(stores, sourceFor(url, section.slug), null, sections, { now: WRITE_NOW })
      expect(report).toMatchObject({ outcome: 'ok', created: 1, failed: 0 })
    }
    const json = (await (await call(`/feeds/${section.slug}/feed.json`)).json()) as any
    expect(json.items.map((i: any) => i.title).sort()).toEqual(['خبر عاجل 1', 'خبر عاجل 2', 'خبر عاجل 3', 'خبر عاجل 4'])
    expect(json.items.every((i: any) => i.summary === 'نص الخبر')).toBe(true)
    const undeclared = await serve(`/${unique('enc')}.xml`, encodeSingleByte(body(5), 'windows-1256'), 'application/rss+xml')
    const refused = await pullSource(stores, sourceFor(undeclared, section.slug), null, sections, { now: WRITE_NOW })
    expect(refused.report).toMatchObject({ outcome: 'ok', created: 0, failed: 1 })
    expect(refused.status.lastError).toMatch(/^https:\/\/old\.example\/enc\/\S+: its text cannot be decoded \(the document, first: not valid utf-8 text: byte \d+ \(0x[0-9A-F]{2}\) cannot be decoded\)$/)
    expect(await feedTitles(section.slug)).toHaveLength(4)
    // The source says its encoding: the same bytes are read right.
    const said = await pullSource(stores, { ...sourceFor(undeclared, section.slug), encoding: 'windows-1256' }, null, sections, { now: WRITE_NOW })
    expect(said.report).toMatchObject({ outcome: 'ok', created: 1, failed: 0 })
    const listed = (await (await api('GET', `/api/articles?section=${section.slug}&limit=100`)).json()) as { items: { title: string }[] }
    expect(listed.items.map((i) => i.title).sort()).toEqual(['خبر عاجل 1', 'خبر عاجل 2', 'خبر عاجل 3', 'خبر عاجل 4', 'خبر عاجل 5'])
  })

  it('pulls an undeclared windows-1256 feed through the cron once its source says its encoding', async () => {
    const section = await createSection()
    const body = `<rss version="2.0"><channel><item><title>خبر بلا ترميز معلن</title><link>https://old.example/w/${unique('w')}</link><pubDate>Mon, 01 Jan 2024 10:00:00 +0300</pubDate></item></channel></rss>`
    const url = await serve(`/${unique('w1256')}.xml`, encodeSingleByte(body, 'windows-1256'), 'application/rss+xml')
    const id = unique('src')
    const bad = await api('PUT', `/api/sources/${id}`, { url, section: section.slug, encoding: 'klingon' })
    expect(bad.status).toBe(422)
    expect(((await bad.json()) as any).errors).toEqual([{ pointer: '#/encoding', detail: 'an encoding label, e.g. windows-1256' }])
    const put = await api('PUT', `/api/sources/${id}`, { url, section: section.slug, encoding: 'Windows-1256' })
    expect(put.status).toBe(201)
    expect(((await put.json()) as any).encoding).toBe('windows-1256')
    await runCron(Date.UTC(2024, 0, 10, 12))
    expect(await feedTitles(section.slug)).toEqual(['خبر بلا ترميز معلن'])
    const status = (await (await api('GET', `/api/sources/${id}`)).json()) as any
    expect(status).toMatchObject({ encoding: 'windows-1256', last_status: '1 created, 0 updated, 0 unchanged, 0 failed', last_error: null })
    await api('DELETE', `/api/sources/${id}`)
  })

  it('dates items in every form, zone-less in the source time zone, and names each item it leaves out', async () => {
    const section = await createSection()
    const items = [
      '<item><title>هندي</title><link>https://old.example/d/1</link><pubDate>Sun, ١٨ Feb ٢٠٢٤ ١٢:١٣:٠٠ +0300</pubDate></item>',
      '<item><title>رقمي</title><link>https://old.example/d/2</link><pubDate>18/02/2024 12:13</pubDate></item>',
      '<item><title>عربي</title><link>https://old.example/d/3</link><pubDate>الأحد، 18 فبراير 2024</pubDate></item>',
      '<item><title>بلا منطقة</title><link>https://old.example/d/4</link><pubDate>2024-02-18 12:13:00</pubDate></item>',
      '<item><title>غير مقروء</title><link>https://old.example/d/5</link><guid>bad-date</guid><pubDate>Sun, 18 Feb 0300</pubDate></item>',
    ].join('')
    const url = await serve(`/${unique('dates')}.xml`, rss(items), 'application/rss+xml')
    const id = unique('src')
    expect((await api('PUT', `/api/sources/${id}`, { url, section: section.slug, time_zone: 'Asia/Baghdad' })).status).toBe(201)
    await runCron(Date.UTC(2024, 2, 1, 12))
    const json = (await (await call(`/feeds/${section.slug}/feed.json`)).json()) as any
    const published = Object.fromEntries(json.items.map((i: any) => [i.title, Date.parse(i.date_published)]))
    // An unreadable date loses no news: the item is dated when first seen (the cron's time), and that is said.
    expect(published).toEqual({ هندي: Date.UTC(2024, 1, 18, 9, 13), رقمي: Date.UTC(2024, 1, 18, 9, 13), عربي: Date.UTC(2024, 1, 17, 21), 'بلا منطقة': Date.UTC(2024, 1, 18, 9, 13), 'غير مقروء': Date.UTC(2024, 2, 1, 12) })
    const status = (await (await api('GET', `/api/sources/${id}`)).json()) as any
    expect(status.last_status).toBe('5 created, 0 updated, 0 unchanged, 0 failed')
    expect(status.last_error).toBe('bad-date: warning: date not read, dated when first seen: year 300 is not plausible')
    expect(status.time_zone).toBe('Asia/Baghdad')

    const cairo = createSection()
    const other = await cairo
    const cairoUrl = await serve(`/${unique('dates')}.xml`, rss('<item><title>القاهرة</title><link>https://old.example/d/6</link><pubDate>2024-02-18 11:13:00</pubDate></item>'), 'application/rss+xml')
    const { report } = await pullSource(stores, sourceFor(cairoUrl, other.slug, 'Africa/Cairo'), null, new Map([[other.slug, other]]), { now: WRITE_NOW })
    expect(report.created).toBe(1)
    const cairoJson = (await (await call(`/feeds/${other.slug}/feed.json`)).json()) as any
    expect(Date.parse(cairoJson.items[0].date_published)).toBe(Date.UTC(2024, 1, 18, 9, 13))
    const badZone = await api('PUT', `/api/sources/${unique('src')}`, { url, section: section.slug, time_zone: 'Mars/Olympus' })
    expect(((await badZone.json()) as any).errors).toEqual([{ pointer: '#/time_zone', detail: 'an IANA time zone, e.g. Asia/Baghdad' }])
  })

  it('dates an undated item when first seen and keeps that date; an undated edit is dated when seen', async () => {
    const section = await createSection()
    const sections = new Map([[section.slug, section]])
    const path = `/${unique('undated')}.xml`
    const link = `https://old.example/u/${unique('u')}`
    const undated = (text: string) => rss(`<item><title>بلا تاريخ</title><link>${link}</link><description>${text}</description></item>`)
    const source = sourceFor(await serve(path, undated('الأول'), 'application/rss+xml'), section.slug)
    const [first, second, edit] = [Date.UTC(2024, 3, 1, 9), Date.UTC(2024, 3, 1, 10), Date.UTC(2024, 3, 2, 8)]
    expect((await pullSource(stores, source, null, sections, { now: first })).report).toMatchObject({ created: 1, failed: 0 })
    expect((await pullSource(stores, source, null, sections, { now: second })).report).toMatchObject({ created: 0, unchanged: 1, updated: 0 })
    await serve(path, undated('المعدل'), 'application/rss+xml')
    expect((await pullSource(stores, source, null, sections, { now: edit })).report).toMatchObject({ updated: 1 })
    expect((await pullSource(stores, source, null, sections, { now: edit + 3_600_000 })).report).toMatchObject({ unchanged: 1 })
    const item = ((await (await call(`/feeds/${section.slug}/feed.json`)).json()) as any).items[0]
    expect(item.summary).toBe('المعدل')
    expect(Date.parse(item.date_published)).toBe(first)
    expect(Date.parse(item.date_modified)).toBe(edit)
  })

  it('keeps the first of items sharing a guid, so a second pull changes nothing', async () => {
    const section = await createSection()
    const sections = new Map([[section.slug, section]])
    const guid = unique('dup')
    const items = [1, 2].map((n) => `<item><title>نسخة ${n}</title><link>https://old.example/dup/${n}</link><guid>${guid}</guid><pubDate>Mon, 01 Jan 2024 10:00:00 +0300</pubDate></item>`)
    const source = sourceFor(await serve(`/${unique('dup')}.xml`, rss(items.join('')), 'application/rss+xml'), section.slug)
    const first = await pullSource(stores, source, null, sections, { now: WRITE_NOW })
    expect(first.report).toMatchObject({ created: 1, updated: 0, failed: 0, skipped: 1 })
    expect(first.status.lastError).toBe(`${guid}: repeats item 1 of the document (the first is kept)`)
    expect((await pullSource(stores, source, null, sections, { now: WRITE_NOW + 1 })).report).toMatchObject({ created: 0, updated: 0, unchanged: 1 })
    expect(await feedTitles(section.slug)).toEqual(['نسخة 1'])
  })

  it('keeps Atom xhtml entries, bare RSS items, untitled JSON Feed items and Media RSS images, with links resolved', async () => {
    const section = await createSection()
    const sections = new Map([[section.slug, section]])
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:x="http://www.w3.org/1999/xhtml" xmlns:media="http://search.yahoo.com/mrss/"><id>urn:feed:${unique('a')}</id><link href="https://site.example/ar/"/>
<entry><id>urn:${unique('e')}</id><title type="xhtml"><x:div>عنوان <x:b>أتوم</x:b></x:div></title><link href="news/1"/><updated>2024-03-01T10:00:00+03:00</updated><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>فقرة <strong>مهمة</strong></p></div></content><media:group><media:thumbnail url="/img/a.jpg"/></media:group></entry></feed>`
    const bare = rss(`<item><title>عنوان ورابط فقط</title><link>/news/bare</link></item>`)
    const json = JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'x', home_page_url: 'https://json.example/', items: [{ id: unique('j'), url: 'n/j', content_text: 'خبر بلا عنوان في جيسون', date_published: '2024-03-05T08:00:00Z' }] })
    for (const [body, type] of [[atom, 'application/atom+xml'], [bare, 'application/rss+xml'], [json, 'application/feed+json']] as const) {
      const url = await serve(`/${unique('shape')}`, body, type)
      expect((await pullSource(stores, sourceFor(url, section.slug), null, sections, { now: Date.UTC(2024, 2, 10) })).report).toMatchObject({ created: 1, failed: 0 })
    }
    const items = ((await (await call(`/feeds/${section.slug}/feed.json`)).json()) as any).items
    const byTitle = Object.fromEntries(items.map((i: any) => [i.title, i]))
    expect(Object.keys(byTitle).sort()).toEqual(['خبر بلا عنوان في جيسون', 'عنوان أتوم', 'عنوان ورابط فقط'])
    expect(byTitle['عنوان أتوم'].url).toBe('https://site.example/ar/news/1')
    expect(byTitle['عنوان أتوم'].content_html).toContain('<p>فقرة <strong>مهمة</strong></p>')
    expect(byTitle['عنوان أتوم'].image).toBe('https://site.example/img/a.jpg')
    expect(byTitle['عنوان ورابط فقط'].url).toBe(`${UPSTREAM}/news/bare`)
    expect(byTitle['عنوان ورابط فقط'].content_html).toContain(`<a href="${UPSTREAM}/news/bare">عنوان ورابط فقط</a>`)
    expect(byTitle['خبر بلا عنوان في جيسون'].url).toBe('https://json.example/n/j')
  })
})

describe('pull: never inward, bounded, polite', () => {
  const pull = async (url: string, options: Partial<Parameters<typeof pullSource>[4]> = {}, previous: Parameters<typeof pullSource>[2] = null) => {
    const section = await createSection()
    const source = { id: unique('src'), url, section: section.slug, interval: 15 }
    return pullSource(stores, source, previous, new Map([[section.slug, section]]), { now: Date.UTC(2024, 0, 10, 12), ...options })
  }

  it('refuses an inward URL at fetch time too, and fetches nothing', async () => {
    for (const url of ['http://2130706433/inward-a.xml', 'http://[::ffff:7f00:1]/inward-a.xml', 'http://169.254.169.254/inward-a.xml']) {
      const { report, status } = await pull(url)
      expect(report.outcome).toBe('error')
      expect(status.lastError).toMatch(/^refused: .* upstream sources must be public$/)
    }
    const own = await pull('https://feeds.mawazin.net/inward-a.xml', { self: { hosts: ['feeds.mawazin.net'], tagAuthority: 'mawazin.net,2024' } })
    expect(own.status.lastError).toMatch(/this service itself/)
    expect(await hits('/inward-a.xml')).toBe(0)
  })

  it('checks every redirect hop, and follows at most 5', async () => {
    const inward = await pull(`${UPSTREAM}/to?url=${encodeURIComponent('http://127.0.0.1/api/articles')}`)
    expect(inward.status.lastError).toBe('redirect refused: 127.0.0.1 is a loopback address; upstream sources must be public')
    const self = await pull(`${UPSTREAM}/to?url=${encodeURIComponent('https://feeds.mawazin.net/api/articles')}`, { self: { hosts: ['feeds.mawazin.net'], tagAuthority: 'x,2024' } })
    expect(self.status.lastError).toMatch(/^redirect refused: feeds\.mawazin\.net is this service itself/)
    expect(await hits('/api/articles')).toBe(0)

    const path = `/${unique('hops')}.xml`
    await serve(path, rss(rssItem(1)), 'application/rss+xml')
    expect((await pull(`${UPSTREAM}/hop/5${path}`)).report).toMatchObject({ outcome: 'ok', created: 1 })
    const six = await pull(`${UPSTREAM}/hop/6${path}`)
    expect(six.status.lastError).toBe('more than 5 redirects')
  })

  it('sends Accept-Encoding and reads a gzip upstream decoded', async () => {
    const path = `/${unique('gz')}.xml`
    await serve(path, rss(rssItem(1) + rssItem(2)), 'application/rss+xml', undefined, 'gzip')
    const { report } = await pull(UPSTREAM + path)
    expect(report).toMatchObject({ outcome: 'ok', created: 2 })
    const seen = (await (await fetch(`${UPSTREAM}/__seen?path=${encodeURIComponent(path)}`)).json()) as Record<string, string>
    expect(seen['accept-encoding']).toMatch(/gzip/)
  })

  // Real work: about 10 MiB decoded and counted in all (a 5 MiB cap, twice); not bounded by vitest's 5 s default.
  it('stops reading a gzip bomb and an endless chunked body at the cap, counted in decoded bytes', async () => {
    const produced = async () => (await (await fetch(`${UPSTREAM}/__produced`)).json()) as Record<string, number>
    for (const path of ['/endless.xml', '/bomb.xml']) {
      const { report, status } = await pull(UPSTREAM + path)
      expect(report.outcome).toBe('error')
      expect(status.lastError).toBe('document exceeds 5242880 bytes')
    }
    const sent = await produced()
    // 100 MiB chunked: reading stopped soon after the 5 MiB cap.
    expect(sent['/endless.xml']).toBeLessThan(8 * 1024 * 1024)
    // 250 MiB inflated from about 250 KB: only the first part of the compressed body was read.
    expect(sent.bombBytes).toBeGreaterThan(200_000)
    expect(sent['/bomb.xml']).toBeLessThan((sent.bombBytes ?? 0) / 4)
  })

  it('counts bytes, not characters: an Arabic document over the cap in UTF-8 is refused, declared or chunked', async () => {
    const arabic = rss(`<item><title>خبر</title><link>https://old.example/a</link><guid>a</guid><pubDate>Mon, 01 Jan 2024 10:00:00 +0300</pubDate><description>${'ع'.repeat(600)}</description></item>`)
    const bytes = new TextEncoder().encode(arabic).length
    expect(arabic.length).toBeLessThan(1_500)
    const declared = await serve(`/${unique('ar')}.xml`, arabic, 'application/rss+xml')
    expect((await pull(declared, { limits: { bytes: 1_500 } })).status.lastError).toBe(`document of ${bytes} bytes exceeds 1500`)
    const chunked = await serve(`/${unique('ar')}.xml`, arabic, 'application/rss+xml', undefined, 'chunked')
    expect((await pull(chunked, { limits: { bytes: 1_500 } })).status.lastError).toBe('document exceeds 1500 bytes')
    const fits = await pull(chunked, { limits: { bytes: bytes } })
    expect(fits.report).toMatchObject({ outcome: 'ok', created: 1 })
  })

  it('keeps no upstream validator too long to send back', async () => {
    const url = await serve(`/${unique('etag')}.xml`, rss(rssItem(1)), 'application/rss+xml', `"${'e'.repeat(600)}"`)
    expect((await pull(url)).status.etag).toBeNull()
  })

  it('gives up on a body that stalls past the timeout', async () => {
    const { status } = await pull(`${UPSTREAM}/slow-body.xml`, { limits: { timeoutMs: 200 } })
    expect(status.lastError).toBe('no answer within 200 ms')
  })

  it('honours Retry-After (seconds and HTTP-date) and backs off on repeated failures', async () => {
    const now = Date.UTC(2024, 0, 10, 12)
    const busy = await pull(`${UPSTREAM}/status/429?retry=3600`)
    expect(busy.status).toMatchObject({ lastError: 'upstream answered 429', failures: 1, nextAttempt: now + 3_600_000 })
    const date = await pull(`${UPSTREAM}/status/503?retry=${encodeURIComponent('Wed, 10 Jan 2024 14:30:00 GMT')}`)
    expect(date.status.nextAttempt).toBe(Date.UTC(2024, 0, 10, 14, 30))
    // No Retry-After: the interval, then twice it, then four times (15, 30, 60 minutes).
    let previous: Parameters<typeof pullSource>[2] = null
    const waits: number[] = []
    for (let i = 0; i < 3; i++) {
      previous = (await pull(`${UPSTREAM}/error.xml`, {}, previous)).status
      waits.push(((previous.nextAttempt ?? 0) - now) / 60_000)
    }
    expect(waits).toEqual([15, 30, 60])
    expect(previous?.failures).toBe(3)
    const path = `/${unique('back')}.xml`
    await serve(path, rss(rssItem(1)), 'application/rss+xml')
    expect((await pull(UPSTREAM + path, {}, previous)).status).toMatchObject({ failures: 0, nextAttempt: null })
  })

  it('the cron waits for Retry-After instead of its interval', async () => {
    const section = await createSection()
    const id = unique('src')
    const path = `/status/503/${id}`
    await api('PUT', `/api/sources/${id}`, { url: `${UPSTREAM}${path}?retry=3600`, section: section.slug, interval: 5 })
    const t0 = Date.UTC(2024, 0, 10, 12)
    await runCron(t0)
    expect(await hits(path)).toBe(1)
    await runCron(t0 + 10 * 60_000)
    await runCron(t0 + 55 * 60_000)
    expect(await hits(path)).toBe(1)
    await runCron(t0 + 60 * 60_000)
    expect(await hits(path)).toBe(2)
    await api('DELETE', `/api/sources/${id}`)
  })

  it('the cron refuses a stored source on this service (PUBLIC_URL), whatever was stored before', async () => {
    const section = await createSection()
    const id = unique('src')
    const path = `/${unique('selfstored')}.xml`
    await putSource(testEnv.ARTICLES, { id, url: `https://NASHRA.test.${path}`, section: section.slug, interval: 5 })
    await runCron(Date.UTC(2024, 0, 10, 12))
    expect(((await (await api('GET', `/api/sources/${id}`)).json()) as any).last_error).toBe('refused: nashra.test. is this service itself; upstream sources must be public')
    expect(await hits(path)).toBe(0)
    await api('DELETE', `/api/sources/${id}`)
  })

  it('the cron refuses a stored loopback source unless ALLOW_LOOPBACK_SOURCES is "true"', async () => {
    const section = await createSection()
    const id = unique('src')
    const path = `/${unique('loop')}.xml`
    await serve(path, rss(rssItem(1)), 'application/rss+xml')
    const dev = { ...testEnv, ALLOW_LOOPBACK_SOURCES: 'true' }
    expect((await api('PUT', `/api/sources/${id}`, { url: `http://127.0.0.1${path}`, section: section.slug, interval: 5 }, dev)).status).toBe(201)
    const t0 = Date.UTC(2024, 0, 10, 12)
    await runCron(t0)
    expect(((await (await api('GET', `/api/sources/${id}`)).json()) as any).last_error).toMatch(/^refused: 127\.0\.0\.1 is a loopback address/)
    expect(await hits(path)).toBe(0)
    await runCron(t0 + 20 * 60_000, dev)
    expect(((await (await api('GET', `/api/sources/${id}`)).json()) as any).last_status).toBe('1 created, 0 updated, 0 unchanged, 0 failed')
    await api('DELETE', `/api/sources/${id}`)
  })

  it('one upstream item is one article: a repeated guid keeps the first, and a second pull changes nothing', async () => {
    const url = await serve(`/${unique('dup')}.xml`, rss(rssItem(1) + rssItem(2).replace('old-2', 'old-1')), 'application/rss+xml')
    const section = await createSection()
    const sections = new Map([[section.slug, section]])
    const source = { id: unique('src'), url, section: section.slug, interval: 5 }
    const first = await pullSource(stores, source, null, sections, { now: WRITE_NOW })
    expect(first.report).toMatchObject({ created: 1, skipped: 1, failed: 0 })
    expect(first.status.lastError).toBe('old-1: repeats item 1 of the document (the first is kept)')
    expect(await feedTitles(section.slug)).toEqual(['خبر قديم 1'])
    const second = await pullSource(stores, source, first.status, sections, { now: WRITE_NOW + 1 })
    expect(second.report).toMatchObject({ created: 0, updated: 0, unchanged: 1 })
  })

  it('skips items that are this service own: its feed pulled back adds nothing, run after run', async () => {
    const section = await createSection()
    const article = { id: unique('own'), section: section.slug, title: 'خبر محلي', content: '<p>نص</p>', url: 'https://www.mawazin.net/news/own', published: '2024-02-18T12:13:00+03:00' }
    await api('PUT', `/api/articles/${article.id}`, article)
    const target = await createSection()
    const sections = new Map([[target.slug, target]])
    const self = { hosts: ['feeds.mawazin.net'], tagAuthority: 'mawazin.net,2024' }
    const linked = '<item><title>رابط إلينا</title><link>https://feeds.mawazin.net/feeds/x/rss.xml</link><guid>https://feeds.mawazin.net/feeds/x/rss.xml</guid><pubDate>Mon, 01 Jan 2024 10:00:00 +0300</pubDate></item>'
    for (const format of ['rss.xml', 'atom.xml', 'feed.json']) {
      const own = await (await call(`/feeds/${section.slug}/${format}`)).text()
      const url = await serve(`/${unique('mirror')}-${format}`, own, 'application/xml')
      for (const now of [1, 2]) {
        const { report } = await pullSource(stores, { id: unique('src'), url, section: target.slug, interval: 5 }, null, sections, { now, self })
        expect(report).toMatchObject({ outcome: 'ok', created: 0, skipped: 1 })
      }
    }
    const url = await serve(`/${unique('linked')}.xml`, rss(linked + rssItem(1)), 'application/rss+xml')
    const { report } = await pullSource(stores, { id: unique('src'), url, section: target.slug, interval: 5 }, null, sections, { now: WRITE_NOW, self })
    expect(report).toMatchObject({ created: 1, skipped: 1 })
    expect(await feedTitles(target.slug)).toEqual(['خبر قديم 1'])
  })

  it('bounds last_error in bytes, whatever the upstream sends', async () => {
    const guid = 'ع'.repeat(50_000)
    const items = Array.from({ length: 8 }, (_, n) => `<item><title>عنوان ${n}</title><link>https://old.example/b${n}</link><guid>${guid}</guid><pubDate>Mon, 01 Jan 2024 10:00:00 +0300</pubDate></item>`)
    const url = await serve(`/${unique('big')}.xml`, rss(items.join('')), 'application/rss+xml')
    const { status, report } = await pull(url)
    expect(report.skipped).toBe(7)
    expect(new TextEncoder().encode(status.lastError ?? '').length).toBeLessThanOrEqual(1_000)
    // Each item's key is cut short, so that several items' reasons show.
    expect(status.lastError?.match(/repeats item 1/g)?.length).toBeGreaterThanOrEqual(4)
    expect(status.lastError).not.toContain('\uFFFD')
    const refused = await pull(`http://${'a'.repeat(60)}.${'b'.repeat(1_000)}.localhost/feed.xml`)
    expect(refused.status.lastError).toMatch(/^refused: a{60}\.b+…$/)
    expect(new TextEncoder().encode(refused.status.lastError ?? '').length).toBeLessThanOrEqual(1_000)
  })
})
