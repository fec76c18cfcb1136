// renderSitemap: the sitemaps.org 0.9 urlset, lastmod in Baghdad time or none, URLs escaped.
import { describe, expect, it } from 'vitest'
import { renderSitemap } from '../../src/render/sitemap'
import { HOSTILE, HOSTILE_CLEAN, PUBLISHED, readXml, text } from './feed-fixtures'

describe('renderSitemap', () => {
  it('lists each page in order with its lastmod in RFC 3339 (Baghdad time), or without one when unknown', () => {
    const xml = renderSitemap([
      { url: 'https://n.test/', lastModified: PUBLISHED },
      { url: 'https://n.test/section/reports?page=2&x=1', lastModified: null },
    ])
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' +
        '<url><loc>https://n.test/</loc><lastmod>2024-02-18T12:13:00+03:00</lastmod></url>\n' +
        '<url><loc>https://n.test/section/reports?page=2&amp;x=1</loc></url>\n</urlset>\n',
    )
    const urlset = readXml(xml).urlset
    expect(urlset['@xmlns']).toBe('http://www.sitemaps.org/schemas/sitemap/0.9')
    expect(urlset.url.map((u: Record<string, unknown>) => text(u.loc))).toEqual(['https://n.test/', 'https://n.test/section/reports?page=2&x=1'])
    expect(text(urlset.url[0].lastmod)).toBe('2024-02-18T12:13:00+03:00')
    expect(urlset.url[1]).not.toHaveProperty('lastmod')
  })

  it('renders an empty urlset for no pages', () => {
    expect(readXml(renderSitemap([])).urlset).not.toHaveProperty('url')
  })

  it('keeps a hostile URL, cleaned, in a well-formed document', () => {
    expect(text(readXml(renderSitemap([{ url: HOSTILE, lastModified: 0 }])).urlset.url[0].loc)).toBe(HOSTILE_CLEAN)
  })
})
