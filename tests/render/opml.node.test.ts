// renderOpml: OPML 2.0 with one outline per feed, every attribute escaped, hostile text cleaned.
import { describe, expect, it } from 'vitest'
import { type OpmlFeed, renderOpml } from '../../src/render/opml'
import { HOSTILE, HOSTILE_CLEAN, readXml, text } from './feed-fixtures'

const FEEDS: OpmlFeed[] = [
  { title: 'موازين نيوز', description: 'آخر الأخبار', xmlUrl: 'https://n.test/feeds/rss.xml', htmlUrl: 'https://www.mawazin.net/' },
  { title: 'تقارير & "تحقيقات"', description: 'Reports <weekly>', xmlUrl: 'https://n.test/feeds/reports/rss.xml?tag=a&limit=5', htmlUrl: 'https://www.mawazin.net/section/reports' },
]

describe('renderOpml', () => {
  it('renders OPML 2.0: the title and the spec in head, one RSS outline per feed in order, with every attribute', () => {
    const xml = renderOpml('خلاصات موازين نيوز', FEEDS)
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">\n<head><title>')).toBe(true)
    expect(xml.endsWith('"/>\n</body>\n</opml>\n')).toBe(true)
    const opml = readXml(xml).opml
    expect(opml['@version']).toBe('2.0')
    expect(text(opml.head.title)).toBe('خلاصات موازين نيوز')
    expect(text(opml.head.docs)).toBe('http://opml.org/spec2.opml')
    expect(opml.body.outline).toEqual(
      FEEDS.map((f) => ({
        '#text': '', '@type': 'rss', '@version': 'RSS2', '@language': 'ar', '@text': f.title, '@title': f.title, '@description': f.description, '@xmlUrl': f.xmlUrl, '@htmlUrl': f.htmlUrl,
      })),
    )
    expect(xml).toContain(' text="تقارير &amp; &quot;تحقيقات&quot;" ')
  })

  it('renders an empty body for no feeds', () => {
    const xml = renderOpml('خلاصات', [])
    expect(xml).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">\n<head><title>خلاصات</title><docs>http://opml.org/spec2.opml</docs></head>\n<body>\n</body>\n</opml>\n')
  })

  it('keeps hostile text in the title and every attribute, cleaned, tab and line break included', () => {
    const opml = readXml(renderOpml(HOSTILE, [{ title: HOSTILE, description: HOSTILE, xmlUrl: HOSTILE, htmlUrl: HOSTILE }])).opml
    expect(text(opml.head.title)).toBe(HOSTILE_CLEAN)
    const outline = opml.body.outline[0]
    for (const name of ['@text', '@title', '@description', '@xmlUrl', '@htmlUrl']) expect(outline[name]).toBe(HOSTILE_CLEAN)
  })
})
