// The shared feed parser, from bytes: what the pull and the importer both go through.
import { describe, expect, it } from 'vitest'
import { FeedFormatError, entryToInput, parseFeedDocument } from '../../src/ingest/upstream-feed'
import { ArticleInputSchema } from '../../src/publish/article-input'
import { encodeSingleByte, encodeUtf16, encodeUtf16NoBom, encodeUtf32, utf8 } from './encode'

const NOW = Date.UTC(2024, 5, 1, 8)
const TITLE = 'انفجار في بغداد'
const AT_1213_BAGHDAD = Date.UTC(2024, 1, 18, 9, 13)
const MEDIA = 'xmlns:media="http://search.yahoo.com/mrss/"'

function rss(items: string, { declaration = '', channel = '', attrs = '' } = {}): string {
  return `<?xml version="1.0"${declaration}?><rss version="2.0" ${MEDIA} ${attrs}><channel><title>ت</title>${channel}${items}</channel></rss>`
}
const item = (inner: string) => `<item>${inner}</item>`
const parse = (body: Uint8Array | string, options: Partial<Parameters<typeof parseFeedDocument>[1]> = {}) => parseFeedDocument(typeof body === 'string' ? utf8(body) : body, { now: NOW, ...options })

describe('parseFeedDocument: text comes out as it went in', () => {
  const body = rss(item(`<title>${TITLE}</title><link>https://old.example/1</link>`))
  it('reads windows-1256 declared in the XML, in the Content-Type, or both', () => {
    const declared = encodeSingleByte(rss(item(`<title>${TITLE}</title><link>https://old.example/1</link>`), { declaration: ' encoding="windows-1256"' }), 'windows-1256')
    expect(parse(declared).entries[0]!.title).toBe(TITLE)
    expect(parse(encodeSingleByte(body, 'windows-1256'), { contentType: 'application/rss+xml; charset=windows-1256' }).entries[0]!.title).toBe(TITLE)
    expect(parse(declared, { contentType: 'text/xml; charset=windows-1256' }).entries[0]!.title).toBe(TITLE)
    expect(parse(encodeSingleByte(body, 'iso-8859-6'), { contentType: 'text/xml; charset=ISO-8859-6' }).entries[0]!.title).toBe(TITLE)
  })

  it('reads UTF-16 with a byte-order mark', () => {
    expect(parse(encodeUtf16(rss(item(`<title>${TITLE}</title><link>https://old.example/1</link>`), { declaration: ' encoding="UTF-16"' }))).entries[0]!.title).toBe(TITLE)
  })

  it('leaves out an item whose bytes are not valid in the encoding, saying where, and an item already garbled upstream', () => {
    const undeclared = parse(encodeSingleByte(body, 'windows-1256'))
    expect(undeclared.entries).toEqual([])
    expect(undeclared.skipped).toEqual([{ key: 'https://old.example/1', reason: expect.stringMatching(/^its text cannot be decoded \(the document, first: not valid utf-8 text: byte \d+ \(0x[0-9A-F]{2}\) cannot be decoded\)$/) }])
    // One windows-1256 title pasted into a UTF-8 feed costs that item alone.
    const [before, after] = rss(item('<title>@@</title><link>https://old.example/1</link>') + item(`<title>${TITLE}</title><link>https://old.example/2</link>`)).split('@@') as [string, string]
    const pasted = new Uint8Array([...utf8(before), ...encodeSingleByte(TITLE, 'windows-1256'), ...utf8(after)])
    const mixed = parse(pasted)
    expect(mixed.entries.map((e) => [e.title, e.url])).toEqual([[TITLE, 'https://old.example/2']])
    expect(mixed.skipped).toEqual([{ key: 'https://old.example/1', reason: expect.stringMatching(/^its text cannot be decoded \(the document, first: not valid utf-8 text: byte \d+ \(0x[0-9A-F]{2}\)/) }])
    const garbled = parse(rss(item('<title>����� ����</title><link>https://old.example/1</link>') + item(`<title>${TITLE}</title><link>https://old.example/2</link>`)))
    expect(garbled.entries.map((e) => e.title)).toEqual([TITLE])
    expect(garbled.skipped).toEqual([{ key: 'https://old.example/1', reason: 'text contains U+FFFD: it was garbled before it was served' }])
  })
})

describe('parseFeedDocument: every valid item is kept, with the right time', () => {
  it('dates items in every form real feeds use, zone-less ones in the source time zone, undated ones when seen', () => {
    const dated = (date: string, n: number) => item(`<title>${n}</title><link>https://old.example/${n}</link><pubDate>${date}</pubDate>`)
    const doc = parse(rss(dated('Sun, ١٨ Feb ٢٠٢٤ ١٢:١٣:٠٠ +0300', 1) + dated('18/02/2024 12:13', 2) + dated('الأحد، 18 فبراير 2024', 3) + dated('2024-02-18 12:13:00', 4) + item('<title>5</title><link>https://old.example/5</link>')))
    expect(doc.skipped).toEqual([])
    expect(doc.entries.map((e) => e.published)).toEqual([AT_1213_BAGHDAD, AT_1213_BAGHDAD, Date.UTC(2024, 1, 17, 21), AT_1213_BAGHDAD, NOW])
    expect(doc.entries.map((e) => e.dated.published)).toEqual([true, true, true, true, false])
    const cairo = parse(rss(dated('2024-02-18 11:13:00', 1)), { timeZone: 'Africa/Cairo' })
    expect(cairo.entries[0]!.published).toBe(AT_1213_BAGHDAD)
  })

  it('keeps an item whose date cannot be read, dated when first seen, with the reason for that item', () => {
    const doc = parse(rss(item('<title>a</title><link>https://old.example/a</link><guid>g-a</guid><pubDate>Sun, 18 Feb 0300</pubDate>') + item('<title>b</title><link>https://old.example/b</link><pubDate>قريبا</pubDate>')))
    expect(doc.entries.map((e) => [e.title, e.published, e.dated.published])).toEqual([['a', NOW, false], ['b', NOW, false]])
    expect(doc.skipped).toEqual([])
    expect(doc.warnings).toEqual([
      { key: 'g-a', reason: 'date not read, dated when first seen: year 300 is not plausible' },
      { key: 'https://old.example/b', reason: 'date not read, dated when first seen: unreadable date "قريبا"' },
    ])
  })

  it('keeps Atom xhtml titles and content, with or without a namespace prefix', () => {
    const atom = (title: string, content: string) => utf8(`<feed xmlns="http://www.w3.org/2005/Atom" xmlns:xhtml="http://www.w3.org/1999/xhtml"><id>urn:f</id><entry><id>urn:e</id><link href="https://old.example/e"/><updated>2024-02-18T12:13:00+03:00</updated>${title}${content}</entry></feed>`)
    const plain = parse(atom('<title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">عنوان <b>مهم</b></div></title>', '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>نص <em>الخبر</em> &amp; المزيد</p></div></content>')).entries[0]!
    expect(plain.title).toBe('عنوان مهم')
    expect(plain.content).toBe('<p>نص <em>الخبر</em> &amp; المزيد</p>')
    const prefixed = parse(atom('<title type="xhtml"><xhtml:div>عنوان <xhtml:b>مهم</xhtml:b></xhtml:div></title>', '<content type="xhtml"><xhtml:div><xhtml:p>نص</xhtml:p></xhtml:div></content>')).entries[0]!
    expect(prefixed.title).toBe('عنوان مهم')
    expect(prefixed.content).toBe('<p>نص</p>')
    const prefixedAtom = parse(`<a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:id>urn:f</a:id><a:entry><a:id>urn:p</a:id><a:link href="https://old.example/p"/><a:updated>2024-02-18T12:13:00+03:00</a:updated><a:title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">عنوان <i>مسبوق</i></div></a:title><a:content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>نص</p></div></a:content></a:entry></a:feed>`).entries
    expect(prefixedAtom.map((e) => [e.key, e.title, e.content, e.url])).toEqual([['urn:p', 'عنوان مسبوق', '<p>نص</p>', 'https://old.example/p']])
    const html = parse(atom('<title type="html">&lt;b&gt;عنوان&lt;/b&gt; &amp;amp; خبر</title>', '<content type="html"><![CDATA[<p>نص</p>]]></content>')).entries[0]!
    expect([html.title, html.content]).toEqual(['عنوان & خبر', '<p>نص</p>'])
  })

  it('keeps an RSS item with only a title and link, and a JSON Feed item without a title', async () => {
    const bare = parse(rss(item(`<title>${TITLE}</title><link>https://old.example/1</link>`))).entries[0]!
    expect(bare.content).toBe(`<p><a href="https://old.example/1">${TITLE}</a></p>`)
    expect(ArticleInputSchema.safeParse(await entryToInput(bare, 'reports', 'f')).success).toBe(true)
    const json = JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', items: [{ id: 'j1', url: 'https://old.example/j1', content_text: 'قال المتحدث إن الاجتماع انتهى دون اتفاق. وأضاف أن جولة أخرى ستعقد الأسبوع المقبل في بغداد بحضور جميع الأطراف المعنية بالملف والوسطاء من دول الجوار الإقليمي والدولي' }] })
    const untitled = parse(json).entries[0]!
    expect(untitled.title.startsWith('قال المتحدث إن الاجتماع انتهى دون اتفاق.')).toBe(true)
    expect(untitled.title.endsWith('…')).toBe(true)
    expect(Array.from(untitled.title).length).toBeLessThanOrEqual(140)
    expect(ArticleInputSchema.safeParse(await entryToInput(untitled, 'reports', 'f')).success).toBe(true)
  })

  it('cuts an over-long title at a word, under the API limit', async () => {
    const words = Array.from({ length: 60 }, (_, i) => `كلمة${i}`).join(' ')
    const entry = parse(rss(item(`<title>${words}</title><link>https://old.example/1</link>`))).entries[0]!
    expect(Array.from(entry.title).length).toBeLessThanOrEqual(300)
    expect(words.startsWith(entry.title.slice(0, -1))).toBe(true)
    expect(entry.title).toMatch(/كلمة\d+…$/)
    expect(ArticleInputSchema.safeParse(await entryToInput(entry, 'reports', 'f')).success).toBe(true)
  })

  it('takes the image from Media RSS wherever it is: media:thumbnail alone, inside media:group', () => {
    const doc = parse(rss(
      item('<title>1</title><link>https://old.example/1</link><media:thumbnail url="/img/1.jpg" width="640" height="360"/>') +
      item('<title>2</title><link>https://old.example/2</link><media:group><media:content url="https://cdn.example/2.mp4" type="video/mp4"/><media:content url="https://cdn.example/2.png" medium="image" fileSize="900"/></media:group>') +
      item('<title>3</title><link>https://old.example/3</link><media:group><media:thumbnail url="https://cdn.example/3.webp"/></media:group>'),
    ), { url: 'https://old.example/rss' })
    expect(doc.entries.map((e) => e.image)).toEqual([
      { url: 'https://old.example/img/1.jpg', type: 'image/jpeg', length: 0, width: 640, height: 360 },
      { url: 'https://cdn.example/2.png', type: 'image/png', length: 900 },
      { url: 'https://cdn.example/3.webp', type: 'image/webp', length: 0 },
    ])
  })

  it('resolves relative links against xml:base, then the document\'s link, then its URL', () => {
    const withBase = parse(rss(item('<title>1</title><link>news/1</link>') + item('<title>2</title><link xml:base="https://b.example/x/">../n/2</link>'), { channel: '<link>https://site.example/ar/</link>', attrs: 'xml:base="https://base.example/feeds/"' }), { url: 'https://host.example/rss' })
    expect(withBase.entries.map((e) => e.url)).toEqual(['https://base.example/feeds/news/1', 'https://b.example/n/2'])
    const baseOnChannel = parse(`<rss version="2.0"><channel xml:base="https://base.example/feeds/"><item><title>1</title><link>n/1</link></item></channel></rss>`, { url: 'https://host.example/rss' })
    expect(baseOnChannel.entries[0]!.url).toBe('https://base.example/feeds/n/1')
    const channelLink = parse(rss(item('<title>1</title><link>/news/1</link>'), { channel: '<link>https://site.example/ar/</link>' }))
    expect(channelLink.entries[0]!.url).toBe('https://site.example/news/1')
    const documentUrl = parse(rss(item('<title>1</title><link>/news/1</link>')), { url: 'https://host.example/rss' })
    expect(documentUrl.entries[0]!.url).toBe('https://host.example/news/1')
    const atom = parse(`<feed xmlns="http://www.w3.org/2005/Atom" xml:base="/a/"><link href="https://ignored.example/"/><entry xml:base="b/"><id>urn:1</id><title>t</title><link href="c"/><updated>2024-02-18T12:13:00Z</updated></entry></feed>`, { url: 'https://host.example/atom' })
    expect(atom.entries[0]!.url).toBe('https://host.example/a/b/c')
    const atomLink = parse(`<feed xmlns="http://www.w3.org/2005/Atom"><link rel="alternate" href="https://site.example/ar/"/><entry><id>urn:1</id><title>t</title><link href="n/1"/><updated>2024-02-18T12:13:00Z</updated></entry></feed>`, { url: 'https://host.example/atom' })
    expect(atomLink.entries[0]!.url).toBe('https://site.example/ar/n/1')
  })

  it('keeps the first of two items with the same guid and reports the other', () => {
    const doc = parse(rss(item('<title>أول</title><link>https://old.example/1</link><guid>same</guid>') + item('<title>ثان</title><link>https://old.example/2</link><guid>same</guid>')))
    expect(doc.entries.map((e) => e.title)).toEqual(['أول'])
    expect(doc.skipped).toEqual([{ key: 'same', reason: 'repeats item 1 of the document (the first is kept)', repeat: true }])
  })
})

describe('parseFeedDocument: what Universal Feed Parser keeps, kept here', () => {
  const link = (n: number) => `https://old.example/${n}`

  it('reads an empty <rss>, one without a channel, and an empty Atom feed as feeds with no items', () => {
    for (const empty of ['<rss></rss>', '<rss version="2.0"/>', '<rss version="2.0"><title>x</title></rss>', '<rss version="2.0"><channel></channel></rss>', '<feed xmlns="http://www.w3.org/2005/Atom"></feed>']) {
      expect(parse(empty)).toEqual({ feedKey: '', entries: [], skipped: [], warnings: [] })
    }
    expect(() => parse('<html><body>x</body></html>')).toThrow(/^XML, but not a feed: the root element is <html>/)
    expect(() => parse('Service Unavailable')).toThrow(FeedFormatError)
  })

  it('reads RSS 1.0 (RDF), RSS 0.90 and RSS 2.0 written with a prefix, with Dublin Core dates', () => {
    const rdf = (ns: string) => `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="${ns}" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="https://site.example/"><title>ت</title><link>https://site.example/</link></channel><item rdf:about="${link(1)}"><title>${TITLE}</title><link>${link(1)}</link><dc:date>2024-02-18T12:13:00+03:00</dc:date></item></rdf:RDF>`
    for (const ns of ['http://purl.org/rss/1.0/', 'http://my.netscape.com/rdf/simple/0.9/']) {
      const doc = parse(rdf(ns))
      expect(doc.entries.map((e) => [e.title, e.url, e.published])).toEqual([[TITLE, link(1), AT_1213_BAGHDAD]])
      expect(doc.feedKey).toBe('https://site.example/')
    }
    const prefixed = parse(`<r:rss version="2.0" xmlns:r="http://backend.userland.com/rss2" xmlns:t="http://purl.org/dc/terms/"><r:channel><r:item><r:title>${TITLE}</r:title><r:link>${link(2)}</r:link><t:issued>2024-02-18T12:13:00+03:00</t:issued></r:item></r:channel></r:rss>`)
    expect(prefixed.entries.map((e) => [e.title, e.url, e.published])).toEqual([[TITLE, link(2), AT_1213_BAGHDAD]])
  })

  it('reads XML as it is served: a bare &, an undefined entity, an HTML <br>, a document cut off at the end', () => {
    const bare = parse(rss(item(`<title>أخبار & تقارير &hellip; &foo;</title><link>https://old.example/news?key=1100&lang=ar</link>`)))
    expect(bare.entries.map((e) => [e.title, e.url])).toEqual([['أخبار & تقارير … &foo;', 'https://old.example/news?key=1100&lang=ar']])
    // An `&` inside CDATA is text already, and stays one `&`.
    const cdata = parse(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>${link(1)}</id><title type="text"><![CDATA[أخبار & تقارير]]></title><summary><![CDATA[a & b]]></summary></entry></feed>`)
    expect(cdata.entries.map((e) => [e.title, e.summary])).toEqual([['أخبار & تقارير', 'a & b']])
    const cut = parse(`<rss version="2.0"><channel><item><title>${TITLE}</title><link>${link(1)}</link><description>سطر<br>سطر</description></item><item><title>ب</title><link>${link(2)}</link></item></channel></rss`)
    expect(cut.entries.map((e) => [e.title, e.url])).toEqual([[TITLE, link(1)], ['ب', link(2)]])
    const unclosed = parse(`<rss version="2.0"><channel><item><title>${TITLE}</title><link>${link(3)}</link></item><item><title>نص مقطوع`)
    expect(unclosed.entries.map((e) => e.url)).toEqual([link(3), ''])
  })

  it('keeps the limits on entities and depth: no expansion bomb, no unbounded nesting', () => {
    const laughs = `<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">${Array.from({ length: 8 }, (_, i) => `<!ENTITY ${String.fromCharCode(98 + i)} "${`&${String.fromCharCode(97 + i)};`.repeat(10)}">`).join('')}]>`
    const bomb = parse(`${laughs}<rss version="2.0"><channel><item><title>&i;</title><link>${link(1)}</link></item></channel></rss>`)
    expect(bomb.entries.every((e) => e.title.length < 1_000)).toBe(true)
    const deep = `<rss version="2.0"><channel><item><title>t</title><link>${link(1)}</link>${'<x>'.repeat(500)}${'</x>'.repeat(500)}</item></channel></rss>`
    expect(() => parse(deep)).toThrow(/^malformed XML: Maximum nested tags exceeded$/)
  })

  it('takes an Atom entry\'s id as its link when it is an http(s) URL, and reads Atom 0.3', () => {
    const atom = parse(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>${link(1)}</id><title>${TITLE}</title><updated>2024-02-18T09:13:00Z</updated></entry><entry><id>urn:uuid:1</id><title>ب</title></entry></feed>`)
    expect(atom.entries.map((e) => e.url)).toEqual([link(1), ''])
    const old = parse(`<feed version="0.3" xmlns="http://purl.org/atom/ns#"><entry><title mode="base64">${btoa(String.fromCharCode(...utf8(TITLE)))}</title><link rel="alternate" type="text/html" href="${link(2)}"/><issued>2024-02-18T12:13:00+03:00</issued><modified>2024-02-19T09:13:00Z</modified><content type="text/html" mode="escaped">&lt;p&gt;نص&lt;/p&gt;</content></entry></feed>`)
    expect(old.entries.map((e) => [e.title, e.url, e.published, e.updated, e.content])).toEqual([[TITLE, link(2), AT_1213_BAGHDAD, AT_1213_BAGHDAD + 86_400_000, '<p>نص</p>']])
  })

  it('dates items by DC terms, and dates an item whose date is not read when first seen, saying why', () => {
    const terms = parse(`<rss version="2.0" xmlns:dcterms="http://purl.org/dc/terms/"><channel><item><title>أ</title><link>${link(1)}</link><dcterms:issued>2024-02-18T12:13:00+03:00</dcterms:issued><dcterms:modified>2024-02-19T09:13:00Z</dcterms:modified></item><item><title>ب</title><link>${link(2)}</link><dcterms:modified>2024-02-18T09:13:00Z</dcterms:modified></item></channel></rss>`)
    expect(terms.entries.map((e) => [e.published, e.updated])).toEqual([[AT_1213_BAGHDAD, AT_1213_BAGHDAD + 86_400_000], [AT_1213_BAGHDAD, AT_1213_BAGHDAD]])
    const js = parse(rss(item(`<title>أ</title><link>${link(1)}</link><pubDate>Sun Feb 18 2024 12:13:00 GMT+0300 (Arabian Standard Time)</pubDate>`) + item(`<title>ب</title><link>${link(2)}</link><pubDate>الأحد القادم</pubDate>`)))
    expect(js.entries.map((e) => [e.published, e.dated.published])).toEqual([[AT_1213_BAGHDAD, true], [NOW, false]])
    expect(js.warnings).toEqual([{ key: link(2), reason: 'date not read, dated when first seen: unreadable date "الأحد القادم"' }])
  })
})

describe('parseFeedDocument: charset as feedparser finds it, decoded alike everywhere', () => {
  const body = (declaration = '') => `<?xml version="1.0"${declaration}?><rss version="2.0"><channel><item><title>${TITLE}</title><link>https://old.example/1</link></item></channel></rss>`
  const titles = (doc: ReturnType<typeof parse>) => doc.entries.map((e) => e.title)

  it('reads UTF-16 and UTF-32 without a byte-order mark, and UTF-32 with one, from the first bytes', () => {
    expect(titles(parse(encodeUtf16NoBom(body(' encoding="utf-16"'), 'le')))).toEqual([TITLE])
    expect(titles(parse(encodeUtf16NoBom(body(), 'be')))).toEqual([TITLE])
    for (const endian of ['le', 'be'] as const) {
      expect(titles(parse(encodeUtf32(body(' encoding="utf-32"'), endian, true)))).toEqual([TITLE])
      expect(titles(parse(encodeUtf32(body(), endian, false)))).toEqual([TITLE])
    }
  })

  it('reads windows-1252 quotes as quotes (WHATWG), not as C1 controls', () => {
    // One byte a character: 0xA3 is £, 0x93 and 0x94 are the curly quotes.
    const doc = '<?xml version="1.0" encoding="windows-1252"?><rss version="2.0"><channel><item><title>This is a \xA3\x93test.\x94</title><link>https://old.example/1</link></item></channel></rss>'
    expect(titles(parse(Uint8Array.from(doc, (c) => c.charCodeAt(0))))).toEqual(['This is a £“test.”'])
  })

  it('reads UTF-8 declared as windows-1256 as UTF-8, with a warning, never as mojibake', () => {
    const doc = parse(utf8(body(' encoding="windows-1256"')))
    expect(titles(doc)).toEqual([TITLE])
    expect(doc.warnings).toEqual([{ reason: 'declared windows-1256, but the bytes are UTF-8 (read as windows-1256 they would be mojibake): read as utf-8' }])
  })

  it('takes the encoding a person gives a source before the server\'s and the document\'s', () => {
    const bytes = encodeSingleByte(body(), 'windows-1256')
    expect(titles(parse(bytes, { encoding: 'windows-1256' }))).toEqual([TITLE])
    expect(titles(parse(bytes, { encoding: 'windows-1256', contentType: 'text/xml; charset=iso-8859-6' }))).toEqual([TITLE])
    expect(titles(parse(bytes))).toEqual([])
  })
})
