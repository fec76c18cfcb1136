// Small FeedDocs for the renderers' Node unit tests (tests/render/*.node.test.ts), hostile text with what every
// renderer must make of it, and an XML reader that checks well-formedness before it parses.
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { expect } from 'vitest'
import type { FeedDoc, FeedItem } from '../../src/model/types'

/** Sun, 18 Feb 2024 09:13:00 GMT: 2024-02-18T12:13:00+03:00 in Baghdad. */
export const PUBLISHED = Date.UTC(2024, 1, 18, 9, 13)
/** Mon, 19 Feb 2024 23:49:00 GMT: 2024-02-20T02:49:00+03:00 in Baghdad (the day changes). */
export const UPDATED = Date.UTC(2024, 1, 19, 23, 49)

export const SELF = {
  rss: 'https://n.test/feeds/reports/rss.xml',
  atom: 'https://n.test/feeds/reports/atom.xml',
  json: 'https://n.test/feeds/reports/feed.json',
}

/**
 * Every kind of text a renderer must survive: mixed Arabic and Latin with an RLM, the XML specials, `]]>`, C0 and
 * C1 controls, DEL, lone surrogates of both halves, U+FFFE/U+FFFF, tab, CR LF, a lone CR, and an emoji (a pair).
 */
export const HOSTILE =
  'عاجل: Nashra & <b>"كلام\u200F"</b> ]]> \u0001\u0008\u000B\u000C\u001F\u007F\u0085 🎉 \uD800 \uDC00 ok\uFFFE\uFFFF\tend\r\nline\rX'
/** HOSTILE as every format carries it: what XML 1.0 cannot carry gone, CR LF one LF, a lone CR gone. */
export const HOSTILE_CLEAN = 'عاجل: Nashra & <b>"كلام\u200F"</b> ]]>  🎉   ok\tend\nlineX'

/** An item with every field set, in Arabic, with an image; `patch` replaces fields. */
export function feedItem(patch: Partial<FeedItem> = {}): FeedItem {
  return {
    id: 'tag:mawazin.net,2024:article/a1',
    url: 'https://www.mawazin.net/news/a1?from=rss&lang=ar',
    title: 'زيارة سرية لقاآني الى بغداد',
    summary: 'أفادت مصادر بأن قاآني زار بغداد.',
    contentHtml: '<div dir="rtl" lang="ar"><p>وقالت المصادر إنّ <b>قاآني</b> التقى…</p></div>',
    published: PUBLISHED,
    updated: UPDATED,
    authors: [{ name: 'فريق التحرير' }],
    categories: ['تقارير', 'بغداد'],
    image: { url: 'https://www.mawazin.net/images/a.jpg', type: 'image/jpeg', length: 48_213, width: 1200, height: 675, caption: 'قاآني', credit: 'وكالات' },
    ...patch,
  }
}

/** A section feed of one item (feedItem()); `patch` replaces fields. */
export function feedDoc(patch: Partial<FeedDoc> = {}): FeedDoc {
  return {
    id: 'tag:mawazin.net,2024:feed/reports',
    title: 'تقارير — موازين نيوز',
    description: 'تقارير موازين نيوز',
    language: 'ar',
    updated: UPDATED,
    homeUrl: 'https://www.mawazin.net/section/reports',
    icon: 'https://www.mawazin.net/favicon.ico',
    logo: 'https://www.mawazin.net/logo.png',
    author: { name: 'موازين نيوز', url: 'https://www.mawazin.net/' },
    generator: { name: 'Nashra', version: '0.1.0', uri: 'https://n.test/' },
    ttl: 5,
    links: { self: SELF, related: [], archive: false },
    items: [feedItem()],
    ...patch,
  }
}

/** Elements read as lists whatever their count (by path, so that RSS's <image><url> stays one). */
const LISTS = new Set(['rss.channel.item', 'rss.channel.atom:link', 'rss.channel.item.category', 'rss.channel.item.dc:creator', 'feed.entry', 'feed.link', 'feed.author', 'feed.entry.link', 'feed.entry.category', 'feed.entry.author', 'opml.body.outline', 'urlset.url'])

const reader = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  // Character references (&#9; &#10; in attributes) decoded, as a conformant parser does.
  htmlEntities: true,
  trimValues: false,
  alwaysCreateTextNode: true,
  isArray: (_name, jpath) => LISTS.has(String(jpath)),
})

/**
 * XML 1.0 §2.2 Char, written out here on its own (not the renderers' rule): C0 but tab/LF/CR, and U+FFFE/U+FFFF,
 * and a surrogate half without its partner; DEL and C1 are allowed by XML 1.0 but the renderers drop them too.
 */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * Asserts that `xml` is well-formed as far as fast-xml-parser's validator sees, and beyond it: no character XML
 * cannot carry, no `<` or raw tab/LF in an attribute value, no CR; then parses it, text as written.
 */
export function readXml(xml: string): Record<string, any> {
  const valid = XMLValidator.validate(xml)
  expect(valid, JSON.stringify(valid)).toBe(true)
  expect(xml).not.toMatch(FORBIDDEN)
  expect(xml).not.toContain('\r')
  const tags = xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '').match(/<[^!?/][^>]*>/g) ?? []
  for (const tag of tags) for (const [, value] of tag.matchAll(/\s[\w:]+="([^"]*)"/g)) expect(value).not.toMatch(/[<\t\n]/)
  return reader.parse(xml) as Record<string, any>
}

/** The text of a parsed element ('' when it has none). */
export function text(node: unknown): string {
  expect(node, 'element present').toBeTypeOf('object')
  return String((node as Record<string, unknown>)['#text'] ?? '')
}
