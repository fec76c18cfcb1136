// renderRss on small FeedDocs: the channel, its links, items and images, namespaces only when used, hostile text.
import { describe, expect, it } from 'vitest'
import { renderRss } from '../../src/render/rss'
import { HOSTILE, HOSTILE_CLEAN, SELF, feedDoc, feedItem, readXml, text } from './feed-fixtures'

const NS = {
  atom: 'http://www.w3.org/2005/Atom',
  content: 'http://purl.org/rss/1.0/modules/content/',
  dc: 'http://purl.org/dc/elements/1.1/',
  dcterms: 'http://purl.org/dc/terms/',
  media: 'http://search.yahoo.com/mrss/',
  fh: 'http://purl.org/syndication/history/1.0',
}

const ARCHIVE_LINKS = {
  self: SELF,
  hub: 'https://hub.test/?a=1&b=2',
  related: [
    { rel: 'next' as const, urls: { rss: 'https://n.test/r?page=2&x=1', atom: 'https://n.test/a?page=2', json: 'https://n.test/j?page=2' } },
    { rel: 'prev-archive' as const, urls: { rss: 'https://n.test/archive/2024-01/rss.xml', atom: 'https://n.test/archive/2024-01/atom.xml', json: 'https://n.test/archive/2024-01/feed.json' } },
  ],
  archive: true,
}

describe('renderRss', () => {
  it('renders the channel: Arabic title, link, language, RFC 822 lastBuildDate of doc.updated, generator, docs, ttl, image', () => {
    const xml = renderRss(feedDoc())
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" ')).toBe(true)
    expect(xml.endsWith('</channel>\n</rss>\n')).toBe(true)
    const rss = readXml(xml).rss
    expect(rss['@version']).toBe('2.0')
    const channel = rss.channel
    expect(text(channel.title)).toBe('تقارير — موازين نيوز')
    expect(text(channel.link)).toBe('https://www.mawazin.net/section/reports')
    expect(text(channel.description)).toBe('تقارير موازين نيوز')
    expect(text(channel.language)).toBe('ar')
    expect(text(channel.lastBuildDate)).toBe('Mon, 19 Feb 2024 23:49:00 GMT')
    expect(text(channel.generator)).toBe('Nashra 0.1.0')
    expect(text(channel.docs)).toBe('https://www.rssboard.org/rss-specification')
    expect(text(channel.ttl)).toBe('5')
    expect(text(channel.image.url)).toBe('https://www.mawazin.net/logo.png')
    expect(text(channel.image.title)).toBe('تقارير — موازين نيوز')
    expect(text(channel.image.link)).toBe('https://www.mawazin.net/section/reports')
  })

  it('links itself, the other formats, the hub and the RFC 5005 relations, with & escaped in URLs, and marks an archive', () => {
    const xml = renderRss(feedDoc({ links: ARCHIVE_LINKS }))
    expect(xml).toContain('<atom:link href="https://hub.test/?a=1&amp;b=2" rel="hub"/>\n')
    const channel = readXml(xml).rss.channel
    expect(channel['atom:link'].map((l: Record<string, string>) => [l['@rel'], l['@href'], l['@type']])).toEqual([
      ['self', SELF.rss, 'application/rss+xml'],
      ['alternate', SELF.atom, 'application/atom+xml'],
      ['alternate', SELF.json, 'application/feed+json'],
      ['hub', 'https://hub.test/?a=1&b=2', undefined],
      ['next', 'https://n.test/r?page=2&x=1', 'application/rss+xml'],
      ['prev-archive', 'https://n.test/archive/2024-01/rss.xml', 'application/rss+xml'],
    ])
    expect(channel).toHaveProperty('fh:archive')
    expect(readXml(renderRss(feedDoc())).rss.channel).not.toHaveProperty('fh:archive')
  })

  it('declares a namespace only when it is used', () => {
    const declared = (xml: string) => Object.keys(readXml(xml).rss).filter((k) => k.startsWith('@xmlns:')).map((k) => k.slice(7))
    expect(declared(renderRss(feedDoc({ items: [] })))).toEqual(['atom'])
    expect(declared(renderRss(feedDoc({ items: [feedItem({ authors: [], image: undefined })] })))).toEqual(['atom', 'content', 'dcterms'])
    expect(declared(renderRss(feedDoc()))).toEqual(['atom', 'content', 'dc', 'dcterms', 'media'])
    expect(declared(renderRss(feedDoc({ links: ARCHIVE_LINKS })))).toEqual(['atom', 'content', 'dc', 'dcterms', 'media', 'fh'])
    const rss = readXml(renderRss(feedDoc({ links: ARCHIVE_LINKS }))).rss
    for (const prefix of ['atom', 'content', 'dc', 'dcterms', 'media', 'fh'] as const) expect(rss[`@xmlns:${prefix}`]).toBe(NS[prefix])
  })

  it('renders an item: title, link, guid that is not a permalink, RFC 822 pubDate, dcterms:modified in Baghdad time, authors, categories, summary, HTML content', () => {
    const items = readXml(renderRss(feedDoc({ items: [feedItem({ authors: [{ name: 'أحمد' }, { name: 'Sara Ali' }] })] }))).rss.channel.item
    expect(items).toHaveLength(1)
    const item = items[0]
    expect(text(item.title)).toBe('زيارة سرية لقاآني الى بغداد')
    expect(text(item.link)).toBe('https://www.mawazin.net/news/a1?from=rss&lang=ar')
    expect(text(item.guid)).toBe('tag:mawazin.net,2024:article/a1')
    expect(item.guid['@isPermaLink']).toBe('false')
    expect(text(item.pubDate)).toBe('Sun, 18 Feb 2024 09:13:00 GMT')
    expect(text(item['dcterms:modified'])).toBe('2024-02-20T02:49:00+03:00')
    expect(item['dc:creator'].map(text)).toEqual(['أحمد', 'Sara Ali'])
    expect(item.category.map(text)).toEqual(['تقارير', 'بغداد'])
    expect(text(item.description)).toBe('أفادت مصادر بأن قاآني زار بغداد.')
    expect(text(item['content:encoded'])).toBe('<div dir="rtl" lang="ar"><p>وقالت المصادر إنّ <b>قاآني</b> التقى…</p></div>')
  })

  it('renders the lead image as an enclosure with its length and as Media RSS with size, caption and credit', () => {
    const item = readXml(renderRss(feedDoc())).rss.channel.item[0]
    expect(item.enclosure).toMatchObject({ '@url': 'https://www.mawazin.net/images/a.jpg', '@length': '48213', '@type': 'image/jpeg' })
    const media = item['media:content']
    expect(media).toMatchObject({ '@url': 'https://www.mawazin.net/images/a.jpg', '@type': 'image/jpeg', '@medium': 'image', '@fileSize': '48213', '@width': '1200', '@height': '675' })
    expect(text(media['media:description'])).toBe('قاآني')
    expect(media['media:description']['@type']).toBe('plain')
    expect(text(media['media:credit'])).toBe('وكالات')
    expect(item['media:thumbnail']).toMatchObject({ '@url': 'https://www.mawazin.net/images/a.jpg', '@width': '1200', '@height': '675' })
  })

  it('writes no enclosure when the image length is unknown, and no size, caption or credit it does not have', () => {
    const image = { url: 'https://n.test/b.png', type: 'image/png', length: 0 }
    const xml = renderRss(feedDoc({ items: [feedItem({ image })] }))
    expect(xml).toContain('<media:content url="https://n.test/b.png" type="image/png" medium="image"></media:content><media:thumbnail url="https://n.test/b.png"/></item>\n')
    const item = readXml(xml).rss.channel.item[0]
    expect(item).not.toHaveProperty('enclosure')
    expect(readXml(renderRss(feedDoc({ items: [feedItem({ image: undefined })] }))).rss.channel.item[0]).not.toHaveProperty('media:content')
  })

  it('keeps hostile text in every field, cleaned, in a well-formed document; ]]> in the content stays whole', () => {
    const item = feedItem({
      id: HOSTILE, url: HOSTILE, title: HOSTILE, summary: HOSTILE, contentHtml: HOSTILE, authors: [{ name: HOSTILE }], categories: [HOSTILE],
      image: { url: HOSTILE, type: HOSTILE, length: 1, caption: HOSTILE, credit: HOSTILE },
    })
    const xml = renderRss(feedDoc({ title: HOSTILE, description: HOSTILE, homeUrl: HOSTILE, logo: HOSTILE, links: { ...ARCHIVE_LINKS, hub: HOSTILE }, items: [item] }))
    const channel = readXml(xml).rss.channel
    for (const value of [channel.title, channel.description, channel.link, channel.image.url]) expect(text(value)).toBe(HOSTILE_CLEAN)
    expect(channel['atom:link'][3]['@href']).toBe(HOSTILE_CLEAN)
    const it0 = channel.item[0]
    for (const value of [it0.title, it0.link, it0.guid, it0.description, it0['content:encoded'], it0['dc:creator'][0], it0.category[0]]) expect(text(value)).toBe(HOSTILE_CLEAN)
    expect(text(it0['media:content']['media:description'])).toBe(HOSTILE_CLEAN)
    expect(text(it0['media:content']['media:credit'])).toBe(HOSTILE_CLEAN)
    expect(it0.enclosure['@url']).toBe(HOSTILE_CLEAN)
    expect(it0['media:content']['@type']).toBe(HOSTILE_CLEAN)
  })

  it('is pure: the same doc gives the same bytes', () => {
    expect(renderRss(feedDoc())).toBe(renderRss(feedDoc()))
  })
})
