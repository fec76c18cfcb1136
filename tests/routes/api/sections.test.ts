import { describe, expect, it } from 'vitest'
import { api, apiArticle, call, unique } from '../../helpers'

describe('/api/sections', () => {
  it('creates, reads, changes and lists a section; the feed follows', async () => {
    const slug = unique('s')
    const created = await api('PUT', `/api/sections/${slug}`, { name: 'ثقافة', description: 'الكتب والفنون', order: 7 })
    expect(created.status).toBe(201)
    expect(((await created.json()) as any).section).toMatchObject({ slug, name: 'ثقافة', description: 'الكتب والفنون', order: 7 })
    expect(((await (await api('GET', `/api/sections/${slug}`)).json()) as any).name).toBe('ثقافة')

    const feed = await call(`/feeds/${slug}/rss.xml`)
    expect(feed.status).toBe(200)
    const etag = feed.headers.get('ETag')
    const same = await api('PUT', `/api/sections/${slug}`, { name: 'ثقافة', description: 'الكتب والفنون', order: 7 })
    expect(((await same.json()) as any).status).toBe('unchanged')
    expect((await call(`/feeds/${slug}/rss.xml`)).headers.get('ETag')).toBe(etag)

    const changed = await api('PUT', `/api/sections/${slug}`, { name: 'ثقافة وفنون' })
    expect(changed.status).toBe(200)
    expect(((await changed.json()) as any).section.description).toBe('الكتب والفنون')
    expect(await (await call(`/feeds/${slug}/rss.xml`)).text()).toContain('<title>ثقافة وفنون — موازين نيوز</title>')
    const article = apiArticle(slug)
    await api('PUT', `/api/articles/${article.id}`, article)
    await api('PUT', `/api/sections/${slug}`, { name: 'فنون' })
    const json = (await (await call(`/feeds/${slug}/feed.json`)).json()) as any
    expect(json.items[0].tags[0]).toBe('فنون')
    const list = (await (await api('GET', '/api/sections')).json()) as any
    expect(list.sections.map((s: any) => s.slug)).toContain(slug)
  })

  it('normalizes the name to NFC and refuses a name another section has', async () => {
    const a = unique('s')
    const b = unique('s')
    await api('PUT', `/api/sections/${a}`, { name: 'إعلام'.normalize('NFD') })
    expect(((await (await api('GET', `/api/sections/${a}`)).json()) as any).name).toBe('إعلام')
    const clash = await api('PUT', `/api/sections/${b}`, { name: 'إعلام' })
    expect(clash.status).toBe(409)
    expect(clash.headers.get('Content-Type')).toBe('application/problem+json')
  })

  it('refuses (409) a name that differs from another section\'s only by invisible, bidi or tatweel characters', async () => {
    const name = unique('بغداد')
    expect((await api('PUT', `/api/sections/${unique('s')}`, { name })).status).toBe(201)
    const [head, tail] = [name.slice(0, 2), name.slice(2)]
    for (const mark of ['\u200d', '\u200b', '\u200f', '\u200e', '\u2060', '\u061c', '\u0640', '\ufeff', '\u202b']) {
      const variant = `${head}${mark}${tail}`
      const res = await api('PUT', `/api/sections/${unique('s')}`, { name: variant })
      expect(res.status, JSON.stringify(variant)).toBe(409)
    }
  })

  it('lets exactly one of concurrent creations of look-alike names through', async () => {
    const name = unique('رياضة')
    const variants = [name, `${name}\u200f`, `\u200d${name}`, `${name.slice(0, 1)}\u0640${name.slice(1)}`, name.normalize('NFD')]
    const statuses = await Promise.all(variants.map((v) => api('PUT', `/api/sections/${unique('s')}`, { name: v }).then((r) => r.status)))
    expect(statuses.filter((s) => s === 201)).toHaveLength(1)
    expect(statuses.filter((s) => s === 409)).toHaveLength(variants.length - 1)
  })

  it('validates the slug and the fields', async () => {
    const badSlug = await api('PUT', '/api/sections/Bad_Slug', { name: 'x' })
    expect(badSlug.status).toBe(400)
    expect(((await badSlug.json()) as any).errors[0].parameter).toBe('slug')
    const badBody = await api('PUT', `/api/sections/${unique('s')}`, { name: '', description: 'x'.repeat(301) })
    expect(badBody.status).toBe(422)
    expect(((await badBody.json()) as any).errors.map((e: any) => e.pointer).sort()).toEqual(['#/description', '#/name'])
  })

  it('refuses to delete a section with articles (409), then deletes it once empty', async () => {
    const slug = unique('s')
    await api('PUT', `/api/sections/${slug}`, { name: unique('قسم') })
    const article = apiArticle(slug)
    await api('PUT', `/api/articles/${article.id}`, article)
    expect((await api('DELETE', `/api/sections/${slug}`)).status).toBe(409)
    await api('DELETE', `/api/articles/${article.id}`)
    expect((await api('DELETE', `/api/sections/${slug}`)).status).toBe(204)
    expect((await api('GET', `/api/sections/${slug}`)).status).toBe(404)
    expect((await call(`/feeds/${slug}/rss.xml`)).status).toBe(404)
    expect((await api('DELETE', `/api/sections/${slug}`)).status).toBe(404)
  })
})
