// robots.txt (RFC 9309): feeds and pages open to every crawler, the publishing API closed, and where the sitemap is.

/** The whole file; `sitemapUrl` is absolute, as the `Sitemap:` line requires. */
export function renderRobots(sitemapUrl: string): string {
  return ['User-agent: *', 'Allow: /', 'Disallow: /api/', '', `Sitemap: ${sitemapUrl}`, ''].join('\n')
}
