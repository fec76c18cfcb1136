import { beforeAll, describe, expect, it } from 'vitest'
import { saveArticle } from '../../src/publish/write'
import { ORIGIN, WRITE_NOW, call, createSection, makeDraft, parseXml, stores } from '../helpers'

const UPDATED = Date.UTC(2024, 1, 18, 12, 0)

beforeAll(async () => {
  await createSection({ slug: 'crawl', name: 'زحف', updated: Date.UTC(2023, 0, 1) })
  await createSection({ slug: 'crawl-empty', name: 'بلا أخبار', updated: Date.UTC(2023, 0, 2) })
  await saveArticle(stores, makeDraft('crawl', { id: 'crawl-1', published: Date.UTC(2024, 1, 18, 9, 13), updated: UPDATED }), { now: WRITE_NOW })
})

describe('GET /robots.txt', () => {
  it('allows the feeds and pages, disallows the API, and names the sitemap on the canonical origin', async () => {
    const res = await call('/robots.txt')
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toBe('text/plain; charset=utf-8')
    expect((await res.text()).split('\n')).toEqual(['User-agent: *', 'Allow: /', 'Disallow: /api/', '', `Sitemap: ${ORIGIN}/sitemap.xml`, ''])
    expect((await call('/robots.txt', { method: 'POST' })).status).toBe(405)
  })
})

describe('GET /sitemap.xml', () => {
  it('lists the directory and every section page, each with its newest update', async () => {
    const res = await call('/sitemap.xml')
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toBe('application/xml; charset=utf-8')
    const { urlset } = parseXml(await res.text())
    expect(urlset['@_xmlns']).toBe('http://www.sitemaps.org/schemas/sitemap/0.9')
    const urls = [urlset.url].flat() as { loc: string; lastmod?: string }[]
    expect(urls[0]!.loc).toBe(`${ORIGIN}/`)
    const byLoc = new Map(urls.map((u) => [u.loc, u.lastmod]))
    // The article's update (18 Feb 2024, 15:00 Baghdad) for its section; an empty section's own record's.
    expect(byLoc.get(`${ORIGIN}/sections/crawl`)).toBe('2024-02-18T15:00:00+03:00')
    expect(byLoc.get(`${ORIGIN}/sections/crawl-empty`)).toBe('2023-01-02T03:00:00+03:00')
    expect(urls.every((u) => u.loc.startsWith(`${ORIGIN}/`))).toBe(true)
  })
})

describe('Atom feed links', () => {
  it('puts the website (text/html) last among the alternates, where newsboat looks for it', async () => {
    const { feed } = parseXml(await (await call('/feeds/crawl/atom.xml')).text())
    const alternates = [feed.link].flat().filter((l: any) => l['@_rel'] === 'alternate')
    expect(alternates.map((l: any) => l['@_type'])).toEqual(['application/rss+xml', 'application/feed+json', 'text/html'])
    expect(alternates.at(-1)['@_href']).toBe('https://www.mawazin.net/sections/crawl')
  })
})
