import { describe, expect, it } from 'vitest'
import { ADMIN_TOKEN, api, apiArticle, call, createSection, testEnv, withKv, feedIds, storedState } from '../../helpers'

describe('auth', () => {
  it('answers 401 with WWW-Authenticate for a missing or wrong token, never echoing it', async () => {
    const section = await createSection()
    const missing = await call('/api/articles/x', { method: 'GET' })
    expect(missing.status).toBe(401)
    expect(missing.headers.get('Content-Type')).toBe('application/problem+json')
    expect(missing.headers.get('WWW-Authenticate')).toBe('Bearer realm="nashra"')
    const wrong = await call(`/api/articles/x`, { method: 'PUT', headers: { Authorization: 'Bearer not-the-token-secret' }, body: JSON.stringify(apiArticle(section.slug)) })
    expect(wrong.status).toBe(401)
    expect(wrong.headers.get('WWW-Authenticate')).toContain('error="invalid_token"')
    const text = await wrong.text()
    expect(text).not.toContain('not-the-token-secret')
    expect(text).not.toContain(ADMIN_TOKEN)
  })

  it('keeps feeds public', async () => {
    const section = await createSection()
    expect((await call(`/feeds/${section.slug}/rss.xml`)).status).toBe(200)
  })
})

describe('PUT /api/articles/{id}', () => {
  it('creates (201), replaces (200), and leaves a repeat unchanged with the feed ETag kept', async () => {
    const section = await createSection()
    const article = apiArticle(section.slug, { tags: ['نفط'], authors: [{ name: 'علي' }] })
    const created = await api('PUT', `/api/articles/${article.id}`, article)
    expect(created.status).toBe(201)
    expect(created.headers.get('Location')).toBe(`/api/articles/${article.id}`)
    const body = (await created.json()) as any
    expect(body.status).toBe('created')
    expect(body.article.published).toBe('2024-02-18T12:13:00+03:00')
    expect(body.article.updated).toBe('2024-02-18T12:13:00+03:00')
    expect(body.article.summary).toBe('نص الخبر.')
    expect(body.article.section_name).toBe(section.name)

    const etag = (await call(`/feeds/${section.slug}/atom.xml`)).headers.get('ETag')
    const again = await api('PUT', `/api/articles/${article.id}`, article)
    expect(again.status).toBe(200)
    expect(((await again.json()) as any).status).toBe('unchanged')
    expect((await call(`/feeds/${section.slug}/atom.xml`)).headers.get('ETag')).toBe(etag)

    const replaced = await api('PUT', `/api/articles/${article.id}`, { ...article, title: 'عنوان جديد', updated: '2024-02-18T14:00:00+03:00' })
    expect(replaced.status).toBe(200)
    expect(((await replaced.json()) as any).status).toBe('updated')
    const got = (await (await api('GET', `/api/articles/${article.id}`)).json()) as any
    expect(got.title).toBe('عنوان جديد')
    expect(got.updated).toBe('2024-02-18T14:00:00+03:00')
  })

  it('takes the section by its Arabic name', async () => {
    const section = await createSection({ name: 'منوعات خاصة' })
    const article = apiArticle('منوعات خاصة')
    const res = await api('PUT', `/api/articles/${article.id}`, article)
    expect(res.status).toBe(201)
    expect(((await res.json()) as any).article.section).toBe(section.slug)
  })

  it('cleans the HTML and says what it removed', async () => {
    const section = await createSection()
    const article = apiArticle(section.slug, { content: '<p onclick="x()">نص</p><script>alert(1)</script><a href="javascript:alert(1)">x</a><img src="/a.jpg">' })
    const body = (await (await api('PUT', `/api/articles/${article.id}`, article)).json()) as any
    expect(body.article.content).toBe('<p>نص</p><a>x</a><img src="https://www.mawazin.net/a.jpg">')
    expect(body.removed).toEqual({ 'attribute:onclick': 1, 'element:script': 1, 'url:javascript': 1 })
  })

  it('names every bad field in a 422 problem', async () => {
    const section = await createSection()
    const res = await api('PUT', '/api/articles/a1', {
      id: 'a1',
      section: section.slug,
      title: '   ',
      content: '<p>x</p>',
      url: 'ftp://x',
      published: '2024-02-18 12:13',
      updated: 'yesterday',
      image: { url: 'https://x/a.jpg', type: 'text/html', length: -1 },
      colour: 'red',
    })
    expect(res.status).toBe(422)
    expect(res.headers.get('Content-Type')).toBe('application/problem+json')
    const body = (await res.json()) as any
    expect(body.status).toBe(422)
    const pointers = body.errors.map((e: any) => e.pointer).sort()
    expect(pointers).toEqual(['#/colour', '#/image/length', '#/image/type', '#/published', '#/title', '#/updated', '#/url'])
    expect(body.errors.every((e: any) => typeof e.detail === 'string' && e.detail.length > 0)).toBe(true)
  })

  it('says which required fields are missing', async () => {
    const res = await api('PUT', '/api/articles/a2', { id: 'a2' })
    const body = (await res.json()) as any
    expect(res.status).toBe(422)
    expect(body.errors.filter((e: any) => e.detail === 'required').map((e: any) => e.pointer).sort()).toEqual(
      ['#/content', '#/published', '#/section', '#/title', '#/url'],
    )
  })

  it('rejects an unknown section, an id that differs from the path, and a bad id', async () => {
    const section = await createSection()
    const unknown = await api('PUT', '/api/articles/a3', apiArticle('no-such', { id: 'a3' }))
    expect(((await unknown.json()) as any).errors).toEqual([{ pointer: '#/section', detail: 'no section "no-such"' }])
    const mismatch = await api('PUT', '/api/articles/a4', apiArticle(section.slug, { id: 'other' }))
    expect(((await mismatch.json()) as any).errors).toEqual([{ pointer: '#/id', detail: 'must equal the id in the path' }])
    const badId = await api('PUT', '/api/articles/bad%20id', apiArticle(section.slug, { id: 'bad id' }))
    expect(badId.status).toBe(400)
    expect(((await badId.json()) as any).errors[0].parameter).toBe('id')
  })

  it('answers malformed JSON with 400 and an oversized body with 413', async () => {
    const malformed = await api('PUT', '/api/articles/a5', '{"id": ')
    expect(malformed.status).toBe(400)
    expect(malformed.headers.get('Content-Type')).toBe('application/problem+json')
    const section = await createSection()
    const huge = await api('PUT', '/api/articles/a6', apiArticle(section.slug, { id: 'a6', content: 'ع'.repeat(600_000) }))
    expect(huge.status).toBe(413)
    expect(((await huge.json()) as any).title).toBe('Request body too large')
  })

  it('moves an article between sections and dates with no ghost, and deletes it from every feed', async () => {
    const a = await createSection()
    const b = await createSection({ name: 'سياسة' })
    const article = apiArticle(a.slug)
    await api('PUT', `/api/articles/${article.id}`, article)
    await api('PUT', `/api/articles/${article.id}`, { ...article, section: b.slug, published: '2024-03-01T10:00:00+03:00' })
    expect(await feedIds(`/feeds/${a.slug}/feed.json?limit=100`)).toEqual([])
    expect(await feedIds(`/feeds/${b.slug}/feed.json?limit=100`)).toEqual([article.id])
    expect((await api('DELETE', `/api/articles/${article.id}`)).status).toBe(204)
    expect((await api('DELETE', `/api/articles/${article.id}`)).status).toBe(404)
    expect((await api('GET', `/api/articles/${article.id}`)).status).toBe(404)
    expect(await feedIds(`/feeds/${b.slug}/feed.json?limit=100`)).toEqual([])
  })
})

describe('concurrency', () => {
  it('keeps all of 100 concurrent PUTs into two sections', async () => {
    const a = await createSection()
    const b = await createSection({ name: 'اقتصاد' })
    const articles = Array.from({ length: 100 }, (_, i) =>
      apiArticle(i % 2 ? a.slug : b.slug, { id: `${a.slug}-k${i}`, published: `2024-05-01T10:${String(i % 60).padStart(2, '0')}:00+03:00` }),
    )
    const statuses = await Promise.all(articles.map((x) => api('PUT', `/api/articles/${x.id}`, x).then((r) => r.status)))
    expect(statuses.every((s) => s === 201)).toBe(true)
    expect((await feedIds(`/feeds/${a.slug}/feed.json?limit=100`)).length).toBe(50)
    expect((await feedIds(`/feeds/${b.slug}/feed.json?limit=100`)).length).toBe(50)
  })

  it('ends concurrent PUTs of one id with exactly one entry in each feed, and exactly one 201', async () => {
    const a = await createSection()
    const b = await createSection({ name: 'رياضة' })
    const id = `${a.slug}-same`
    const versions = Array.from({ length: 8 }, (_, i) =>
      apiArticle(i % 2 ? a.slug : b.slug, { id, title: `نسخة ${i}`, published: `2024-06-0${1 + (i % 5)}T10:00:00+03:00` }),
    )
    const statuses = await Promise.all(versions.map((v) => api('PUT', `/api/articles/${id}`, v).then((r) => r.status)))
    // One of them created it; every other replaced it.
    expect(statuses.filter((s) => s === 201)).toHaveLength(1)
    expect(statuses.filter((s) => s === 200)).toHaveLength(versions.length - 1)
    const stored = (await (await api('GET', `/api/articles/${id}`)).json()) as any
    const inA = await feedIds(`/feeds/${a.slug}/feed.json?limit=100`)
    const inB = await feedIds(`/feeds/${b.slug}/feed.json?limit=100`)
    const home = stored.section === a.slug ? inA : inB
    const other = stored.section === a.slug ? inB : inA
    expect(home).toEqual([id])
    expect(other).toEqual([])
    const json = (await (await call(`/feeds/${stored.section}/feed.json`)).json()) as any
    expect(json.items[0].title).toBe(stored.title)
    const site = (await (await call('/feeds/feed.json?limit=100')).json()) as any
    expect(site.items.filter((i: any) => i.id.endsWith(`/${id}`))).toHaveLength(1)
  })
})

describe('POST /api/articles (batch)', () => {
  it('answers one result per item; a bad item never blocks the rest', async () => {
    const section = await createSection()
    const good = apiArticle(section.slug)
    const bad = apiArticle(section.slug, { url: 'not a url' })
    const res = await api('POST', '/api/articles', [good, bad, 42])
    expect(res.status).toBe(200)
    const body = (await res.json()) as any
    expect(body.summary).toEqual({ created: 1, updated: 0, unchanged: 0, failed: 2 })
    expect(body.results[0]).toEqual({ index: 0, id: good.id, status: 'created' })
    expect(body.results[1].errors).toEqual([{ pointer: '#/1/url', detail: 'an absolute http(s) URL' }])
    expect(body.results[2].status).toBe('failed')
    expect(await feedIds(`/feeds/${section.slug}/feed.json?limit=100`)).toEqual([good.id])
  })

  it('retries a write the platform refuses, and reports an item still refused as retryable, nothing half-written', async () => {
    const section = await createSection()
    const [once, always, fine] = [apiArticle(section.slug), apiArticle(section.slug), apiArticle(section.slug)]
    let refusedOnce = false
    const flaky = withKv((op, key) => {
      if (op !== 'put') return
      if (key.startsWith(`v2/article/${once.id}/`) && !refusedOnce) {
        refusedOnce = true
        throw new Error('KV PUT failed: 429 Too Many Requests')
      }
      if (key.startsWith(`v2/article/${always.id}/`)) throw new Error('KV PUT failed: 429 Too Many Requests')
    })
    const body = (await (await api('POST', '/api/articles', [once, always, fine], flaky)).json()) as any
    expect(body.summary).toEqual({ created: 2, updated: 0, unchanged: 0, failed: 1 })
    expect(body.results[1]).toMatchObject({ index: 1, id: always.id, status: 'failed', retryable: true })
    expect(body.results[0].retryable).toBeUndefined()
    expect(await storedState(always.id as string)).toEqual({ rows: 0, records: [] })
    expect((await feedIds(`/feeds/${section.slug}/feed.json?limit=100`)).sort()).toEqual([once.id, fine.id].sort())
    // Sent again, it goes through.
    const again = (await (await api('POST', '/api/articles', [once, always, fine])).json()) as any
    expect(again.summary).toEqual({ created: 1, updated: 0, unchanged: 2, failed: 0 })
  })

  it('takes NDJSON, reporting a malformed line alone', async () => {
    const section = await createSection()
    const a = apiArticle(section.slug)
    const b = apiArticle(section.slug)
    const ndjson = `${JSON.stringify(a)}\n{oops\n${JSON.stringify(b)}\n`
    const res = await api('POST', '/api/articles', ndjson, testEnv, { 'Content-Type': 'application/x-ndjson' })
    const body = (await res.json()) as any
    expect(body.summary).toEqual({ created: 2, updated: 0, unchanged: 0, failed: 1 })
    expect(body.results[1]).toEqual({ index: 1, line: 2, id: null, status: 'failed', errors: [{ pointer: '#/1', detail: 'line 2 is not valid JSON' }] })
  })

  it('validates without writing on dry_run', async () => {
    const section = await createSection()
    const a = apiArticle(section.slug)
    const body = (await (await api('POST', '/api/articles?dry_run=true', [a])).json()) as any
    expect(body.dry_run).toBe(true)
    expect(body.results[0].status).toBe('created')
    expect((await api('GET', `/api/articles/${a.id}`)).status).toBe(404)
  })

  it('refuses more than 500 items and a body that is not an array', async () => {
    const section = await createSection()
    const many = Array.from({ length: 501 }, () => apiArticle(section.slug))
    expect((await api('POST', '/api/articles', many)).status).toBe(413)
    expect((await api('POST', '/api/articles', { not: 'an array' })).status).toBe(400)
  })
})

describe('GET /api/articles', () => {
  it('lists newest first and pages with a cursor', async () => {
    const section = await createSection()
    const ids = []
    for (let i = 0; i < 5; i++) {
      const a = apiArticle(section.slug, { published: `2024-07-0${i + 1}T09:00:00+03:00` })
      ids.unshift(a.id)
      await api('PUT', `/api/articles/${a.id}`, a)
    }
    const first = (await (await api('GET', `/api/articles?section=${section.slug}&limit=2`)).json()) as any
    expect(first.items.map((i: any) => i.id)).toEqual(ids.slice(0, 2))
    const second = (await (await api('GET', `/api/articles?section=${section.slug}&limit=2&cursor=${encodeURIComponent(first.next_cursor)}`)).json()) as any
    expect(second.items.map((i: any) => i.id)).toEqual(ids.slice(2, 4))
    const third = (await (await api('GET', `/api/articles?section=${section.slug}&limit=2&cursor=${encodeURIComponent(second.next_cursor)}`)).json()) as any
    expect(third.items.map((i: any) => i.id)).toEqual(ids.slice(4))
    expect(third.next_cursor).toBeNull()
    expect((await api('GET', '/api/articles?limit=0')).status).toBe(400)
    expect((await api('GET', '/api/articles?section=nope')).status).toBe(404)
  })
})

describe('OpenAPI', () => {
  it('publishes a document generated from the schemas, and a reference page', async () => {
    const res = await call('/api/openapi.json')
    expect(res.status).toBe(200)
    const doc = (await res.json()) as any
    expect(doc.openapi).toBe('3.1.0')
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/articles/{id}', '/articles', '/sections/{slug}', '/sources/{id}']))
    expect(doc.paths['/articles'].post.requestBody.content['application/x-ndjson']).toBeDefined()
    expect(doc.components.schemas.ArticleInput.required).toEqual(expect.arrayContaining(['id', 'section', 'title', 'content', 'url', 'published']))
    const page = await call('/api/docs')
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('<code>/api/articles/{id}</code>')
    expect(html).not.toContain('<script')
  })
})
