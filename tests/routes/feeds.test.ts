import seedPage from '../fixtures/000_6e0e75a60da96bca.txt?raw'
import { describe, expect, it } from 'vitest'
import { parseArticlePage } from '../../src/ingest/article-page'
import { SAMPLE_SECTIONS, seedArticleDraft } from '../../dev/sample-data'
import { purgeAllHere } from '../../src/http/feed-cache'
import { saveArticle } from '../../src/publish/write'
import { getEntry } from '../../src/store/feed-index'
import { articleKey } from '../../src/store/keys'
import { ORIGIN, call, createSection, makeDraft, parseXml, stores, testEnv, textOf, WRITE_NOW } from '../helpers'

const SEED_TITLE = 'زيارة سرية لقاآني الى بغداد تنهي التصعيد الامريكي.. طهران تحذر بغداد من مغبة نيران غضب واشنطن'

async function sectionWithArticles(count: number, name?: string) {
  const section = await createSection(name === undefined ? {} : { name })
  const drafts = Array.from({ length: count }, (_, i) =>
    makeDraft(section.slug, { id: `${section.slug}-a${i}`, title: `خبر رقم ${i}`, published: Date.UTC(2024, 0, 1 + i, 8) }),
  )
  for (const d of drafts) await saveArticle(stores, d, { now: WRITE_NOW })
  return { section, drafts }
}

describe('the seed article in every format', () => {
  it('keeps its exact title, section and date', async () => {
    await createSection(SAMPLE_SECTIONS[0]!)
    const page = parseArticlePage(seedPage)
    const draft = await seedArticleDraft(page, 'https://www.mawazin.net')
    expect(draft.id).toMatch(/^2024-02-18-[0-9a-f]{10}$/)
    await saveArticle(stores, draft, { now: WRITE_NOW })

    const rss = parseXml(await (await call('/feeds/reports/rss.xml')).text())
    const item = rss.rss.channel.item.find((i: any) => textOf(i.guid) === `tag:mawazin.net,2024:article/${draft.id}`)
    expect(item.title).toBe(SEED_TITLE)
    expect(item.pubDate).toBe('Sun, 18 Feb 2024 09:13:00 GMT')
    expect(item.category).toContain('تقارير')
    expect(item['content:encoded']).toContain('<h2>استئناف المحادثات العراقية الأميركية</h2>')
    expect(item['content:encoded']).not.toContain('اخبار ذات الصلة')

    const atom = parseXml(await (await call('/feeds/reports/atom.xml')).text())
    const entry = atom.feed.entry.find((e: any) => e.id === `tag:mawazin.net,2024:article/${draft.id}`)
    expect(textOf(entry.title)).toBe(SEED_TITLE)
    expect(entry.published).toBe('2024-02-18T12:13:00+03:00')
    expect(Date.parse(entry.published)).toBe(Date.parse('2024-02-18T09:13:00Z'))

    const json = (await (await call('/feeds/reports/feed.json')).json()) as any
    const jsonItem = json.items.find((i: any) => i.id === `tag:mawazin.net,2024:article/${draft.id}`)
    expect(jsonItem.title).toBe(SEED_TITLE)
    expect(Date.parse(jsonItem.date_published)).toBe(Date.parse('2024-02-18T09:13:00Z'))
  })
})

describe('GET /feeds/{section}/rss.xml', () => {
  it('serves RSS 2.0 with the feed and item fields readers need', async () => {
    const { section } = await sectionWithArticles(3)
    const res = await call(`/feeds/${section.slug}/rss.xml`)
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toBe('application/rss+xml; charset=utf-8')
    expect(res.headers.get('Content-Language')).toBe('ar')
    const xml = await res.text()
    const { rss } = parseXml(xml)
    expect(rss['@_version']).toBe('2.0')
    const channel = rss.channel
    expect(channel.title).toBe(`${section.name} — موازين نيوز`)
    expect(channel.link).toBe(`https://www.mawazin.net/sections/${section.slug}`)
    expect(channel.language).toBe('ar')
    expect(channel.ttl).toBe('5')
    expect(channel.lastBuildDate).toBe('Wed, 03 Jan 2024 08:00:00 GMT')
    const links = channel['atom:link'].map((l: any) => [l['@_rel'], l['@_type'], l['@_href']])
    expect(links).toEqual([
      ['self', 'application/rss+xml', `${ORIGIN}/feeds/${section.slug}/rss.xml`],
      ['alternate', 'application/atom+xml', `${ORIGIN}/feeds/${section.slug}/atom.xml`],
      ['alternate', 'application/feed+json', `${ORIGIN}/feeds/${section.slug}/feed.json`],
      // RFC 5005: one page only (first, no next), and the newest monthly archive that has entries.
      ['first', 'application/rss+xml', `${ORIGIN}/feeds/${section.slug}/rss.xml`],
      ['prev-archive', 'application/rss+xml', `${ORIGIN}/feeds/${section.slug}/archive/2024-01/rss.xml`],
    ])
    expect(channel.item.map((i: any) => i.title)).toEqual(['خبر رقم 2', 'خبر رقم 1', 'خبر رقم 0'])
    const item = channel.item[0]
    expect(item.guid['@_isPermaLink']).toBe('false')
    expect(textOf(item.guid)).toBe(`tag:mawazin.net,2024:article/${section.slug}-a2`)
    expect(item['dc:creator']).toEqual(['علي حسين'])
    expect(item['content:encoded'].startsWith('<div dir="rtl" lang="ar">')).toBe(true)
    // Only the namespaces used are declared: no images, so no media:.
    expect(xml).not.toContain('xmlns:media')
    expect(xml).toContain('xmlns:dc=')
  })

  it('carries the lead image as enclosure, media:content and media:thumbnail', async () => {
    const section = await createSection()
    const image = { url: 'https://cdn.example/a.jpg', type: 'image/jpg', length: 48213, width: 1200, height: 675, caption: 'تعليق الصورة', credit: 'رويترز' }
    await saveArticle(stores, makeDraft(section.slug, { image }), { now: WRITE_NOW })
    const { rss } = parseXml(await (await call(`/feeds/${section.slug}/rss.xml`)).text())
    const item = rss.channel.item[0]
    expect(item.enclosure).toMatchObject({ '@_url': image.url, '@_length': '48213', '@_type': 'image/jpeg' })
    expect(item['media:content']).toMatchObject({ '@_url': image.url, '@_width': '1200', '@_height': '675', '@_medium': 'image' })
    expect(textOf(item['media:content']['media:description'])).toBe('تعليق الصورة')
    expect(item['media:content']['media:credit']).toBe('رويترز')
    expect(item['media:thumbnail']).toMatchObject({ '@_url': image.url, '@_width': '1200' })
  })
})

describe('format parity', () => {
  it('gives the same items, ids, dates, authors, categories and image in RSS, Atom and JSON Feed', async () => {
    const section = await createSection()
    const image = { url: 'https://cdn.example/b.png', type: 'image/png', length: 1000, width: 800, height: 600, caption: 'c', credit: 'r' }
    await saveArticle(stores, makeDraft(section.slug, {
      id: `${section.slug}-x`,
      title: 'Mixed عربي &amp; &lt;English&gt; 🎉',
      authors: [{ name: 'زينب' }, { name: 'Omar' }],
      tags: ['نفط', 'طاقة'],
      published: Date.UTC(2024, 4, 1, 6, 0),
      updated: Date.UTC(2024, 4, 2, 7, 30),
      url: 'https://www.mawazin.net/news/12/خبر عاجل',
      image,
    }), { now: WRITE_NOW })
    const rss = parseXml(await (await call(`/feeds/${section.slug}/rss.xml`)).text()).rss.channel.item[0]
    const atom = parseXml(await (await call(`/feeds/${section.slug}/atom.xml`)).text()).feed.entry[0]
    const json = ((await (await call(`/feeds/${section.slug}/feed.json`)).json()) as any).items[0]

    const id = `tag:mawazin.net,2024:article/${section.slug}-x`
    expect([textOf(rss.guid), atom.id, json.id]).toEqual([id, id, id])
    const title = 'Mixed عربي & <English> 🎉'
    expect([rss.title, textOf(atom.title), json.title]).toEqual([title, title, title])
    const url = 'https://www.mawazin.net/news/12/%D8%AE%D8%A8%D8%B1%20%D8%B9%D8%A7%D8%AC%D9%84'
    expect([rss.link, atom.link[0]['@_href'], json.url]).toEqual([url, url, url])
    expect(Date.parse(rss.pubDate)).toBe(Date.UTC(2024, 4, 1, 6, 0))
    expect(Date.parse(atom.published)).toBe(Date.UTC(2024, 4, 1, 6, 0))
    expect(Date.parse(json.date_published)).toBe(Date.UTC(2024, 4, 1, 6, 0))
    expect(Date.parse(rss['dcterms:modified'])).toBe(Date.UTC(2024, 4, 2, 7, 30))
    expect(Date.parse(atom.updated)).toBe(Date.UTC(2024, 4, 2, 7, 30))
    expect(Date.parse(json.date_modified)).toBe(Date.UTC(2024, 4, 2, 7, 30))
    expect(rss['dc:creator']).toEqual(['زينب', 'Omar'])
    expect(atom.author.map((a: any) => a.name)).toEqual(['زينب', 'Omar'])
    expect(json.authors.map((a: any) => a.name)).toEqual(['زينب', 'Omar'])
    const categories = [section.name, 'نفط', 'طاقة']
    expect(rss.category).toEqual(categories)
    expect(atom.category.map((c: any) => c['@_term'])).toEqual(categories)
    expect(json.tags).toEqual(categories)
    expect(rss.description).toBe(textOf(atom.summary))
    expect(json.summary).toBe(rss.description)
    expect(rss['content:encoded']).toBe(textOf(atom.content))
    expect(json.content_html).toBe(rss['content:encoded'])
    expect(atom.link[1]).toMatchObject({ '@_rel': 'enclosure', '@_type': 'image/png', '@_length': '1000', '@_href': image.url })
    expect(json.image).toBe(image.url)
    expect(json.attachments).toEqual([{ url: image.url, mime_type: 'image/png', title: 'c', size_in_bytes: 1000 }])
  })

  it('serves Atom with xml:lang, self link, author, icon and logo', async () => {
    const { section } = await sectionWithArticles(1)
    const res = await call(`/feeds/${section.slug}/atom.xml`)
    expect(res.headers.get('Content-Type')).toBe('application/atom+xml; charset=utf-8')
    const { feed } = parseXml(await res.text())
    expect(feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom')
    expect(feed['@_xml:lang']).toBe('ar')
    expect(feed.id).toBe(`tag:mawazin.net,2024:feed/${section.slug}`)
    expect(feed.updated).toBe('2024-01-01T11:00:00+03:00')
    expect(feed.link.find((l: any) => l['@_rel'] === 'self')['@_href']).toBe(`${ORIGIN}/feeds/${section.slug}/atom.xml`)
    expect(feed.author[0].name).toBe('موازين نيوز')
    expect(feed.icon).toBe('https://www.mawazin.net/favicon.ico')
    expect(feed.logo).toBe('https://www.mawazin.net/logo.png')
    expect(textOf(feed.generator)).toBe('Nashra')
  })

  it('serves JSON Feed 1.1 exactly', async () => {
    const { section } = await sectionWithArticles(2)
    const res = await call(`/feeds/${section.slug}/feed.json?limit=1`)
    expect(res.headers.get('Content-Type')).toBe('application/feed+json; charset=utf-8')
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*')
    const json = (await res.json()) as any
    expect(json.version).toBe('https://jsonfeed.org/version/1.1')
    expect(json.language).toBe('ar')
    expect(json.feed_url).toBe(`${ORIGIN}/feeds/${section.slug}/feed.json?limit=1`)
    expect(json.home_page_url).toBe(`https://www.mawazin.net/sections/${section.slug}`)
    expect(json.authors).toEqual([{ name: 'موازين نيوز', url: 'https://www.mawazin.net/' }])
    expect(json.author).toBeUndefined()
    expect(json.items).toHaveLength(1)
    expect(json._nashra.alternates.map((a: any) => a.type)).toEqual(['application/rss+xml', 'application/atom+xml'])
  })
})

describe('limit', () => {
  it('defaults to 20 and takes 1 to 100', async () => {
    const { section } = await sectionWithArticles(25)
    const all = (await (await call(`/feeds/${section.slug}/feed.json`)).json()) as any
    expect(all.items).toHaveLength(20)
    const five = (await (await call(`/feeds/${section.slug}/feed.json?limit=5`)).json()) as any
    expect(five.items.map((i: any) => i.title)).toEqual(['خبر رقم 24', 'خبر رقم 23', 'خبر رقم 22', 'خبر رقم 21', 'خبر رقم 20'])
  })

  it.each(['0', '101', 'abc', '5.5', '-1', ''])('answers limit=%s with a 400 problem naming limit', async (value) => {
    const section = await createSection()
    const res = await call(`/feeds/${section.slug}/rss.xml?limit=${value}`)
    expect(res.status).toBe(400)
    expect(res.headers.get('Content-Type')).toBe('application/problem+json')
    const body = (await res.json()) as any
    expect(body.status).toBe(400)
    expect(body.title).toBe('Invalid query')
    expect(body.errors).toHaveLength(1)
    expect(body.errors[0].parameter).toBe('limit')
  })

  it('rejects a repeated limit', async () => {
    const section = await createSection()
    const res = await call(`/feeds/${section.slug}/atom.xml?limit=5&limit=6`)
    expect(res.status).toBe(400)
  })
})

describe('section names in the URL', () => {
  async function arabicSection() {
    const name = unique2()
    return createSection({ name })
  }
  let n = 0
  function unique2(): string {
    n += 1
    return `آراء ${'ا'.repeat(n)}`
  }

  it('redirects the Arabic name, raw or percent-encoded, to the slug URL with the query kept', async () => {
    const section = await arabicSection()
    for (const path of [`/feeds/${section.name}/atom.xml?limit=5`, `/feeds/${encodeURIComponent(section.name)}/atom.xml?limit=5`]) {
      const res = await call(path)
      expect(res.status).toBe(301)
      expect(res.headers.get('Location')).toBe(`${ORIGIN}/feeds/${section.slug}/atom.xml?limit=5`)
    }
  })

  it('finds the name in any Unicode normalization form', async () => {
    const section = await arabicSection()
    const nfd = section.name.normalize('NFD')
    expect(nfd).not.toBe(section.name)
    const res = await call(`/feeds/${encodeURIComponent(nfd)}/feed.json`)
    expect(res.status).toBe(301)
    expect(res.headers.get('Location')).toBe(`${ORIGIN}/feeds/${section.slug}/feed.json`)
  })

  it('answers an unknown section with a 404 problem, slug or name', async () => {
    for (const path of ['/feeds/no-such-section/rss.xml', `/feeds/${encodeURIComponent('لا يوجد')}/rss.xml`]) {
      const res = await call(path)
      expect(res.status).toBe(404)
      expect(res.headers.get('Content-Type')).toBe('application/problem+json')
      expect(((await res.json()) as any).title).toBe('Unknown section')
    }
  })
})

describe('HTTP caching', () => {
  it('sends a strong ETag, Last-Modified, Cache-Control, Vary and Link', async () => {
    const { section } = await sectionWithArticles(2)
    const res = await call(`/feeds/${section.slug}/atom.xml`)
    expect(res.headers.get('ETag')).toMatch(/^"atom-[0-9a-f]{32}"$/)
    // The scope's last change: the clock of the write (WRITE_NOW), later than the articles' own dates (January 2024).
    expect(res.headers.get('Last-Modified')).toBe('Thu, 01 Jan 2026 00:00:00 GMT')
    // The document's own date is still its newest item's.
    expect(parseXml(await res.text()).feed.updated).toBe('2024-01-02T11:00:00+03:00')
    expect(res.headers.get('Cache-Control')).toBe('public, max-age=300, stale-while-revalidate=600')
    expect(res.headers.get('Vary')).toBe('Accept-Encoding')
    const link = res.headers.get('Link') ?? ''
    expect(link).toContain(`<${ORIGIN}/feeds/${section.slug}/atom.xml>; rel="self"; type="application/atom+xml"`)
    expect(link).toContain(`<${ORIGIN}/feeds/${section.slug}/rss.xml>; rel="alternate"; type="application/rss+xml"`)
  })

  it('gives the same bytes and ETag for the same data, and a new ETag after an edit', async () => {
    const { section, drafts } = await sectionWithArticles(2)
    const a = await call(`/feeds/${section.slug}/rss.xml`)
    const b = await call(`/feeds/${section.slug}/rss.xml`)
    expect(await a.text()).toBe(await b.text())
    expect(a.headers.get('ETag')).toBe(b.headers.get('ETag'))
    const other = await call(`/feeds/${section.slug}/atom.xml`)
    expect(other.headers.get('ETag')).not.toBe(a.headers.get('ETag'))
    expect(a.headers.get('Last-Modified')).toBe('Thu, 01 Jan 2026 00:00:00 GMT')
    // An edit a day later: Last-Modified is when it was made, not the (older) update time the article states.
    await saveArticle(stores, { ...drafts[0]!, title: 'عنوان معدل', updated: Date.UTC(2024, 5, 1) }, { now: WRITE_NOW + 86_400_000 })
    purgeAllHere() // as the API's write routes do
    const c = await call(`/feeds/${section.slug}/rss.xml`)
    expect(c.headers.get('ETag')).not.toBe(a.headers.get('ETag'))
    expect(c.headers.get('Last-Modified')).toBe('Fri, 02 Jan 2026 00:00:00 GMT')
    expect(parseXml(await c.text()).rss.channel.lastBuildDate).toBe('Sat, 01 Jun 2024 00:00:00 GMT')
  })

  it('answers If-None-Match (weak comparison, lists) with 304 keeping the caching headers', async () => {
    const { section } = await sectionWithArticles(1)
    const first = await call(`/feeds/${section.slug}/feed.json`)
    const etag = first.headers.get('ETag')!
    for (const header of [etag, `W/${etag}`, `"nope", ${etag}`, '*']) {
      const res = await call(`/feeds/${section.slug}/feed.json`, { headers: { 'If-None-Match': header } })
      expect(res.status).toBe(304)
      expect(await res.text()).toBe('')
      expect(res.headers.get('ETag')).toBe(etag)
      expect(res.headers.get('Cache-Control')).toBe('public, max-age=300, stale-while-revalidate=600')
      expect(res.headers.get('Vary')).toBe('Accept-Encoding')
    }
    const miss = await call(`/feeds/${section.slug}/feed.json`, { headers: { 'If-None-Match': '"other"' } })
    expect(miss.status).toBe(200)
  })

  it('lets If-None-Match take precedence over If-Modified-Since', async () => {
    const { section } = await sectionWithArticles(1)
    const res = await call(`/feeds/${section.slug}/rss.xml`, {
      headers: { 'If-None-Match': '"stale"', 'If-Modified-Since': 'Fri, 01 Jan 2100 00:00:00 GMT' },
    })
    expect(res.status).toBe(200)
  })

  it('compares If-Modified-Since as a date, in any format a reader sends', async () => {
    const { section } = await sectionWithArticles(1) // last modified at the write: 2026-01-01T00:00:00Z
    const path = `/feeds/${section.slug}/rss.xml`
    const cases: [string, number][] = [
      ['Thu, 01 Jan 2026 00:00:00 GMT', 304],
      ['Thursday, 01-Jan-26 00:00:00 GMT', 304],
      ['Thu Jan  1 00:00:00 2026', 304],
      ['Thu, 01 Jan 2026 03:00:00 +0300', 304],
      ['Fri, 02 Jan 2026 00:00:00 GMT', 304],
      ['Wed, 31 Dec 2025 23:59:59 GMT', 200],
      // The article's own date: the write came later.
      ['Mon, 01 Jan 2024 08:00:00 GMT', 200],
      ['not a date', 200],
    ]
    for (const [header, status] of cases) {
      const res = await call(path, { headers: { 'If-Modified-Since': header } })
      expect([header, res.status]).toEqual([header, status])
    }
  })
})

describe('eventual consistency', () => {
  it('promises no validator while a version the index names has not reached this data centre', async () => {
    const { section, drafts } = await sectionWithArticles(2)
    const newest = drafts[1]!
    // As if KV had not yet caught up: the index names a version whose record this data centre lacks.
    const entry = (await getEntry(stores.db, newest.id))!
    expect(await testEnv.ARTICLES.get(articleKey(newest.id, entry.version))).not.toBeNull()
    await testEnv.ARTICLES.delete(articleKey(newest.id, entry.version))
    const res = await call(`/feeds/${section.slug}/feed.json`)
    expect(res.status).toBe(200)
    expect(res.headers.get('ETag')).toBeNull()
    expect(res.headers.get('Last-Modified')).toBeNull()
    expect(res.headers.get('Cache-Control')).toBe('no-cache')
    // What is there is served; the missing version is left out, not shown as another one.
    expect(((await res.json()) as any).items.map((i: any) => i.title)).toEqual(['خبر رقم 0'])
  })
})

describe('HEAD', () => {
  it('answers like GET without a body', async () => {
    const { section } = await sectionWithArticles(1)
    const get = await call(`/feeds/${section.slug}/atom.xml`)
    const head = await call(`/feeds/${section.slug}/atom.xml`, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers.get('ETag')).toBe(get.headers.get('ETag'))
    expect(head.headers.get('Content-Type')).toBe('application/atom+xml; charset=utf-8')
    expect(await head.text()).toBe('')
    expect((await call('/feeds', { method: 'HEAD' })).status).toBe(200)
    expect((await call('/feeds/none-here/rss.xml', { method: 'HEAD' })).status).toBe(404)
  })
})

describe('GET /feeds', () => {
  it('lists sections with names, descriptions and feed URLs', async () => {
    const section = await createSection({ name: 'اقتصاد', description: 'النفط والأسواق', order: 0 })
    const res = await call('/feeds')
    expect(res.status).toBe(200)
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*')
    const body = (await res.json()) as any
    expect(body.language).toBe('ar')
    expect(body.feeds.atom).toBe(`${ORIGIN}/feeds/atom.xml`)
    const listed = body.sections.find((s: any) => s.slug === section.slug)
    expect(listed).toEqual({
      slug: section.slug,
      name: 'اقتصاد',
      description: 'النفط والأسواق',
      home_page_url: `https://www.mawazin.net/sections/${section.slug}`,
      feeds: {
        rss: `${ORIGIN}/feeds/${section.slug}/rss.xml`,
        atom: `${ORIGIN}/feeds/${section.slug}/atom.xml`,
        json: `${ORIGIN}/feeds/${section.slug}/feed.json`,
      },
    })
  })
})

describe('unknown paths', () => {
  it('answer a 404 problem, not HTML', async () => {
    const res = await call('/nothing/here')
    expect(res.status).toBe(404)
    expect(res.headers.get('Content-Type')).toBe('application/problem+json')
  })
})
