import { beforeAll, describe, expect, it } from 'vitest'
import { decodeEntities } from '../../src/model/text'
import { SITE_STYLE_PATH } from '../../src/views/font-files'
import { SAMPLE_SECTIONS } from '../../dev/sample-data'
import { saveArticle } from '../../src/publish/write'
import { ORIGIN, WRITE_NOW, call, createSection, makeDraft, parseXml, testEnv, unique , stores } from '../helpers'

/** Elements matching `selector`, with their attributes and text, read by workerd's own HTML parser. */
async function select(html: string, selector: string): Promise<{ attrs: Record<string, string>; text: string }[]> {
  const found: { attrs: Record<string, string>; text: string }[] = []
  await new HTMLRewriter()
    .on(selector, {
      element(el) {
        // HTMLRewriter gives attribute values as written: decode the references our escaping makes.
        found.push({ attrs: Object.fromEntries([...el.attributes].map(([k, v]) => [k, decodeEntities(v ?? "")])), text: '' })
      },
      text(chunk) {
        const last = found.at(-1)
        if (last) last.text += chunk.text
      },
    })
    .transform(new Response(html))
    .text()
  return found
}

const sections = SAMPLE_SECTIONS.slice(0, 3)

beforeAll(async () => {
  for (const s of sections) await createSection(s)
  for (const [i, s] of sections.entries()) {
    for (let n = 0; n < 7; n++) {
      await saveArticle(stores, makeDraft(s.slug, {
        id: `${s.slug}-page-${n}`,
        title: `${s.name}: خبر ${n}`,
        summary: `ملخص الخبر ${n}`,
        published: Date.UTC(2024, 1, 18, 9, 13) - (i * 7 + n) * 3_600_000,
        image: n % 2 ? undefined : { url: `https://www.mawazin.net/images/${s.slug}-${n}.jpg`, type: 'image/jpeg', length: 1000, width: 1200, height: 675, caption: 'صورة' },
      }), { now: WRITE_NOW })
    }
  }
})

describe('GET / (the feed directory)', () => {
  it('is Arabic, right to left, with every feed discoverable, copyable and five headlines a section', async () => {
    const res = await call('/')
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toBe('text/html; charset=utf-8')
    const html = await res.text()
    const [root] = await select(html, 'html')
    expect(root!.attrs).toMatchObject({ lang: 'ar', dir: 'rtl' })
    const alternates = await select(html, 'link[rel="alternate"]')
    expect(alternates).toHaveLength(3 * (1 + sections.length))
    expect(alternates.map((l) => l.attrs.href)).toContain(`${ORIGIN}/feeds/reports/atom.xml`)
    expect(alternates.find((l) => l.attrs.href === `${ORIGIN}/feeds/reports/feed.json`)!.attrs.type).toBe('application/feed+json')
    const buttons = await select(html, 'button.copy')
    expect(buttons.map((b) => b.attrs['data-copy'])).toEqual(expect.arrayContaining([`${ORIGIN}/feeds/reports/rss.xml`, `${ORIGIN}/feeds/rss.xml`]))
    for (const s of sections) {
      const headlines = await select(html, `#section-${s.slug} .headlines li a`)
      expect(headlines.map((h) => h.text)).toEqual([0, 1, 2, 3, 4].map((n) => `${s.name}: خبر ${n}`))
      expect((await select(html, `#section-${s.slug} p`))[0]!.text).toBe(s.description)
    }
    expect((await select(html, 'a[href$="/feeds.opml"]')).length).toBeGreaterThan(0)
    expect(html).toContain('18 شباط 2024، 12:13')
    expect(res.headers.get('Content-Security-Policy')).toContain("script-src 'self'")
  })

  it('shows every feed URL whole, and names each copy button by its feed and format', async () => {
    const html = await (await call('/')).text()
    const urls = await select(html, '.feeds .url')
    const buttons = await select(html, 'button.copy')
    expect(urls).toHaveLength(3 * (1 + sections.length))
    expect(urls.map((u) => u.text)).toEqual(buttons.map((b) => b.attrs['data-copy']))
    const names = buttons.map((b) => b.attrs['aria-label']!)
    expect(new Set(names).size).toBe(names.length)
    expect(names).toContain('نسخ رابط Atom لخلاصة تقارير — موازين نيوز')
    expect(names).toContain('نسخ رابط RSS 2.0 لخلاصة موازين نيوز — كل الأقسام')
    expect(await select(html, 'footer a[href$="/feeds.opml"]')).toHaveLength(1)
    expect((await select(html, 'link[rel="icon"]'))[0]!.attrs.href).toBe('/favicon.ico')
  })

  it('puts the sections to jump to first, headlines before feed URLs, and one «اشترك» per section that opens the readers and the URLs', async () => {
    const html = await (await call('/')).text()
    // A skip link first, to <main>.
    const links = await select(html, 'a')
    expect(links[0]!.attrs).toMatchObject({ class: 'skip', href: '#main' })
    expect(await select(html, 'main#main')).toHaveLength(1)
    const jumps = (await select(html, 'nav.jump a')).map((a) => a.attrs.href)
    expect(jumps).toEqual(expect.arrayContaining(sections.map((s) => `#section-${s.slug}`)))
    expect(jumps.at(-1)).toBe('#site-feeds')
    for (const s of sections) {
      expect(await select(html, `#section-${s.slug} details.subscribe`)).toHaveLength(1)
      // In the card's order: headlines, then the subscribe control holding the URLs.
      const card = html.slice(html.indexOf(`id="section-${s.slug}"`))
      expect(card.indexOf('class="headlines"')).toBeLessThan(card.indexOf('class="subscribe"'))
      const rss = `${ORIGIN}/feeds/${s.slug}/rss.xml`
      const readers = (await select(html, `#section-${s.slug} .readers a`)).map((a) => a.attrs.href)
      expect(readers).toEqual([
        `https://feedly.com/i/subscription/feed/${encodeURIComponent(rss)}`,
        `https://www.inoreader.com/?add_feed=${encodeURIComponent(rss)}`,
        `feed:${rss}`,
      ])
      // The URLs are links.
      expect((await select(html, `#section-${s.slug} a.url`)).map((a) => a.attrs.href)).toEqual([rss, `${ORIGIN}/feeds/${s.slug}/atom.xml`, `${ORIGIN}/feeds/${s.slug}/feed.json`])
    }
    // A thumbnail where there is a lead image (decorative: the headline beside it says it), none where not.
    const thumbs = await select(html, '#section-reports .headlines img.thumb')
    expect(thumbs.map((t) => t.attrs.src)).toEqual([0, 2, 4].map((n) => `https://www.mawazin.net/images/reports-${n}.jpg`))
    expect(thumbs.every((t) => t.attrs.alt === '')).toBe(true)
    // The copy confirmation is said in a live region.
    expect(await select(html, '[role="status"]#copy-status')).toHaveLength(1)
  })

  it('describes itself to search engines and link previews, and loads its own typeface', async () => {
    const res = await call('/')
    const html = await res.text()
    const meta = async (selector: string) => (await select(html, selector))[0]?.attrs.content
    expect(await meta('meta[name="description"]')).toBe(`تابِع أخبار موازين نيوز في قارئ الخلاصات: ${sections.map((s) => s.name).join('، ')}. بصيغ RSS وAtom وJSON Feed.`)
    expect(await meta('meta[property="og:title"]')).toBe('خلاصات موازين نيوز')
    expect(await meta('meta[property="og:url"]')).toBe(`${ORIGIN}/`)
    expect(await meta('meta[property="og:site_name"]')).toBe('موازين نيوز')
    expect(await meta('meta[property="og:locale"]')).toBe('ar_IQ')
    expect(await meta('meta[name="color-scheme"]')).toBe('light dark')
    // The style sheet (dark colours too) is a static asset: tests/views/static-assets.node.test.ts reads it.
    expect((await select(html, 'link[rel="stylesheet"]')).map((l) => l.attrs.href)).toEqual([SITE_STYLE_PATH])
    expect(await select(html, 'style')).toHaveLength(0)
    const preloads = (await select(html, 'link[rel="preload"]')).map((l) => l.attrs)
    expect(preloads.map((l) => l.href)).toEqual(['/fonts/noto-naskh-arabic-arabic.2a10d33e1f.woff2', '/fonts/noto-naskh-arabic-latin.2a30d48ddf.woff2'])
    expect(preloads.every((l) => l.as === 'font' && l.type === 'font/woff2' && l.crossorigin === 'anonymous')).toBe(true)
    expect(res.headers.get('Content-Security-Policy')).toContain("font-src 'self'")
    const section = await (await call('/sections/reports')).text()
    expect((await select(section, 'meta[name="description"]'))[0]!.attrs.content).toBe(`${sections[0]!.description} — أخبار تقارير — موازين نيوز وخلاصاتها بصيغ RSS وAtom وJSON Feed.`)
    expect((await select(section, 'meta[property="og:url"]'))[0]!.attrs.content).toBe(`${ORIGIN}/sections/reports`)
  })

  it('serves /favicon.ico as an icon', async () => {
    const res = await call('/favicon.ico')
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toBe('image/x-icon')
    const bytes = new Uint8Array(await res.arrayBuffer())
    // ICONDIR: reserved 0, type 1 (icon), one image of 32×32.
    expect([...bytes.slice(0, 8)]).toEqual([0, 0, 1, 0, 1, 0, 32, 32])
    expect(bytes.length).toBe(6 + 16 + 40 + 32 * 32 * 4 + 32 * 4)
  })
})

describe('GET /sections/{slug}', () => {
  it('previews the feed: headlines, Arabic dates, summaries, lead images, and how to subscribe', async () => {
    const res = await call('/sections/reports')
    expect(res.status).toBe(200)
    const html = await res.text()
    const titles = await select(html, '.item h3 a')
    expect(titles).toHaveLength(7)
    expect(titles[0]!.text).toBe('تقارير: خبر 0')
    expect((await select(html, '.item time'))[0]!.text).toBe('18 شباط 2024، 12:13')
    expect((await select(html, '.item img')).map((i) => i.attrs.src)[0]).toBe('https://www.mawazin.net/images/reports-0.jpg')
    expect(html).toContain('ملخص الخبر 0')
    expect((await select(html, 'button.copy')).map((b) => b.attrs['data-copy'])).toEqual([
      `${ORIGIN}/feeds/reports/rss.xml`, `${ORIGIN}/feeds/reports/atom.xml`, `${ORIGIN}/feeds/reports/feed.json`,
    ])
    expect(html).toContain('كيف تشترك')
    expect((await select(html, '.item .byline'))[0]!.text).toBe('علي حسين')
    expect(await select(html, 'nav.pages a')).toHaveLength(0)
    expect((await select(html, 'footer a')).map((a) => a.attrs.href)).toEqual(expect.arrayContaining([`${ORIGIN}/`, `${ORIGIN}/feeds.opml`]))
    expect((await select(html, 'header a')).map((a) => a.attrs.href)).toContain('https://www.mawazin.net/sections/reports')
  })

  it('names the publication where an item has no byline', async () => {
    const s = await createSection({ name: 'بلا كاتب' })
    await saveArticle(stores, makeDraft(s.slug, { authors: [] }), { now: WRITE_NOW })
    const html = await (await call(`/sections/${s.slug}`)).text()
    expect((await select(html, '.item .byline')).map((b) => b.text)).toEqual(['موازين نيوز'])
  })

  it('pages to older items with the feed\'s page tokens, and links every month that has articles', async () => {
    const s = await createSection({ name: 'أرشيف' })
    // Two days apart, back from 18 February 2024 to 1 January; and one in March 2023, months before the others.
    for (let n = 0; n < 25; n++) {
      await saveArticle(stores, makeDraft(s.slug, { id: unique(`old-${n}`), title: `خبر ${n}`, published: Date.UTC(2024, 1, 18, 9, 13) - n * 2 * 86_400_000 }), { now: WRITE_NOW })
    }
    await saveArticle(stores, makeDraft(s.slug, { id: unique('old-25'), title: 'خبر 25', published: Date.UTC(2023, 2, 10) }), { now: WRITE_NOW })
    const first = await (await call(`/sections/${s.slug}`)).text()
    expect(await select(first, '.item h3 a')).toHaveLength(20)
    const [older] = await select(first, 'nav.pages a[rel="next"]')
    expect(older!.attrs.href).toMatch(new RegExp(`^${ORIGIN}/sections/${s.slug}\\?page=[A-Za-z0-9_-]+$`))
    const second = await (await call(older!.attrs.href!.slice(ORIGIN.length))).text()
    expect((await select(second, '.item h3 a')).map((a) => a.text)).toEqual([20, 21, 22, 23, 24, 25].map((n) => `خبر ${n}`))
    // Page 2 has its own title and canonical URL, and leaves how to subscribe to page 1.
    expect((await select(first, 'title'))[0]!.text).toBe('أرشيف — موازين نيوز')
    expect((await select(second, 'title'))[0]!.text).toBe('أرشيف — الصفحة 2 — موازين نيوز')
    expect((await select(second, 'link[rel="canonical"]'))[0]!.attrs.href).toBe(older!.attrs.href)
    expect((await select(first, 'link[rel="canonical"]'))[0]!.attrs.href).toBe(`${ORIGIN}/sections/${s.slug}`)
    expect(await select(first, '#subscribe')).toHaveLength(1)
    expect(await select(second, '#subscribe')).toHaveLength(0)
    expect(await select(second, 'button.copy')).toHaveLength(0)
    expect(second).not.toContain('كيف تشترك')
    expect((await select(second, 'nav.pages a[rel="first"]'))[0]!.attrs.href).toBe(`${ORIGIN}/sections/${s.slug}`)
    expect(await select(second, 'nav.pages a[rel="next"]')).toHaveLength(0)

    // The months the index counts, newest first, in every format: none of the empty months between, none before.
    const archives = (await select(first, '#archives a')).map((a) => a.attrs.href!)
    const months = ['2024-02', '2024-01', '2023-03']
    expect(archives).toEqual(months.flatMap((m) => ['rss.xml', 'atom.xml', 'feed.json'].map((f) => `${ORIGIN}/feeds/${s.slug}/archive/${m}/${f}`)))
    // Each holds entries.
    for (const href of archives.filter((a) => a.endsWith('feed.json'))) {
      const res = await call(href.slice(ORIGIN.length))
      expect(res.status).toBe(200)
      expect(((await res.json()) as any).items.length, href).toBeGreaterThan(0)
    }
  })

  it('refuses a page token that is not this section\'s', async () => {
    const html = await (await call('/sections/reports')).text()
    expect(await select(html, 'nav.pages a')).toHaveLength(0)
    for (const token of ['nonsense', btoa(JSON.stringify({ s: 'local', o: 20 }))]) {
      const res = await call(`/sections/reports?page=${token}`)
      expect(res.status).toBe(400)
      expect(((await res.json()) as any).errors[0].parameter).toBe('page')
    }
  })

  it('redirects an Arabic name and answers an unknown section with a 404 page', async () => {
    const res = await call(`/sections/${encodeURIComponent('تقارير')}`)
    expect(res.status).toBe(301)
    expect(res.headers.get('Location')).toBe(`${ORIGIN}/sections/reports`)
    const missing = await call('/sections/none-such')
    expect(missing.status).toBe(404)
    expect(missing.headers.get('Content-Type')).toBe('text/html; charset=utf-8')
    const html = await missing.text()
    expect((await select(html, 'main h1'))[0]!.text).toBe('غير موجود')
    expect(await select(html, 'link[rel="canonical"]')).toHaveLength(0)
  })
})

describe('GET /feeds.opml', () => {
  it('lists every feed in OPML 2.0 with Arabic titles', async () => {
    const res = await call('/feeds.opml')
    expect(res.headers.get('Content-Type')).toBe('text/x-opml; charset=utf-8')
    const { opml } = parseXml(await res.text())
    expect(opml['@_version']).toBe('2.0')
    expect(opml.head.title).toBe('خلاصات موازين نيوز')
    const outlines = [opml.body.outline].flat()
    expect(outlines[0]).toMatchObject({ '@_type': 'rss', '@_text': 'موازين نيوز', '@_xmlUrl': `${ORIGIN}/feeds/rss.xml` })
    // Other tests in this file add sections of their own.
    expect(outlines.slice(1).map((o: any) => o['@_text'])).toEqual(expect.arrayContaining(sections.map((s) => `${s.name} — موازين نيوز`)))
    expect(outlines.every((o: any) => o['@_xmlUrl'].startsWith(`${ORIGIN}/feeds/`))).toBe(true)
    // htmlUrl: the section's page on the publisher's site, as the feed's own <link> says.
    const reports = outlines.find((o: any) => o['@_xmlUrl'] === `${ORIGIN}/feeds/reports/rss.xml`)
    expect(reports['@_htmlUrl']).toBe('https://www.mawazin.net/sections/reports')
    const { rss } = parseXml(await (await call('/feeds/reports/rss.xml')).text())
    expect(rss.channel.link).toBe(reports['@_htmlUrl'])
  })
})

describe('partners', () => {
  it('GET /embed/{section} is a framable, script-free headline list', async () => {
    const res = await call('/embed/reports?limit=3&theme=dark')
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Security-Policy')).toContain('frame-ancestors *')
    expect(res.headers.get('X-Frame-Options')).toBeNull()
    const html = await res.text()
    const [root] = await select(html, 'html')
    expect(root!.attrs).toMatchObject({ lang: 'ar', dir: 'rtl' })
    const links = await select(html, 'li a')
    expect(links.map((l) => l.text)).toEqual(['تقارير: خبر 0', 'تقارير: خبر 1', 'تقارير: خبر 2'])
    expect(links[0]!.attrs).toMatchObject({ href: 'https://www.mawazin.net/news/reports-page-0', target: '_blank', rel: 'noopener' })
    expect(html).not.toMatch(/<script|<img|<link|@import/i)
    // The only thing it loads is our own typeface, from our static assets.
    const urls = [...html.matchAll(/url\(([^)]*)\)/g)].map((m) => m[1])
    expect(urls).toEqual(['/fonts/noto-naskh-arabic-arabic.2a10d33e1f.woff2', '/fonts/noto-naskh-arabic-latin.2a30d48ddf.woff2'])
    expect(res.headers.get('Content-Security-Policy')).toContain("font-src 'self'")
    expect(html).toContain('#15161a')
    expect(await select(html, 'main')).toHaveLength(1)
    // The title and «المزيد» lead to the section on the publisher's site.
    const [title] = await select(html, 'h1 a')
    expect(title).toMatchObject({ attrs: { href: 'https://www.mawazin.net/sections/reports', target: '_blank', rel: 'noopener' }, text: 'تقارير — موازين نيوز' })
    const [more] = await select(html, 'a.more')
    expect(more!.attrs.href).toBe('https://www.mawazin.net/sections/reports')
    expect(more!.text).toBe('المزيد من تقارير — موازين نيوز')
  })

  it('follows the reader\'s colour scheme with theme=auto, and keeps light the default', async () => {
    const auto = await (await call('/embed/reports?theme=auto')).text()
    expect(auto).toContain('@media (prefers-color-scheme:dark){:root{--bg:#15161a')
    const light = await (await call('/embed/reports')).text()
    expect(light).toContain(':root{--bg:#ffffff')
    expect(light).not.toContain('prefers-color-scheme')
  })

  it('adds UTM parameters to links, never to ids, with ref', async () => {
    const html = await (await call('/embed/reports?limit=1&ref=partner.example')).text()
    const [link] = await select(html, 'li a')
    expect(link!.attrs.href).toBe('https://www.mawazin.net/news/reports-page-0?utm_source=partner.example&utm_medium=nashra-embed&utm_campaign=reports')
    expect((await select(html, 'a.more'))[0]!.attrs.href).toBe('https://www.mawazin.net/sections/reports?utm_source=partner.example&utm_medium=nashra-embed&utm_campaign=reports')
    const feed = (await (await call('/feeds/reports/feed.json?limit=1')).json()) as any
    expect(feed.items[0].id).toBe('tag:mawazin.net,2024:article/reports-page-0')
  })

  it('refuses bad widget parameters with a problem', async () => {
    for (const query of ['theme=pink', 'limit=0', 'limit=21', 'ref=%3Cscript%3E']) {
      const res = await call(`/embed/reports?${query}`)
      expect(res.status).toBe(400)
      expect(res.headers.get('Content-Type')).toBe('application/problem+json')
    }
  })

  it('leaves /embed.js to the static assets, and serves JSON feeds and /feeds to any origin', async () => {
    // The static assets answer /embed.js before the Worker, whatever the method (tests/views/static-assets.node.test.ts
    // checks the file, tests/browser/pages.test.ts its headers): the Worker itself has no such route.
    for (const method of ['GET', 'POST']) {
      const js = await call('/embed.js', { method })
      expect(js.status, method).toBe(404)
      expect(js.headers.get('Content-Type')).toBe('application/problem+json')
    }
    expect((await call('/feeds/reports/feed.json')).headers.get('Access-Control-Allow-Origin')).toBe('*')
    expect((await call('/feeds')).headers.get('Access-Control-Allow-Origin')).toBe('*')
    const redirect = await call(`/feeds/${encodeURIComponent('تقارير')}/feed.json`)
    expect(redirect.headers.get('Access-Control-Allow-Origin')).toBe('*')
  })
})
