// Accepted means stored and visible, or nothing at all: every field at its documented maximum in Arabic, writes
// that fail part-way, KV and D1 failures, sections deleted under a writer, and input checked before it is stored.
import { describe, expect, it } from 'vitest'
import { WRITE_ATTEMPTS } from '../../../src/store/d1'
import { api, apiArticle, atTime, call, createSection, parseXml, pausePoint, testEnv, textOf, unique, withKv, feedIds, storedState, withD1 } from '../../helpers'

/** `n` Arabic letters (2 bytes each in UTF-8), varied so that no two calls with different seeds match. */
function arabic(n: number, seed = 0): string {
  const letters = 'ابتثجحخدذرزسشصضطظعغفقكلمنهوي'
  let out = ''
  let x = (seed + 1) * 2654435761
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0
    out += letters[(x >>> 16) % letters.length]
  }
  return out
}

/** An article with every field at its documented maximum, in Arabic. */
function maximalArticle(section: string): Record<string, unknown> {
  return apiArticle(section, {
    title: arabic(300, 1),
    summary: arabic(1000, 2),
    content: `<p>${arabic(199_000, 3)}</p>`,
    tags: Array.from({ length: 30 }, (_, i) => arabic(60, 10 + i)),
    authors: Array.from({ length: 20 }, (_, i) => ({ name: arabic(100, 50 + i) })),
    dateline: arabic(100, 4),
    image: { url: 'https://www.mawazin.net/images/a.jpg', type: 'image/jpeg', length: 1, caption: arabic(500, 5), credit: arabic(200, 6) },
  })
}

describe('every field at its documented maximum, in Arabic', () => {
  it('is accepted, stored and shown in every feed, listing and filter (single PUT)', async () => {
    const section = await createSection({ name: unique('قسم') })
    const article = maximalArticle(section.slug)
    const res = await api('PUT', `/api/articles/${article.id}`, article)
    expect(res.status).toBe(201)
    expect(await feedIds(`/feeds/${section.slug}/feed.json`)).toEqual([article.id])
    expect(await feedIds('/feeds/feed.json?limit=100')).toContain(article.id)
    const tags = article.tags as string[]
    const authors = article.authors as { name: string }[]
    expect(await feedIds(`/feeds/${section.slug}/feed.json?tag=${encodeURIComponent(tags[29]!)}`)).toEqual([article.id])
    expect(await feedIds(`/feeds/${section.slug}/feed.json?author=${encodeURIComponent(authors[19]!.name)}`)).toEqual([article.id])
    expect(await feedIds(`/feeds/${section.slug}/feed.json?tag=${encodeURIComponent('وسم غير موجود')}`)).toEqual([])
    const rss = await call(`/feeds/${section.slug}/rss.xml`)
    expect(rss.headers.get('ETag')).toMatch(/^"rss-/)
    const item = parseXml(await rss.text()).rss.channel.item[0]
    expect(textOf(item.title)).toBe(article.title)
    expect(item.category).toHaveLength(31)
    const listed = (await (await api('GET', `/api/articles?section=${section.slug}`)).json()) as { items: { id: string }[] }
    expect(listed.items.map((i) => i.id)).toEqual([article.id])
    const stored = (await (await api('GET', `/api/articles/${article.id}`)).json()) as Record<string, unknown>
    expect(stored.tags).toEqual(tags)
    expect(stored.summary).toBe(article.summary)
    expect((stored.authors as unknown[]).length).toBe(20)
  })

  it('keeps feed validators when such an article is updated, and takes it in a batch', async () => {
    const section = await createSection({ name: unique('قسم') })
    const article = maximalArticle(section.slug)
    const batch = await api('POST', '/api/articles', [article], atTime(Date.UTC(2026, 0, 1)))
    expect(((await batch.json()) as { summary: unknown }).summary).toEqual({ created: 1, updated: 0, unchanged: 0, failed: 0 })
    const before = await call(`/feeds/${section.slug}/atom.xml`, {}, atTime(Date.UTC(2026, 0, 2)))
    expect(before.headers.get('ETag')).toMatch(/^"atom-/)
    // Last-Modified is when the scope last changed: the update, made at a pinned clock.
    const updated = await api('PUT', `/api/articles/${article.id}`, { ...article, title: arabic(300, 7), updated: '2024-02-19T10:00:00+03:00' }, atTime(Date.UTC(2026, 0, 2, 3, 4, 5)))
    expect(updated.status).toBe(200)
    const feed = await call(`/feeds/${section.slug}/atom.xml`, {}, atTime(Date.UTC(2026, 0, 3)))
    expect(feed.headers.get('ETag')).toMatch(/^"atom-/)
    expect(feed.headers.get('ETag')).not.toBe(before.headers.get('ETag'))
    expect(feed.headers.get('Last-Modified')).toBe('Fri, 02 Jan 2026 03:04:05 GMT')
    expect(textOf(parseXml(await feed.text()).feed.entry[0].title)).toBe(arabic(300, 7))
    // Neither validator of the copy from before the update gets a 304.
    for (const header of [{ 'If-None-Match': before.headers.get('ETag')! }, { 'If-Modified-Since': before.headers.get('Last-Modified')! }] as Record<string, string>[]) {
      expect((await call(`/feeds/${section.slug}/atom.xml`, { headers: header }, atTime(Date.UTC(2026, 0, 3)))).status).toBe(200)
    }
  })

  it('takes a section with a 60-letter Arabic name and a 300-letter description, and shows them whole', async () => {
    const slug = unique('long')
    const name = arabic(60, 8)
    const description = arabic(300, 9)
    const res = await api('PUT', `/api/sections/${slug}`, { name, description })
    expect(res.status).toBe(201)
    const feed = parseXml(await (await call(`/feeds/${slug}/rss.xml`)).text())
    expect(textOf(feed.rss.channel.description)).toBe(description)
    const index = (await (await call('/feeds')).json()) as { sections: { slug: string; name: string; description: string }[] }
    expect(index.sections.find((s) => s.slug === slug)).toMatchObject({ name, description })
  })

  it('takes a section named and described in emoji (4 bytes a character), and shows them whole', async () => {
    const slug = unique('emoji')
    const description = '🇮🇶'.repeat(150)
    const res = await api('PUT', `/api/sections/${slug}`, { name: '😀'.repeat(60), description })
    expect(res.status).toBe(201)
    const feed = (await (await call(`/feeds/${slug}/feed.json`)).json()) as { description: string; title: string }
    expect(feed.description).toBe(description)
    expect(feed.title.startsWith('😀'.repeat(60))).toBe(true)
    const index = (await (await call('/feeds')).json()) as { sections: { slug: string; description: string }[] }
    expect(index.sections.find((s) => s.slug === slug)?.description).toBe(description)
  })
})

describe('a write that fails part-way', () => {
  it('answers 503 with Retry-After when KV keeps refusing the record, indexes nothing, and the retry stores it', async () => {
    const section = await createSection()
    const article = apiArticle(section.slug)
    const id = article.id as string
    let attempts = 0
    const refusing = withKv((op, key) => {
      if (op === 'put' && key.startsWith(`v2/article/${id}/`)) {
        attempts++
        throw new Error('KV PUT failed: 500 Internal Server Error')
      }
    })
    const first = await api('PUT', `/api/articles/${id}`, article, refusing)
    expect(first.status).toBe(503)
    expect(first.headers.get('Content-Type')).toBe('application/problem+json')
    expect(first.headers.get('Retry-After')).toBe('5')
    // Retried with backoff before giving up.
    expect(attempts).toBe(WRITE_ATTEMPTS)
    expect(await storedState(id)).toEqual({ rows: 0, records: [] })
    expect((await api('GET', `/api/articles/${id}`)).status).toBe(404)
    expect(await feedIds(`/feeds/${section.slug}/feed.json?limit=100`)).toEqual([])
    // The retry is a creation (never "unchanged" while hidden), and shows it everywhere.
    const retry = await api('PUT', `/api/articles/${id}`, article)
    expect(retry.status).toBe(201)
    expect(((await retry.json()) as { status: string }).status).toBe('created')
    expect(await feedIds(`/feeds/${section.slug}/feed.json?limit=100`)).toEqual([id])
    expect(await feedIds('/feeds/feed.json?limit=100')).toContain(id)
  })

  it('retries a write KV refuses once (its one write a second per key), and answers 201', async () => {
    const section = await createSection()
    const article = apiArticle(section.slug)
    let refused = 0
    const once = withKv((op, key) => {
      if (op === 'put' && key.startsWith('v2/article/') && refused++ === 0) throw new Error('KV PUT failed: 429 Too Many Requests')
    })
    const res = await api('PUT', `/api/articles/${article.id}`, article, once)
    expect(res.status).toBe(201)
    expect(refused).toBe(2)
    expect(await storedState(article.id as string)).toMatchObject({ rows: 1 })
    expect(await feedIds(`/feeds/${section.slug}/feed.json`)).toEqual([article.id])
  })

  it('answers 503 when D1 refuses the index write, and leaves no record it wrote and no index entry', async () => {
    const section = await createSection()
    const article = apiArticle(section.slug, { title: 'الأولى' })
    const id = article.id as string
    expect((await api('PUT', `/api/articles/${id}`, article)).status).toBe(201)
    const old = await storedState(id)
    expect(old.records).toHaveLength(1)
    const failing = withD1((op) => {
      if (op === 'batch') throw new Error('D1_ERROR: Network connection lost.')
    })
    // A new article: nothing at all is left. An edit: the version before stays, whole and shown.
    const fresh = apiArticle(section.slug)
    const cases: [Record<string, unknown>, { rows: number; records: string[] }][] = [
      [fresh, { rows: 0, records: [] }],
      [{ ...article, title: 'الثانية' }, old],
    ]
    for (const [body, expected] of cases) {
      const res = await api('PUT', `/api/articles/${body.id}`, body, failing)
      expect(res.status).toBe(503)
      expect(res.headers.get('Retry-After')).toBe('5')
      expect(await storedState(body.id as string)).toEqual(expected)
    }
    expect(((await (await api('GET', `/api/articles/${id}`)).json()) as { title: string }).title).toBe('الأولى')
    expect(await feedIds(`/feeds/${section.slug}/feed.json`)).toEqual([id])
    // Retried, both go through.
    expect((await api('PUT', `/api/articles/${fresh.id}`, fresh)).status).toBe(201)
    expect((await api('PUT', `/api/articles/${id}`, { ...article, title: 'الثانية' })).status).toBe(200)
    expect((await storedState(id)).records).toHaveLength(1)
    expect(((await (await api('GET', `/api/articles/${id}`)).json()) as { title: string }).title).toBe('الثانية')
  })

  it('writes back a record KV lost on the next write of the same article ("updated", then visible)', async () => {
    const section = await createSection()
    const article = apiArticle(section.slug)
    const id = article.id as string
    expect((await api('PUT', `/api/articles/${id}`, article)).status).toBe(201)
    const [record] = (await storedState(id)).records
    await testEnv.ARTICLES.delete(record!)
    // Indexed but unreadable: left out of the feed, never served half.
    expect(await feedIds(`/feeds/${section.slug}/feed.json`)).toEqual([])
    const again = await api('PUT', `/api/articles/${id}`, article)
    expect(again.status).toBe(200)
    expect(((await again.json()) as { status: string }).status).toBe('updated')
    // Written again as a new version (a version's key is never reused), and only that one is kept.
    const after = await storedState(id)
    expect(after.rows).toBe(1)
    expect(after.records).toHaveLength(1)
    expect(after.records[0]).not.toBe(record)
    expect(await feedIds(`/feeds/${section.slug}/feed.json`)).toEqual([id])
    expect(((await (await api('PUT', `/api/articles/${id}`, article)).json()) as { status: string }).status).toBe('unchanged')
  })

  it('answers a feed request KV or D1 cannot serve with 503 and Retry-After, never a 500', async () => {
    const section = await createSection()
    const article = apiArticle(section.slug)
    expect((await api('PUT', `/api/articles/${article.id}`, article)).status).toBe(201)
    const kvDown = withKv(() => {
      throw new Error('KV GET failed: 503')
    })
    const d1Down = withD1(() => {
      throw new Error('D1_ERROR: Network connection lost.')
    })
    for (const [name, down] of [['KV', kvDown], ['D1', d1Down]] as const) {
      for (const path of [`/feeds/${section.slug}/rss.xml?limit=7`, '/feeds/atom.xml?limit=7']) {
        const res = await call(path, {}, down)
        expect(res.status, `${name} ${path}`).toBe(503)
        expect(res.headers.get('Retry-After')).toBe('5')
        expect(res.headers.get('Content-Type')).toBe('application/problem+json')
      }
    }
  })
})

describe('a section deleted while an article is written into it', () => {
  it('fails the write when the delete came first (409), leaving no orphan', async () => {
    const section = await createSection({ name: unique('قسم') })
    const article = apiArticle(section.slug)
    const pause = pausePoint()
    let held = false
    // The writer is held after reading the section, at its record's KV write, before the index transaction.
    const writer = withKv(async (op) => {
      if (op === 'put' && !held) {
        held = true
        await pause.wait()
      }
    })
    const writing = api('PUT', `/api/articles/${article.id}`, article, writer)
    await pause.reached
    expect((await api('DELETE', `/api/sections/${section.slug}`)).status).toBe(204)
    pause.release()
    const res = await writing
    expect(res.status).toBe(409)
    expect(((await res.json()) as { errors: { pointer: string }[] }).errors[0]!.pointer).toBe('#/section')
    expect((await api('GET', `/api/articles/${article.id}`)).status).toBe(404)
    expect(await storedState(article.id as string)).toEqual({ rows: 0, records: [] })
    expect(await feedIds('/feeds/feed.json?limit=100')).not.toContain(article.id)
    expect((await api('GET', `/api/sections/${section.slug}`)).status).toBe(404)
  })

  it('refuses the delete (409) when the article got in first, and keeps both', async () => {
    const section = await createSection({ name: unique('قسم') })
    const article = apiArticle(section.slug)
    const pause = pausePoint()
    // The delete is held at its one D1 transaction until the article is in.
    const deleter = withD1(async (op) => {
      if (op === 'batch') await pause.wait()
    })
    const deleting = api('DELETE', `/api/sections/${section.slug}`, undefined, deleter)
    await pause.reached
    expect((await api('PUT', `/api/articles/${article.id}`, article)).status).toBe(201)
    pause.release()
    expect((await deleting).status).toBe(409)
    expect((await api('GET', `/api/sections/${section.slug}`)).status).toBe(200)
    expect(await feedIds(`/feeds/${section.slug}/feed.json`)).toEqual([article.id])
  })

  it('never leaves an article in a deleted section, however writes and deletes interleave', async () => {
    for (let round = 0; round < 8; round++) {
      const section = await createSection({ name: unique('قسم') })
      const articles = Array.from({ length: 3 }, () => apiArticle(section.slug))
      const [deleted, ...written] = await Promise.all([
        api('DELETE', `/api/sections/${section.slug}`),
        ...articles.map((a) => api('PUT', `/api/articles/${a.id}`, a)),
      ])
      const statuses = written.map((r) => r!.status)
      const sectionThere = (await api('GET', `/api/sections/${section.slug}`)).status === 200
      if (deleted!.status === 204) {
        // The delete won: every write was refused, as having no section (422) when it looked after the delete,
        // or as having lost it (409) when it looked before.
        expect(sectionThere).toBe(false)
        expect(statuses.every((s) => s === 409 || s === 422), String(statuses)).toBe(true)
      } else {
        expect(deleted!.status).toBe(409)
        expect(sectionThere).toBe(true)
        expect(statuses.filter((s) => s === 201).length).toBeGreaterThan(0)
        expect(statuses.every((s) => s === 201 || s === 409), String(statuses)).toBe(true)
      }
      // Whatever the order, each article is stored whole (row and record) exactly when its write said 201.
      for (const [i, a] of articles.entries()) {
        const state = await storedState(a.id as string)
        expect(state.rows, `round ${round}`).toBe(statuses[i] === 201 ? 1 : 0)
        expect(state.records).toHaveLength(statuses[i] === 201 ? 1 : 0)
      }
    }
  })
})

describe('input is checked before it is stored', () => {
  it('answers 400 naming the parameter for a malformed or too long id, slug or source id on every method', async () => {
    const long = 'a'.repeat(600)
    for (const [method, path, parameter] of [
      ['GET', `/api/articles/${long}`, 'id'],
      ['DELETE', `/api/articles/${long}`, 'id'],
      ['PUT', `/api/articles/${long}`, 'id'],
      ['GET', '/api/articles/%D8%AE%D8%A8%D8%B1', 'id'],
      ['GET', `/api/sections/${long}`, 'slug'],
      ['DELETE', `/api/sections/${long}`, 'slug'],
      ['GET', `/api/sources/${long}`, 'id'],
      ['DELETE', `/api/sources/${long}`, 'id'],
    ] as const) {
      const body = method === 'PUT' ? apiArticle('reports', { id: long }) : undefined
      const res = await api(method, path, body)
      expect(res.status, `${method} ${path.slice(0, 40)}`).toBe(400)
      expect(((await res.json()) as { errors: { parameter: string }[] }).errors[0]!.parameter).toBe(parameter)
    }
  })

  it('limits every body: a section or source body over 64 KiB is a 413', async () => {
    const big = { name: 'قسم', description: 'x'.repeat(70_000) }
    const section = await api('PUT', `/api/sections/${unique('big')}`, big)
    expect(section.status).toBe(413)
    const source = await api('PUT', `/api/sources/${unique('big')}`, { url: `https://example.com/${'x'.repeat(70_000)}`, section: 'reports' })
    expect(source.status).toBe(413)
  })

  it('reports a wrong type as a wrong type, and a missing field as required', async () => {
    const section = await createSection()
    const res = await api('PUT', '/api/articles/typed-1', apiArticle(section.slug, { id: 'typed-1', title: 5, tags: 'نفط', content: undefined }))
    expect(res.status).toBe(422)
    const errors = ((await res.json()) as { errors: { pointer: string; detail: string }[] }).errors
    expect(errors).toContainEqual({ pointer: '#/title', detail: 'expected a string, got a number' })
    expect(errors).toContainEqual({ pointer: '#/tags', detail: 'expected an array, got a string' })
    expect(errors).toContainEqual({ pointer: '#/content', detail: 'required' })
    const list = await api('GET', '/api/articles?limit=abc')
    expect(list.status).toBe(400)
    expect(((await list.json()) as { errors: { parameter: string; detail: string }[] }).errors).toEqual([
      { parameter: 'limit', detail: 'expected a number, got something else' },
    ])
  })

  it('takes ?dry_run=true or false only, and a dry run writes nothing', async () => {
    const section = await createSection()
    const article = apiArticle(section.slug)
    for (const query of ['dry_run=yes', 'dry_run=1', 'dry_run=', 'dry_run=true&dry_run=true']) {
      const res = await api('POST', `/api/articles?${query}`, [article])
      expect(res.status, query).toBe(400)
      expect(((await res.json()) as { errors: { parameter: string }[] }).errors[0]!.parameter).toBe('dry_run')
    }
    const dry = await api('POST', '/api/articles?dry_run=true', [article])
    expect(((await dry.json()) as { summary: { created: number } }).summary.created).toBe(1)
    expect((await api('GET', `/api/articles/${article.id}`)).status).toBe(404)
    const wet = await api('POST', '/api/articles?dry_run=false', [article])
    expect(((await wet.json()) as { summary: { created: number } }).summary.created).toBe(1)
    expect((await api('GET', `/api/articles/${article.id}`)).status).toBe(200)
  })

  it('names the physical line of each NDJSON item, blank lines counted', async () => {
    const section = await createSection()
    const a = apiArticle(section.slug)
    const b = apiArticle(section.slug, { title: '' })
    const body = `\n${JSON.stringify(a)}\n\n\n${JSON.stringify(b)}\r\n{bad\n`
    const res = await api('POST', '/api/articles', body, testEnv, { 'Content-Type': 'application/x-ndjson' })
    const results = ((await res.json()) as { results: { index: number; line: number; status: string }[] }).results
    expect(results.map((r) => [r.index, r.line, r.status])).toEqual([
      [0, 2, 'created'],
      [1, 5, 'failed'],
      [2, 6, 'failed'],
    ])
  })
})
