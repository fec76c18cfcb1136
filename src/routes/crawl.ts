// What search engines read: /robots.txt and /sitemap.xml (the directory and every section's page).
import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { earliestScheduled, loadDirectory } from '../feeds/directory'
import { cacheControl } from '../http/cache-control'
import { publicBase } from '../http/config'
import { readOnly } from '../http/headers'
import { storesOf } from '../store/d1'
import { renderRobots } from '../render/robots'
import { renderSitemap } from '../render/sitemap'

export const crawlRoutes = new Hono<AppEnv>()

for (const path of ['/robots.txt', '/sitemap.xml']) readOnly(crawlRoutes, path)

crawlRoutes.get('/robots.txt', (c) => {
  const base = publicBase(c.var.config, c.req.url)
  return c.body(renderRobots(`${base}/sitemap.xml`), 200, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': cacheControl('list', c.var.config, null, c.var.now),
  })
})

crawlRoutes.get('/sitemap.xml', async (c) => {
  const base = publicBase(c.var.config, c.req.url)
  // As the directory with one headline each: two D1 queries and one KV read a section.
  const sections = await loadDirectory(storesOf(c.env), 1, c.var.now)
  const newest = (updates: number[]): number | null => (updates.length > 0 ? Math.max(...updates) : null)
  const pages = sections.map((s) => ({
    url: `${base}/sections/${s.section.slug}`,
    lastModified: newest([s.section.updated, ...s.articles.map((a) => a.updated)]),
  }))
  const directory = { url: `${base}/`, lastModified: newest(pages.flatMap((p) => (p.lastModified === null ? [] : [p.lastModified]))) }
  return c.body(renderSitemap([directory, ...pages]), 200, {
    'Content-Type': 'application/xml; charset=utf-8',
    'Cache-Control': cacheControl('page', c.var.config, earliestScheduled(sections), c.var.now),
  })
})
