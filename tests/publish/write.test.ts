import { describe, expect, it } from 'vitest'
import { findArticle, removeArticle, saveArticle } from '../../src/publish/write'
import { InvalidDraftError } from '../../src/publish/prepare'
import { call, createSection, makeDraft, testEnv, WRITE_NOW, stores, feedIds } from '../helpers'
import { purgeAllHere } from '../../src/http/feed-cache'

describe('saveArticle', () => {
  it('keeps all 50 articles published into one section at the same moment', async () => {
    const section = await createSection()
    const published = Date.UTC(2024, 2, 1, 12)
    const drafts = Array.from({ length: 50 }, (_, i) => makeDraft(section.slug, { id: `${section.slug}-c${String(i).padStart(2, '0')}`, published }))
    const results = await Promise.all(drafts.map((d) => saveArticle(stores, d, { now: WRITE_NOW })))
    expect(results.every((r) => r.status === 'created')).toBe(true)
    const listed = await feedIds(`/feeds/${section.slug}/feed.json?limit=100`)
    expect(listed).toHaveLength(50)
    expect([...listed].sort()).toEqual(drafts.map((d) => d.id).sort())
    // Same moment: each took its own place in that second when written (its sort key), the same on every read
    // and across pages.
    const order = (await testEnv.DB.prepare('SELECT id FROM articles WHERE section = ? ORDER BY sk DESC').bind(section.slug).all<{ id: string }>()).results
    expect(listed).toEqual(order.map((r) => r.id))
    expect(await feedIds(`/feeds/${section.slug}/feed.json?limit=100`)).toEqual(listed)
    const paged: string[] = []
    let next: string | undefined = `/feeds/${section.slug}/feed.json?limit=20`
    while (next) {
      const json = (await (await call(next)).json()) as { items: { id: string }[]; next_url?: string }
      paged.push(...json.items.map((i) => i.id.replace(/^.*:article\//, '')))
      next = json.next_url?.replace(/^https?:\/\/[^/]+/, '')
    }
    expect(paged).toEqual(listed)
  })

  it('orders newest first by published', async () => {
    const section = await createSection()
    const a = makeDraft(section.slug, { published: Date.UTC(2024, 0, 5) })
    const b = makeDraft(section.slug, { published: Date.UTC(2024, 0, 7) })
    const c = makeDraft(section.slug, { published: Date.UTC(2023, 11, 31, 22) })
    for (const d of [a, b, c]) await saveArticle(stores, d, { now: WRITE_NOW })
    expect(await feedIds(`/feeds/${section.slug}/feed.json`)).toEqual([b.id, a.id, c.id])
  })

  it('writes nothing for the same article twice, so the ETag holds', async () => {
    const section = await createSection()
    const draft = makeDraft(section.slug)
    expect((await saveArticle(stores, draft, { now: WRITE_NOW })).status).toBe('created')
    const before = (await call(`/feeds/${section.slug}/atom.xml`)).headers.get('ETag')
    expect((await saveArticle(stores, { ...draft }, { now: WRITE_NOW })).status).toBe('unchanged')
    expect((await call(`/feeds/${section.slug}/atom.xml`)).headers.get('ETag')).toBe(before)
  })

  it('shows an edit in the section and site-wide feeds', async () => {
    const section = await createSection()
    const draft = makeDraft(section.slug, { title: 'قبل' })
    await saveArticle(stores, draft, { now: WRITE_NOW })
    const result = await saveArticle(stores, { ...draft, title: 'بعد', updated: draft.published + 60_000 }, { now: WRITE_NOW })
    expect(result.status).toBe('updated')
    for (const path of [`/feeds/${section.slug}/feed.json`, '/feeds/feed.json?limit=100']) {
      const json = (await (await call(path)).json()) as any
      const matching = json.items.filter((i: any) => i.id.endsWith(`/${draft.id}`))
      expect(matching.map((i: any) => i.title)).toEqual(['بعد'])
    }
  })

  it('moves an article to another section with no ghost left behind', async () => {
    const from = await createSection()
    const to = await createSection({ name: 'سياسة' })
    const draft = makeDraft(from.slug)
    await saveArticle(stores, draft, { now: WRITE_NOW })
    await saveArticle(stores, { ...draft, section: to.slug }, { now: WRITE_NOW })
    purgeAllHere() // as the API's write routes do
    expect(await feedIds(`/feeds/${from.slug}/feed.json`)).toEqual([])
    expect(await feedIds(`/feeds/${to.slug}/feed.json`)).toEqual([draft.id])
    const json = (await (await call(`/feeds/${to.slug}/feed.json`)).json()) as any
    expect(json.items[0].tags[0]).toBe('سياسة')
    const site = await feedIds('/feeds/feed.json?limit=100')
    expect(site.filter((id) => id === draft.id)).toHaveLength(1)
  })

  it('moves an article in time with no ghost left behind', async () => {
    const section = await createSection()
    const other = makeDraft(section.slug, { published: Date.UTC(2024, 5, 1) })
    const draft = makeDraft(section.slug, { published: Date.UTC(2024, 0, 1) })
    await saveArticle(stores, other, { now: WRITE_NOW })
    await saveArticle(stores, draft, { now: WRITE_NOW })
    expect(await feedIds(`/feeds/${section.slug}/feed.json`)).toEqual([other.id, draft.id])
    await saveArticle(stores, { ...draft, published: Date.UTC(2024, 11, 1) }, { now: WRITE_NOW })
    purgeAllHere() // as the API's write routes do
    expect(await feedIds(`/feeds/${section.slug}/feed.json`)).toEqual([draft.id, other.id])
  })

  it('deletes an article from every feed', async () => {
    const section = await createSection()
    const draft = makeDraft(section.slug)
    await saveArticle(stores, draft, { now: WRITE_NOW })
    expect((await removeArticle(stores, draft.id, WRITE_NOW))?.id).toBe(draft.id)
    expect(await removeArticle(stores, draft.id, WRITE_NOW)).toBeNull()
    expect(await findArticle(stores, draft.id)).toBeNull()
    // Neither the index row nor the record is left.
    expect(await testEnv.DB.prepare('SELECT count(*) AS n FROM articles WHERE id = ?').bind(draft.id).first('n')).toBe(0)
    expect((await testEnv.ARTICLES.list({ prefix: `v2/article/${draft.id}/` })).keys).toEqual([])
    purgeAllHere() // as the API's write routes do
    expect(await feedIds(`/feeds/${section.slug}/feed.json`)).toEqual([])
    expect((await feedIds('/feeds/feed.json?limit=100')).includes(draft.id)).toBe(false)
  })

  it('leaves exactly one entry when the same article is written concurrently with different dates', async () => {
    const section = await createSection()
    const draft = makeDraft(section.slug)
    const versions = Array.from({ length: 5 }, (_, i) => ({ ...draft, published: Date.UTC(2024, 0, 1 + i), title: `نسخة ${i}` }))
    await Promise.all(versions.map((v) => saveArticle(stores, v, { now: WRITE_NOW })))
    expect(await testEnv.DB.prepare('SELECT count(*) AS n FROM articles WHERE id = ?').bind(draft.id).first('n')).toBe(1)
    const version = await testEnv.DB.prepare('SELECT version FROM articles WHERE id = ?').bind(draft.id).first<string>('version')
    // Only the version the index names is kept: the others' records were dropped.
    expect((await testEnv.ARTICLES.list({ prefix: `v2/article/${draft.id}/` })).keys.map((k) => k.name)).toEqual([`v2/article/${draft.id}/${version}`])
    purgeAllHere()
    const json = (await (await call(`/feeds/${section.slug}/feed.json`)).json()) as any
    expect(json.items).toHaveLength(1)
    expect(json.items[0].title).toBe((await findArticle(stores, draft.id))!.title)
  })

  it('rejects a draft for a missing section or with bad fields, naming them', async () => {
    await expect(saveArticle(stores, makeDraft('no-such-section'), { now: WRITE_NOW })).rejects.toThrow(InvalidDraftError)
    const section = await createSection()
    const error = await saveArticle(stores, makeDraft(section.slug, { id: 'bad/id', title: '  ', url: 'javascript:alert(1)' }), { now: WRITE_NOW }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidDraftError)
    expect((error as InvalidDraftError).problems.map((p) => p.field)).toEqual(['id', 'title', 'url'])
  })

  it('refuses, on every door (the pull and seed too), times outside 1990 to a year after its clock, and an update before the publication', async () => {
    const section = await createSection()
    const year = 366 * 24 * 3600 * 1000
    const cases: [Partial<ReturnType<typeof makeDraft>>, string[]][] = [
      [{ published: Date.UTC(1969, 11, 31) }, ['published']],
      [{ published: WRITE_NOW + year + 1000 }, ['published']],
      [{ published: Number.NaN }, ['published']],
      [{ published: Date.UTC(2024, 1, 18), updated: Date.UTC(2024, 1, 18) - 1000 }, ['updated']],
      [{ updated: Number.NaN }, ['updated']],
    ]
    for (const [overrides, fields] of cases) {
      const draft = makeDraft(section.slug, overrides)
      const error = await saveArticle(stores, draft, { now: WRITE_NOW }).catch((e: unknown) => e)
      expect(error, JSON.stringify(overrides)).toBeInstanceOf(InvalidDraftError)
      expect((error as InvalidDraftError).problems.map((p) => p.field)).toEqual(fields)
      expect(await findArticle(stores, draft.id)).toBeNull()
      expect((await testEnv.ARTICLES.list({ prefix: `v2/article/${draft.id}/` })).keys).toEqual([])
    }
    const latest = makeDraft(section.slug, { published: WRITE_NOW + year })
    expect((await saveArticle(stores, latest, { now: WRITE_NOW })).status).toBe('created')
  })

  it('cleans content when written and says what it removed', async () => {
    const section = await createSection()
    const result = await saveArticle(
      stores,
      makeDraft(section.slug, {
        url: 'https://www.mawazin.net/news/7/',
        content: '<p onclick="steal()">نص <a href="../other">رابط</a></p><script>alert(1)</script><iframe src="https://x"></iframe><a href="javascript:alert(1)">x</a>',
      }), { now: WRITE_NOW },
    )
    expect(result.article.content).toBe('<p>نص <a href="https://www.mawazin.net/news/other">رابط</a></p><a>x</a>')
    expect(result.removed).toEqual({ 'attribute:onclick': 1, 'element:script': 1, 'element:iframe': 1, 'url:javascript': 1 })
  })
})
