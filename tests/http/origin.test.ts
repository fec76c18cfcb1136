// Which origin documents name: a configured PUBLIC_URL (one or a list), or in development a loopback request
// origin; a foreign Host never gets a cacheable document naming it.
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import worker from '../../src/index'
import { ConfigError, parseConfig } from '../../src/model/config'
import { ORIGIN, testEnv, unique, atomLinks, sectionWithArticle } from '../helpers'

/** The Worker's fetch for a request addressed to `url` (its Host is the URL's, as workerd builds it). */
async function at(url: string, bindings: Env = testEnv, init: RequestInit = {}): Promise<Response> {
  const ctx = createExecutionContext()
  const headers = new Headers(init.headers)
  headers.set('Host', new URL(url).host)
  const res = await worker.fetch(new Request(url, { redirect: 'manual', ...init, headers }), bindings, ctx)
  await waitOnExecutionContext(ctx)
  return res
}

const DEVELOPMENT = { ...testEnv, PUBLIC_URL: '' } as Env
const LISTED = { ...testEnv, PUBLIC_URL: 'https://feeds.example.com, http://nashra.test' } as Env

describe('a foreign Host with PUBLIC_URL set', () => {
  it('gets feeds, the index, pages, the OPML and redirects naming the configured origin only', async () => {
    const { section } = await sectionWithArticle({}, { name: `محليات ${unique('n')}` })
    const atom = await at(`http://evil.example/feeds/${section.slug}/atom.xml`)
    expect(atom.status).toBe(200)
    const body = await atom.text()
    expect(atomLinks(body).self).toBe(`${ORIGIN}/feeds/${section.slug}/atom.xml`)
    expect(atom.headers.get('Content-Location')).toBe(`${ORIGIN}/feeds/${section.slug}/atom.xml`)
    expect(atom.headers.get('Link')).toContain(`<${ORIGIN}/feeds/${section.slug}/atom.xml>; rel="self"`)
    expect(atom.headers.get('Link')).not.toContain('evil.example')
    expect(body).not.toContain('evil.example')

    const rss = await (await at(`http://evil.example/feeds/${section.slug}/rss.xml`)).text()
    const json = await (await at(`http://evil.example/feeds/${section.slug}/feed.json`)).text()
    const index = await (await at('http://evil.example/feeds')).text()
    const directory = await (await at('http://evil.example/')).text()
    const preview = await (await at(`http://evil.example/sections/${section.slug}`)).text()
    const opml = await (await at('http://evil.example/feeds.opml')).text()
    for (const text of [rss, json, index, directory, preview, opml]) {
      expect(text).not.toContain('evil.example')
      expect(text).toContain(`${ORIGIN}/feeds/${section.slug}/`)
    }
    const redirect = await at(`http://evil.example/feeds/${encodeURIComponent(section.name)}/rss.xml?limit=3`)
    expect(redirect.status).toBe(301)
    expect(redirect.headers.get('Location')).toMatch(new RegExp(`^${ORIGIN}/feeds/sec-[^/]+/rss\\.xml\\?limit=3$`))
  })

  it('links a request at a listed origin to itself, and any other host to the first (canonical) one', async () => {
    const { section } = await sectionWithArticle({}, { name: `محليات ${unique('n')}` })
    const path = `/feeds/${section.slug}/atom.xml`
    expect(atomLinks(await (await at(`http://nashra.test${path}`, LISTED)).text()).self).toBe(`http://nashra.test${path}`)
    expect(atomLinks(await (await at(`http://evil.example${path}`, LISTED)).text()).self).toBe(`https://feeds.example.com${path}`)
    // The scheme is part of the origin: http at a host listed as https is not that origin.
    expect(atomLinks(await (await at(`http://feeds.example.com${path}`, LISTED)).text()).self).toBe(`https://feeds.example.com${path}`)
  })
})

describe('development (no PUBLIC_URL)', () => {
  it('answers a foreign Host with a 421 problem that no cache keeps, on feeds, pages and the API', async () => {
    const { section } = await sectionWithArticle({}, { name: `محليات ${unique('n')}` })
    for (const path of [`/feeds/${section.slug}/rss.xml`, '/feeds', '/', '/feeds.opml', '/api/openapi.json']) {
      for (const host of ['evil.example', '127.0.0.1.evil.example', 'localhost.evil.example', '10.0.0.1', '[::2]']) {
        const res = await at(`http://${host}${path}`, DEVELOPMENT)
        expect(res.status, `${host}${path}`).toBe(421)
        expect(res.headers.get('Content-Type')).toBe('application/problem+json')
        expect(res.headers.get('Cache-Control')).toBe('no-store')
        expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff')
        const problem = (await res.json()) as Record<string, unknown>
        expect(problem).toMatchObject({ status: 421, title: 'Misdirected Request' })
        expect(String(problem.detail)).toContain('PUBLIC_URL')
      }
    }
  })

  it('trusts a loopback origin (127.0.0.0/8, localhost, [::1], any port) and names it', async () => {
    const { section } = await sectionWithArticle({}, { name: `محليات ${unique('n')}` })
    const path = `/feeds/${section.slug}/atom.xml`
    for (const origin of ['http://127.0.0.1:8787', 'http://127.1.2.3', 'http://localhost:9000', 'http://[::1]:8787', 'https://localhost']) {
      const res = await at(origin + path, DEVELOPMENT)
      expect(res.status, origin).toBe(200)
      expect(atomLinks(await res.text()).self).toBe(origin + path)
    }
  })
})

describe('PUBLIC_URL', () => {
  const base = { SITE_URL: 'https://www.mawazin.net', SITE_NAME: 'موازين نيوز', TAG_AUTHORITY: 'mawazin.net,2024' }

  it('is a comma-separated list of origins, the first canonical', () => {
    const config = parseConfig({ ...base, PUBLIC_URL: ' https://Feeds.Example.com/ ,https://nashra.workers.dev:443' })
    expect(config.publicUrl).toBe('https://feeds.example.com')
    expect(config.publicOrigins).toEqual(['https://feeds.example.com', 'https://nashra.workers.dev'])
    expect(parseConfig({ ...base, PUBLIC_URL: '' }).publicOrigins).toEqual([])
  })

  it('refuses anything but origins', () => {
    for (const bad of ['https://feeds.example.com/nashra', 'https://feeds.example.com/?a=1', 'https://user@feeds.example.com', 'feeds.example.com', 'ftp://feeds.example.com']) {
      expect(() => parseConfig({ ...base, PUBLIC_URL: bad }), bad).toThrow(ConfigError)
    }
  })
})
