// renderJsonFeed on small FeedDocs: JSON Feed 1.1 fields (authors, language), next_url and the _nashra extension,
// attachments, and hostile text cleaned as the XML formats clean it.
import { describe, expect, it } from 'vitest'
import { renderJsonFeed } from '../../src/render/jsonfeed'
import { HOSTILE, HOSTILE_CLEAN, SELF, feedDoc, feedItem } from './feed-fixtures'

const read = (json: string) => JSON.parse(json) as Record<string, any>

describe('renderJsonFeed', () => {
  it('renders JSON Feed 1.1: version, title, home page, its own URL, description, icon and favicon, authors, language', () => {
    const feed = read(renderJsonFeed(feedDoc()))
    expect(feed).toMatchObject({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'تقارير — موازين نيوز',
      home_page_url: 'https://www.mawazin.net/section/reports',
      feed_url: SELF.json,
      description: 'تقارير موازين نيوز',
      icon: 'https://www.mawazin.net/logo.png',
      favicon: 'https://www.mawazin.net/favicon.ico',
      authors: [{ name: 'موازين نيوز', url: 'https://www.mawazin.net/' }],
      language: 'ar',
    })
    expect(feed).not.toHaveProperty('author')
    expect(feed).not.toHaveProperty('hubs')
    expect(feed).not.toHaveProperty('next_url')
    expect(feed._nashra).toEqual({
      about: 'https://n.test/',
      alternates: [{ url: SELF.rss, type: 'application/rss+xml' }, { url: SELF.atom, type: 'application/atom+xml' }],
      updated: '2024-02-20T02:49:00+03:00',
    })
  })

  it('names the hub, next_url, and the other RFC 5005 links and the archive mark in _nashra', () => {
    const related = [
      { rel: 'next' as const, urls: { rss: 'https://n.test/r2', atom: 'https://n.test/a2', json: 'https://n.test/j2' } },
      { rel: 'prev-archive' as const, urls: { rss: 'https://n.test/r1', atom: 'https://n.test/a1', json: 'https://n.test/j1' } },
    ]
    const feed = read(renderJsonFeed(feedDoc({ links: { self: SELF, hub: 'https://hub.test/', related, archive: true } })))
    expect(feed.hubs).toEqual([{ type: 'WebSub', url: 'https://hub.test/' }])
    expect(feed.next_url).toBe('https://n.test/j2')
    expect(feed._nashra.links).toEqual({ next: 'https://n.test/j2', 'prev-archive': 'https://n.test/j1' })
    expect(feed._nashra.archive).toBe(true)
  })

  it('renders an item with RFC 3339 dates in Baghdad time, authors, tags, language and the image as an attachment', () => {
    const item = read(renderJsonFeed(feedDoc())).items[0]
    expect(item).toEqual({
      id: 'tag:mawazin.net,2024:article/a1',
      url: 'https://www.mawazin.net/news/a1?from=rss&lang=ar',
      title: 'زيارة سرية لقاآني الى بغداد',
      summary: 'أفادت مصادر بأن قاآني زار بغداد.',
      content_html: '<div dir="rtl" lang="ar"><p>وقالت المصادر إنّ <b>قاآني</b> التقى…</p></div>',
      date_published: '2024-02-18T12:13:00+03:00',
      date_modified: '2024-02-20T02:49:00+03:00',
      authors: [{ name: 'فريق التحرير' }],
      tags: ['تقارير', 'بغداد'],
      language: 'ar',
      image: 'https://www.mawazin.net/images/a.jpg',
      attachments: [{ url: 'https://www.mawazin.net/images/a.jpg', mime_type: 'image/jpeg', title: 'قاآني', size_in_bytes: 48213 }],
    })
  })

  it('leaves out an unknown attachment size and a missing caption, and the image fields without an image', () => {
    const [sized, none] = read(renderJsonFeed(feedDoc({ items: [feedItem({ image: { url: 'https://n.test/b.png', type: 'image/png', length: 0 } }), feedItem({ image: undefined })] }))).items
    expect(sized.attachments).toEqual([{ url: 'https://n.test/b.png', mime_type: 'image/png' }])
    expect(none).not.toHaveProperty('image')
    expect(none).not.toHaveProperty('attachments')
  })

  it('cleans hostile text as the XML formats do (no lone surrogate, no control character) and keeps the rest', () => {
    const item = feedItem({ title: HOSTILE, summary: HOSTILE, contentHtml: HOSTILE, authors: [{ name: HOSTILE }], categories: [HOSTILE], image: { url: 'https://n.test/a.jpg', type: 'image/jpeg', length: 1, caption: HOSTILE } })
    const json = renderJsonFeed(feedDoc({ title: HOSTILE, description: HOSTILE, author: { name: HOSTILE }, items: [item] }))
    expect(json).not.toMatch(/\\ud[89a-f]/i)
    const feed = read(json)
    expect([feed.title, feed.description, feed.authors[0].name]).toEqual([HOSTILE_CLEAN, HOSTILE_CLEAN, HOSTILE_CLEAN])
    const it0 = feed.items[0]
    expect([it0.title, it0.summary, it0.content_html, it0.authors[0].name, it0.tags[0], it0.attachments[0].title]).toEqual(Array(6).fill(HOSTILE_CLEAN))
  })

  it('is pure: the same doc gives the same bytes', () => {
    expect(renderJsonFeed(feedDoc())).toBe(renderJsonFeed(feedDoc()))
  })
})
