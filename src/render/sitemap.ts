// A sitemap (sitemaps.org protocol 0.9) of the pages for people: the directory and each section's page. Pure.
import { toRfc3339 } from '../model/dates'
import { element, xmlText } from './xml'

export interface SitemapEntry {
  url: string
  /** When what the page shows last changed (epoch ms): its newest item's update; null when unknown. */
  lastModified: number | null
}

/** `<urlset>` with one `<url>` per entry; `lastmod` in W3C Datetime (RFC 3339 is a profile of it). */
export function renderSitemap(entries: readonly SitemapEntry[]): string {
  let out = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
  for (const entry of entries) {
    out += `<url><loc>${xmlText(entry.url)}</loc>${entry.lastModified === null ? '' : element('lastmod', toRfc3339(entry.lastModified))}</url>\n`
  }
  return out + '</urlset>\n'
}
