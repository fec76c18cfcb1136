// What the write path cleans, seen through the API: article HTML keeps everything after what it removes, and
// plain-text fields are stored as plain text (markup stripped, references decoded, bidi overrides removed).
import { describe, expect, it } from 'vitest'
import { api, apiArticle, call, createSection, unique, put } from '../../helpers'

describe('article HTML', () => {
  it.each([
    ['<embed>', '<p>first</p><embed src="https://evil.example/x.swf"><p>second</p><p>third</p>', { 'element:embed': 1 }],
    ['<svg/onload>', '<p>first</p><svg/onload=alert(1)><p>second</p><p>third</p>', { 'element:svg': 1 }],
    ['an unclosed <svg>', '<p>first</p><svg><p>second</p><p>third</p>', { 'element:svg': 1 }],
    ['<object>', '<p>first</p><object data="x.swf"></object><p>second</p><p>third</p>', { 'element:object': 1 }],
    ['an unclosed <script>', '<p>first</p><script><p>second</p><p>third</p>', { 'element:script': 1 }],
  ])('keeps the whole article after %s, and says what went', async (_, content, removed) => {
    const section = await createSection()
    const res = await put(apiArticle(section.slug, { content }))
    const body = (await res.json()) as any
    expect(res.status).toBe(201)
    expect(body.article.content).toBe('<p>first</p><p>second</p><p>third</p>')
    expect(body.removed).toEqual(removed)
    const feed = (await (await call(`/feeds/${section.slug}/feed.json`)).json()) as any
    expect(feed.items[0].content_html).toContain('<p>third</p>')
  })
})

describe('plain-text fields', () => {
  it('are stored with markup stripped and references decoded, everywhere', async () => {
    const section = await createSection()
    const article = apiArticle(section.slug, {
      title: '<b>x</b> &amp; y',
      summary: '<p>ملخص <em>قصير</em></p>',
      tags: ['<i>نفط</i>', 'طاقة &amp; مياه'],
      authors: [{ name: '<a href="https://evil.example">علي</a>' }],
      dateline: 'بغداد&nbsp;<br>',
      image: { url: 'https://cdn.example/a.jpg', type: 'image/jpeg', length: 10, caption: '<script>x()</script>تعليق', credit: '<span>رويترز</span>' },
    })
    const res = await put(article)
    const body = (await res.json()) as any
    expect(res.status).toBe(201)
    expect(body.article).toMatchObject({
      title: 'x & y',
      summary: 'ملخص قصير',
      tags: ['نفط', 'طاقة & مياه'],
      authors: [{ name: 'علي' }],
      dateline: 'بغداد',
      image: { caption: 'تعليق', credit: 'رويترز' },
    })
    const rss = await (await call(`/feeds/${section.slug}/rss.xml`)).text()
    expect(rss).toContain('<title>x &amp; y</title>')
    expect(rss).not.toContain('&lt;b&gt;')
  })

  it('lose bidi embedding, override and isolate controls, and keep RLM and LRM', async () => {
    const section = await createSection()
    const title = '\u202Eخبر\u202C \u2067عاجل\u2069 \u202Aa\u202B\u202D \u200Fنص\u200E'
    const res = await put(apiArticle(section.slug, { title, tags: ['\u2066وسم\u2069'] }))
    const body = (await res.json()) as any
    expect(res.status).toBe(201)
    expect(body.article.title).toBe('خبر عاجل a \u200Fنص\u200E')
    expect(body.article.tags).toEqual(['وسم'])
  })

  it('blank once cleaned is a 422 naming each field, and nothing is written', async () => {
    const section = await createSection()
    const article = apiArticle(section.slug, {
      title: '<b></b>',
      summary: '\u202E\u202C',
      tags: ['نفط', '<img src="x.jpg">'],
      authors: [{ name: 'علي' }, { name: '<script>x</script>' }],
      dateline: '<br>',
      image: { url: 'https://cdn.example/a.jpg', type: 'image/jpeg', length: 10, caption: '<!-- -->', credit: '\u2066' },
    })
    const res = await api('PUT', `/api/articles/${article.id as string}`, article)
    expect(res.status).toBe(422)
    expect(res.headers.get('Content-Type')).toBe('application/problem+json')
    const pointers = ((await res.json()) as any).errors.map((e: any) => e.pointer)
    expect(pointers.sort()).toEqual(
      ['#/authors/1/name', '#/dateline', '#/image/caption', '#/image/credit', '#/summary', '#/tags/1', '#/title'].sort(),
    )
    expect((await api('GET', `/api/articles/${article.id as string}`)).status).toBe(404)
  })

  it('blank once cleaned is a failed item in a batch, with the item index in the pointer', async () => {
    const section = await createSection()
    const good = apiArticle(section.slug)
    const bad = apiArticle(section.slug, { title: '<i> </i>' })
    const body = (await (await api('POST', '/api/articles', [good, bad])).json()) as any
    expect(body.results[0].status).toBe('created')
    expect(body.results[1]).toMatchObject({ status: 'failed', errors: [{ pointer: '#/1/title' }] })
  })
})

describe('section names and descriptions', () => {
  it('are plain text; blank once cleaned is a 422', async () => {
    const slug = unique('s')
    const created = await api('PUT', `/api/sections/${slug}`, { name: '<b>ثقافة</b> &amp; فنون\u202E', description: '<p>الكتب</p>' })
    expect(created.status).toBe(201)
    expect(((await created.json()) as any).section).toMatchObject({ name: 'ثقافة & فنون', description: 'الكتب' })

    const blankName = await api('PUT', `/api/sections/${unique('s')}`, { name: '<b></b>' })
    expect(blankName.status).toBe(422)
    expect(((await blankName.json()) as any).errors).toEqual([{ pointer: '#/name', detail: expect.any(String) }])
    const blankDescription = await api('PUT', `/api/sections/${slug}`, { name: 'ثقافة', description: '\u2067\u2069' })
    expect(blankDescription.status).toBe(422)
    expect(((await blankDescription.json()) as any).errors).toEqual([{ pointer: '#/description', detail: expect.any(String) }])
    expect(((await (await api('GET', `/api/sections/${slug}`)).json()) as any).name).toBe('ثقافة & فنون')
  })
})
