// What every feed item says about itself: who wrote it, and its text with quotes as written.
import { describe, expect, it } from 'vitest'
import { saveArticle } from '../../src/publish/write'
import { call, createSection, makeDraft, parseXml, testEnv, textOf, unique, WRITE_NOW , stores } from '../helpers'

describe('feed items name an author', () => {
  it('uses the byline, else the publication, in every format', async () => {
    const s = await createSection()
    await saveArticle(stores, makeDraft(s.slug, { id: unique('bylined'), authors: [{ name: 'زينب كاظم' }], published: Date.UTC(2024, 1, 18, 10) }), { now: WRITE_NOW })
    await saveArticle(stores, makeDraft(s.slug, { id: unique('unsigned'), authors: [], published: Date.UTC(2024, 1, 18, 9) }), { now: WRITE_NOW })
    const { rss } = parseXml(await (await call(`/feeds/${s.slug}/rss.xml`)).text())
    expect(rss.channel.item.map((i: any) => [i['dc:creator']].flat().map(textOf))).toEqual([['زينب كاظم'], ['موازين نيوز']])
    const { feed } = parseXml(await (await call(`/feeds/${s.slug}/atom.xml`)).text())
    expect(feed.entry.map((e: any) => [e.author].flat().map((a: any) => a.name))).toEqual([['زينب كاظم'], ['موازين نيوز']])
    const json = (await (await call(`/feeds/${s.slug}/feed.json`)).json()) as any
    expect(json.items.map((i: any) => i.authors)).toEqual([[{ name: 'زينب كاظم' }], [{ name: 'موازين نيوز', url: 'https://www.mawazin.net/' }]])
  })
})

describe('quotes in feed text', () => {
  it('are written as quotes in text, and escaped only inside attributes', async () => {
    const s = await createSection()
    const quoted = 'نقلت "رويترز" عن مصدر'
    await saveArticle(stores, makeDraft(s.slug, {
      id: unique('quoted'),
      title: quoted,
      summary: quoted,
      dateline: 'موازين نيوز- "بغداد"',
      image: { url: 'https://www.mawazin.net/images/q.jpg', type: 'image/jpeg', length: 10, caption: quoted, credit: '"وكالات"' },
    }), { now: WRITE_NOW })
    for (const file of ['rss.xml', 'atom.xml']) {
      const xml = await (await call(`/feeds/${s.slug}/${file}`)).text()
      expect(xml).toContain(`>${quoted}<`)
      // Quotes are escaped in attributes only (the image's alt text), never in text or HTML text.
      const withoutAttributes = xml.replace(/="[^"]*"/g, '=""')
      expect(withoutAttributes).not.toContain('&quot;')
      expect(xml).toContain(`alt="نقلت &quot;رويترز&quot; عن مصدر"`)
    }
    const json = (await (await call(`/feeds/${s.slug}/feed.json`)).json()) as any
    const html: string = json.items[0].content_html
    expect(html).toContain('<strong>موازين نيوز- "بغداد"</strong>')
    expect(html).toContain('<figcaption>نقلت "رويترز" عن مصدر — "وكالات"</figcaption>')
    // What feed-extractor does to make a summary: strip tags, decode nothing.
    expect(html.replace(/<[^>]*>/g, '')).not.toContain('&quot;')
  })
})
