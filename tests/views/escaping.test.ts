// Every view rendered with hostile text in every field that reaches it: the parsed document must have exactly
// the elements and attributes it has with plain text, so nothing in the text became markup.
import { describe, expect, it } from 'vitest'
import type { Article, Section } from '../../src/model/types'
import { renderApiReference } from '../../src/views/api-reference'
import { renderDirectory, renderNotFoundPage } from '../../src/views/directory'
import { renderEmbed } from '../../src/views/embed'
import { renderSectionPreview } from '../../src/views/section-preview'
import { renderSignIn, renderStats } from '../../src/views/stats'

const HOSTILE = `"'><img src=x onerror=alert(1)><script>alert(2)</script><b class="evil" data-x='1'>&amp;</b></style></title><!--`
const HOSTILE_URL = `https://evil.example/"><img src=x onerror=alert(3)>?a='b'&c=<i>`
const PLAIN = 'نص عادي'
/** As many `/`, `?` and `&` as HOSTILE_URL: feed URLs may wrap after each (a <wbr> element there). */
const PLAIN_URL = 'https://www.mawazin.net/?a=1&b=2'

interface Shape {
  /** Tag and attribute names of every element, in document order. */
  structure: string[]
  /** All text and attribute values, decoded as a browser would. */
  values: string
}

/** Reads `html` with workerd's HTML parser (HTMLRewriter). */
async function shapeOf(html: string): Promise<Shape> {
  const structure: string[] = []
  let values = ''
  await new HTMLRewriter()
    .on('*', {
      element(el) {
        const attrs = [...el.attributes]
        structure.push(`${el.tagName}[${attrs.map(([k]) => k).sort().join(',')}]`)
        for (const [, v] of attrs) values += '\n' + decode(v ?? '')
      },
      text(chunk) {
        values += chunk.text
      },
    })
    .onDocument({ comments: (c) => void structure.push(`<!--${c.text}-->`) })
    .transform(new Response(html))
    .text()
  return { structure, values: decode(values) }
}

function decode(text: string): string {
  return text.replace(/&(#\d+|#x[0-9a-f]+|amp|lt|gt|quot|apos);/gi, (_, ref: string) => {
    if (ref[0] === '#') return String.fromCodePoint(ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10))
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[ref.toLowerCase()] ?? ref
  })
}

function section(text: string): Section {
  return { slug: 'reports', name: text, description: text, order: 1, updated: Date.UTC(2024, 0, 1) }
}

function article(text: string, url: string, n: number): Article {
  return {
    id: `a-${n}`,
    section: 'reports',
    sectionName: text,
    title: text,
    summary: text,
    content: `<p>${n}</p>`,
    url,
    authors: n % 2 ? [] : [{ name: text }, { name: text }],
    published: Date.UTC(2024, 1, 18, 9, 13) - n * 60_000,
    updated: Date.UTC(2024, 1, 18, 9, 13),
    tags: [text],
    dateline: text,
    image: { url, type: 'image/jpeg', length: 1, width: 10, height: 5, caption: text, credit: text },
    hash: 'h',
  }
}

/** Each view, given one text for every text field and one URL for every URL field. */
const VIEWS: Record<string, (text: string, url: string) => string> = {
  directory: (text, url) =>
    renderDirectory({
      siteName: text,
      siteUrl: url,
      siteFeeds: { rss: url, atom: url, json: url },
      opmlUrl: url,
      directory: url,
      sections: [{ section: section(text), articles: [article(text, url, 0), article(text, url, 1)], feeds: { rss: url, atom: url, json: url }, page: url }],
    }),
  'section preview': (text, url) =>
    renderSectionPreview({
      section: section(text),
      articles: [article(text, url, 0), article(text, url, 1)],
      feeds: { rss: url, atom: url, json: url },
      siteName: text,
      siteUrl: url,
      sectionUrl: url,
      directory: url,
      opmlUrl: url,
      url,
      pageNumber: 2,
      newer: url,
      older: url,
      archives: [{ label: text, feeds: { rss: url, atom: url, json: url } }],
    }),
  'not found page': (text, url) => renderNotFoundPage(text, url, text),
  'embed (with a partner ref)': (text, url) =>
    renderEmbed({
      section: section(text),
      articles: [article(text, url, 0), article(text, url, 1)],
      theme: 'dark',
      link: (a) => `${a.url}&utm_source=${text}`,
      sectionLink: url,
      siteName: text,
    }),
  'audience dashboard': (text) => {
    const day = { day: '2026-12-01', feed: text, subscribers: 3, readers: [{ reader: text, subscribers: 3 }] }
    return renderStats({
      siteName: text,
      from: text,
      to: text,
      days: ['2026-12-01', '2026-12-02'],
      series: [{ feed: text, label: text, byDay: [day] }],
      latest: [{ label: text, day }],
      shares: [{ feed: text, polls: 2, notModified: 1 }],
      partners: [{ ref: text, views: 4 }],
    })
  },
  'audience sign-in': (text) => renderSignIn(text, true),
  'API reference': (text) =>
    renderApiReference({
      info: { title: text, version: text, description: text },
      paths: {
        [`/${text}`]: {
          get: {
            summary: text,
            description: text,
            parameters: [{ name: text, in: text, required: true, description: text }],
            requestBody: { content: { [text]: { schema: { $ref: `#/components/schemas/${text}` } } } },
            responses: { [text]: { description: text } },
          },
        },
      },
      components: { schemas: { [text]: { type: 'object', description: text } } },
    }),
}

describe('views escape by construction', () => {
  it.each(Object.keys(VIEWS))('%s: hostile text in every field makes no element or attribute', async (name) => {
    const render = VIEWS[name]!
    const plain = await shapeOf(render(PLAIN, PLAIN_URL))
    const hostile = await shapeOf(render(HOSTILE, HOSTILE_URL))
    expect(hostile.structure).toEqual(plain.structure)
    expect(hostile.structure.join(' ')).not.toMatch(/^img\[src\]|script\[\]|b\[class|onerror|data-x/)
    // The text is all there, shown as text.
    expect(hostile.values).toContain(HOSTILE)
  })
})
