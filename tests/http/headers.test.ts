// Cross-cutting response headers through the Worker's fetch: nosniff everywhere, 405 with Allow, CORS and its
// preflight, no-store behind the token, the reference page's CSP, and how long a closed month's archive is fresh.
import { describe, expect, it } from 'vitest'
import { saveArticle } from '../../src/publish/write'
import { api, call, testEnv, WRITE_NOW, stores, sectionWithArticle } from '../helpers'
import { purgeAllHere } from '../../src/http/feed-cache'
import staticHeaders from '../../static/_headers?raw'

const READER = 'https://reader.example'
/** The article these tests publish: January 2024, a closed month. */
const JANUARY = { published: Date.UTC(2024, 0, 15, 9) }

async function expectProblem(res: Response, status: number): Promise<Record<string, unknown>> {
  expect(res.status).toBe(status)
  expect(res.headers.get('Content-Type')).toBe('application/problem+json')
  const body = (await res.json()) as Record<string, unknown>
  expect(body.status).toBe(status)
  return body
}

describe('X-Content-Type-Options', () => {
  it('is nosniff on documents, 304s, redirects, preflights and every problem (404, 400, 401, 405, 500)', async () => {
    const { section } = await sectionWithArticle(JANUARY)
    const feed = await call(`/feeds/${section.slug}/rss.xml`)
    const responses: Record<string, Response> = {
      feed,
      notModified: await call(`/feeds/${section.slug}/rss.xml`, { headers: { 'If-None-Match': feed.headers.get('ETag')! } }),
      index: await call('/feeds'),
      page: await call('/'),
      opml: await call('/feeds.opml'),
      docs: await call('/api/docs'),
      openapi: await call('/api/openapi.json'),
      redirect: await call(`/feeds/${encodeURIComponent('تقارير')}/rss.xml`),
      preflight: await call('/feeds', { method: 'OPTIONS', headers: { Origin: READER, 'Access-Control-Request-Method': 'GET' } }),
      notFound: await call('/nothing-here'),
      badQuery: await call(`/feeds/${section.slug}/rss.xml?limit=0`),
      unauthorized: await call('/api/articles'),
      wrongMethod: await call('/feeds', { method: 'POST' }),
      serverError: await call('/feeds', {}, { ...testEnv, SITE_URL: 'not a url' } as Env),
    }
    expect(responses.notModified!.status).toBe(304)
    expect(responses.serverError!.status).toBe(500)
    for (const [name, res] of Object.entries(responses)) expect(res.headers.get('X-Content-Type-Options'), name).toBe('nosniff')
  })
})

describe('a method a read-only route does not take', () => {
  // /embed.js is not here: a static asset, answered (405 without Allow for these methods) before the Worker.
  it('is a 405 problem with Allow on every feed, archive, page, OPML, embed and /feeds route', async () => {
    const { section } = await sectionWithArticle(JANUARY)
    const s = section.slug
    const cors = ['/feeds', '/feeds/rss.xml', `/feeds/${s}/atom.xml`, `/feeds/${s}/feed.json`, '/feeds/archive/2024-01/feed.json',
      `/feeds/${s}/archive/2024-01/rss.xml`, `/feeds/${encodeURIComponent('تقارير')}/rss.xml`, '/feeds.opml', '/api/openapi.json']
    const plain = ['/', `/sections/${s}`, `/embed/${s}`, '/api/docs']
    for (const [paths, allow] of [[cors, 'GET, HEAD, OPTIONS'], [plain, 'GET, HEAD']] as const) {
      for (const path of paths) {
        for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
          const res = await call(path, { method, body: method === 'DELETE' ? null : '{}' })
          const body = await expectProblem(res, 405)
          expect(res.headers.get('Allow'), `${method} ${path}`).toBe(allow)
          expect(body.title).toBe('Method Not Allowed')
        }
      }
    }
    // OPTIONS is a preflight only where CORS applies.
    const options = await call('/', { method: 'OPTIONS' })
    await expectProblem(options, 405)
    expect(options.headers.get('Allow')).toBe('GET, HEAD')
    // HEAD still works where GET does.
    expect((await call(`/sections/${s}`, { method: 'HEAD' })).status).toBe(200)
  })
})

describe('CORS', () => {
  it('answers a preflight on JSON Feed and /feeds, allowing the conditional request headers', async () => {
    const { section } = await sectionWithArticle(JANUARY)
    for (const path of [`/feeds/${section.slug}/feed.json`, '/feeds', '/feeds/archive/2024-01/feed.json']) {
      const res = await call(path, {
        method: 'OPTIONS',
        headers: { Origin: READER, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'if-none-match, if-modified-since' },
      })
      expect(res.status, path).toBe(204)
      expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*')
      expect(res.headers.get('Access-Control-Allow-Methods')).toBe('GET,HEAD,OPTIONS')
      expect(res.headers.get('Access-Control-Allow-Headers')).toBe('If-None-Match,If-Modified-Since')
      expect(res.headers.get('Access-Control-Max-Age')).toBe('86400')
      expect(res.headers.get('Access-Control-Allow-Credentials')).toBeNull()
    }
  })

  it('lets any origin read a feed, its validators and links, on a 200 and a 304', async () => {
    const { section } = await sectionWithArticle(JANUARY)
    const res = await call(`/feeds/${section.slug}/feed.json`, { headers: { Origin: READER } })
    expect(res.status).toBe(200)
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*')
    expect(res.headers.get('Access-Control-Expose-Headers')).toBe('ETag,Last-Modified,Link')
    const again = await call(`/feeds/${section.slug}/feed.json`, { headers: { Origin: READER, 'If-None-Match': res.headers.get('ETag')! } })
    expect(again.status).toBe(304)
    expect(again.headers.get('Access-Control-Allow-Origin')).toBe('*')
    expect(again.headers.get('Access-Control-Expose-Headers')).toBe('ETag,Last-Modified,Link')
    // /embed.js is a static asset: its CORS is static/_headers' (below).
    for (const path of ['/feeds', '/feeds.opml', '/api/openapi.json', `/feeds/${section.slug}/rss.xml`]) {
      expect((await call(path, { headers: { Origin: READER } })).headers.get('Access-Control-Allow-Origin'), path).toBe('*')
    }
    // A problem on a feed path is readable too, so a script can show why.
    expect((await call(`/feeds/${section.slug}/feed.json?limit=0`, { headers: { Origin: READER } })).headers.get('Access-Control-Allow-Origin')).toBe('*')
    // Pages for people and the publishing API are not CORS.
    for (const path of ['/', `/embed/${section.slug}`, '/api/articles']) {
      expect((await call(path, { headers: { Origin: READER } })).headers.get('Access-Control-Allow-Origin'), path).toBeNull()
    }
  })
})

/** static/_headers as rules: each path pattern and the headers it sets, in order. */
function headerRules(text: string): Map<string, Record<string, string>> {
  const rules = new Map<string, Record<string, string>>()
  let current: Record<string, string> | null = null
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue
    if (!/^\s/.test(line)) rules.set(line.trim(), (current = {}))
    else if (current) {
      const colon = line.indexOf(':')
      current[line.slice(0, colon).trim()] = line.slice(colon + 1).trim()
    }
  }
  return rules
}

describe('the static assets\' headers (static/_headers)', () => {
  it('give /embed.js a day\'s public caching, any origin and nosniff, and its fonts any origin too', () => {
    const rules = headerRules(staticHeaders)
    // Partners embed this very URL, so it has no hash to change: a day, as when the Worker served it, not a year.
    expect(rules.get('/embed.js')).toEqual({
      'Cache-Control': 'public, max-age=86400',
      'Access-Control-Allow-Origin': '*',
      'X-Content-Type-Options': 'nosniff',
    })
    // The script loads the typeface from our origin into the partner's page: a cross-origin font needs CORS.
    expect(rules.get('/fonts/*')?.['Access-Control-Allow-Origin']).toBe('*')
  })
})

describe('the publishing API', () => {
  it('answers Cache-Control: no-store behind the token: successes, 401s, 404s and 422s', async () => {
    const { section, draft } = await sectionWithArticle(JANUARY)
    const responses: Record<string, Response> = {
      list: await api('GET', `/api/articles?section=${section.slug}`),
      article: await api('GET', `/api/articles/${draft.id}`),
      sections: await api('GET', '/api/sections'),
      section: await api('GET', `/api/sections/${section.slug}`),
      sources: await api('GET', '/api/sources'),
      unchanged: await api('PUT', `/api/sections/${section.slug}`, { name: section.name }),
      missing: await api('GET', '/api/articles/no-such-article'),
      invalid: await api('PUT', `/api/sections/${section.slug}`, { name: 7 }),
      noToken: await call('/api/articles'),
      badToken: await call('/api/sections', { headers: { Authorization: 'Bearer wrong' } }),
    }
    expect(responses.list!.status).toBe(200)
    expect(responses.article!.status).toBe(200)
    expect(responses.noToken!.status).toBe(401)
    for (const [name, res] of Object.entries(responses)) expect(res.headers.get('Cache-Control'), name).toBe('no-store')
  })

  it('serves its reference page under a CSP that allows only the page\'s own inline style', async () => {
    const res = await call('/api/docs')
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Security-Policy')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    )
    // What the policy must still allow is all the page uses: one inline <style>, no script, image or frame.
    const html = await res.text()
    expect(html).toContain('<style>')
    expect(html).not.toMatch(/<(script|img|iframe|link|object|embed|form)\b|\sstyle=|\son\w+=/i)
  })
})

describe('a closed month\'s archive', () => {
  it('is fresh for a day at most, never immutable, and revalidates by ETag until it changes', async () => {
    const { section, draft } = await sectionWithArticle(JANUARY)
    const path = `/feeds/${section.slug}/archive/2024-01/atom.xml`
    const first = await call(path)
    expect(first.status).toBe(200)
    expect(first.headers.get('Cache-Control')).toBe('public, max-age=86400, must-revalidate')
    const etag = first.headers.get('ETag')!
    const same = await call(path, { headers: { 'If-None-Match': etag } })
    expect(same.status).toBe(304)
    expect(same.headers.get('ETag')).toBe(etag)
    expect(same.headers.get('Cache-Control')).toBe('public, max-age=86400, must-revalidate')

    // A correction in January, published long after January ended: the next revalidation gets it.
    await saveArticle(stores, { ...draft, title: 'عنوان مصحح', updated: Date.UTC(2024, 5, 1) }, { now: WRITE_NOW })
    purgeAllHere() // as the API's write routes do
    const corrected = await call(path, { headers: { 'If-None-Match': etag } })
    expect(corrected.status).toBe(200)
    expect(corrected.headers.get('ETag')).not.toBe(etag)
    expect(await corrected.text()).toContain('عنوان مصحح')
  })
})
