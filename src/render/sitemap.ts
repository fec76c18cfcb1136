// A sitemap (sitemaps.org protocol 0.9) of the pages for people: the directory and each section's page. Pure.
import { toRfc3339 } from '../model/dates'
import { LF, el, lines, xmlDocument } from './xml'

const NS = 'http://www.sitemaps.org/schemas/sitemap/0.9'

export interface SitemapEntry {
  url: string
  /** When what the page shows last changed (epoch ms): its newest item's update; null when unknown. */
  lastModified: number | null
}

/** `<urlset>` with one `<url>` per entry; `lastmod` in W3C Datetime (RFC 3339 is a profile of it). */
export function renderSitemap(entries: readonly SitemapEntry[]): string {
  const urls = entries.map((entry) =>
    el('url', null, el('loc', null, entry.url), entry.lastModified === null ? null : el('lastmod', null, toRfc3339(entry.lastModified))),
  )
  return xmlDocument(el('urlset', { xmlns: NS }, LF, lines(urls)))
}
