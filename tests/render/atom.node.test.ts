// renderAtom on small FeedDocs: xml:lang, links by relation (the website last), entries, fh:archive, hostile text.
import { describe, expect, it } from 'vitest'
import { renderAtom } from '../../src/render/atom'
import { HOSTILE, HOSTILE_CLEAN, SELF, feedDoc, feedItem, readXml, text } from './feed-fixtures'

const ATOM_NS = 'http://www.w3.org/2005/Atom'
const FH_NS = 'http://purl.org/syndication/history/1.0'

const linksOf = (node: { link: Record<string, string>[] }) => node.link.map((l) => [l['@rel'], l['@type'], l['@href']])

describe('renderAtom', () => {
  it('renders the feed head: namespace, xml:lang, id, text title and subtitle, RFC 3339 updated in Baghdad time, author, generator, icon, logo', () => {
    const xml = renderAtom(feedDoc())
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ar">\n<id>')).toBe(true)
    expect(xml.endsWith('</entry>\n</feed>\n')).toBe(true)
    const feed = readXml(xml).feed
    expect(feed['@xmlns']).toBe(ATOM_NS)
    expect(feed['@xml:lang']).toBe('ar')
    expect(feed).not.toHaveProperty('@xmlns:fh')
    expect(text(feed.id)).toBe('tag:mawazin.net,2024:feed/reports')
    expect(text(feed.title)).toBe('تقارير — موازين نيوز')
    expect(feed.title['@type']).toBe('text')
    expect(text(feed.subtitle)).toBe('تقارير موازين نيوز')
    expect(text(feed.updated)).toBe('2024-02-20T02:49:00+03:00')
    expect(text(feed.author[0].name)).toBe('موازين نيوز')
    expect(text(feed.author[0].uri)).toBe('https://www.mawazin.net/')
    expect(text(feed.generator)).toBe('Nashra')
    expect(feed.generator).toMatchObject({ '@uri': 'https://n.test/', '@version': '0.1.0' })
    expect(text(feed.icon)).toBe('https://www.mawazin.net/favicon.ico')
    expect(text(feed.logo)).toBe('https://www.mawazin.net/logo.png')
  })

  it('links itself, the other formats, then the website last; the hub and RFC 5005 links in Atom; fh:archive with its namespace on an archive', () => {
    expect(linksOf(readXml(renderAtom(feedDoc())).feed)).toEqual([
      ['self', 'application/atom+xml', SELF.atom],
      ['alternate', 'application/rss+xml', SELF.rss],
      ['alternate', 'application/feed+json', SELF.json],
      ['alternate', 'text/html', 'https://www.mawazin.net/section/reports'],
    ])
    const related = [{ rel: 'prev-archive' as const, urls: { rss: 'https://n.test/r', atom: 'https://n.test/archive/2024-01/atom.xml?x=1&y=2', json: 'https://n.test/j' } }]
    const xml = renderAtom(feedDoc({ links: { self: SELF, hub: 'https://hub.test/', related, archive: true } }))
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xmlns:fh="http://purl.org/syndication/history/1.0" xml:lang="ar">')
    const feed = readXml(xml).feed
    expect(feed['@xmlns:fh']).toBe(FH_NS)
    expect(feed).toHaveProperty('fh:archive')
    expect(linksOf(feed).slice(4)).toEqual([
      ['hub', undefined, 'https://hub.test/'],
      ['prev-archive', 'application/atom+xml', 'https://n.test/archive/2024-01/atom.xml?x=1&y=2'],
    ])
  })

  it('renders an entry: id, text title, alternate link, published and updated, authors with or without uri, category terms, text summary, HTML content, the image as an enclosure', () => {
    const item = feedItem({ authors: [{ name: 'أحمد' }, { name: 'Sara', url: 'https://s.test/?a&b' }] })
    const entry = readXml(renderAtom(feedDoc({ items: [item] }))).feed.entry[0]
    expect(text(entry.id)).toBe('tag:mawazin.net,2024:article/a1')
    expect(text(entry.title)).toBe('زيارة سرية لقاآني الى بغداد')
    expect(entry.title['@type']).toBe('text')
    expect(linksOf(entry)).toEqual([
      ['alternate', 'text/html', 'https://www.mawazin.net/news/a1?from=rss&lang=ar'],
      ['enclosure', 'image/jpeg', 'https://www.mawazin.net/images/a.jpg'],
    ])
    expect(entry.link[1]['@length']).toBe('48213')
    expect(text(entry.published)).toBe('2024-02-18T12:13:00+03:00')
    expect(text(entry.updated)).toBe('2024-02-20T02:49:00+03:00')
    expect(entry.author.map((a: Record<string, unknown>) => text(a.name))).toEqual(['أحمد', 'Sara'])
    expect(entry.author[0]).not.toHaveProperty('uri')
    expect(text(entry.author[1].uri)).toBe('https://s.test/?a&b')
    expect(entry.category.map((c: Record<string, string>) => c['@term'])).toEqual(['تقارير', 'بغداد'])
    expect(text(entry.summary)).toBe('أفادت مصادر بأن قاآني زار بغداد.')
    expect(entry.summary['@type']).toBe('text')
    expect(text(entry.content)).toBe('<div dir="rtl" lang="ar"><p>وقالت المصادر إنّ <b>قاآني</b> التقى…</p></div>')
    expect(entry.content['@type']).toBe('html')
  })

  it('writes an enclosure without length when it is unknown, none without an image, and an empty feed with no entry', () => {
    const unknown = readXml(renderAtom(feedDoc({ items: [feedItem({ image: { url: 'https://n.test/b.png', type: 'image/png', length: 0 } })] }))).feed.entry[0]
    expect(unknown.link[1]).toMatchObject({ '@rel': 'enclosure', '@type': 'image/png', '@href': 'https://n.test/b.png' })
    expect(unknown.link[1]).not.toHaveProperty('@length')
    expect(readXml(renderAtom(feedDoc({ items: [feedItem({ image: undefined })] }))).feed.entry[0].link).toHaveLength(1)
    const empty = renderAtom(feedDoc({ items: [] }))
    expect(empty.endsWith('<logo>https://www.mawazin.net/logo.png</logo>\n</feed>\n')).toBe(true)
    expect(readXml(empty).feed).not.toHaveProperty('entry')
  })

  it('takes ids that are not URLs as they are', () => {
    const feed = readXml(renderAtom(feedDoc({ id: 'موجز الأخبار', items: [feedItem({ id: 'مقال 1 & 2' })] }))).feed
    expect(text(feed.id)).toBe('موجز الأخبار')
    expect(text(feed.entry[0].id)).toBe('مقال 1 & 2')
  })

  it('keeps hostile text in every field, cleaned, in a well-formed document; ]]> in the content stays whole', () => {
    const item = feedItem({
      id: HOSTILE, url: HOSTILE, title: HOSTILE, summary: HOSTILE, contentHtml: HOSTILE, authors: [{ name: HOSTILE, url: HOSTILE }], categories: [HOSTILE],
      image: { url: HOSTILE, type: HOSTILE, length: 3 },
    })
    const doc = feedDoc({ id: HOSTILE, title: HOSTILE, description: HOSTILE, language: HOSTILE, homeUrl: HOSTILE, icon: HOSTILE, logo: HOSTILE, author: { name: HOSTILE }, generator: { name: HOSTILE, version: HOSTILE, uri: HOSTILE }, items: [item] })
    const feed = readXml(renderAtom(doc)).feed
    expect(feed['@xml:lang']).toBe(HOSTILE_CLEAN)
    for (const value of [feed.id, feed.title, feed.subtitle, feed.icon, feed.logo, feed.generator, feed.author[0].name]) expect(text(value)).toBe(HOSTILE_CLEAN)
    expect(feed.generator['@uri']).toBe(HOSTILE_CLEAN)
    expect(feed.link[3]['@href']).toBe(HOSTILE_CLEAN)
    const entry = feed.entry[0]
    for (const value of [entry.id, entry.title, entry.summary, entry.content, entry.author[0].name, entry.author[0].uri]) expect(text(value)).toBe(HOSTILE_CLEAN)
    expect(entry.category[0]['@term']).toBe(HOSTILE_CLEAN)
    expect(entry.link.map((l: Record<string, string>) => l['@href'])).toEqual([HOSTILE_CLEAN, HOSTILE_CLEAN])
    expect(entry.link[1]['@type']).toBe(HOSTILE_CLEAN)
  })

  it('is pure: the same doc gives the same bytes', () => {
    expect(renderAtom(feedDoc())).toBe(renderAtom(feedDoc()))
  })
})
