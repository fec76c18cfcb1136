// The audit trail after a scripted day of writes through every door: the API (one article and a batch), the
// importer (with its own key) and the scheduled pull; then paging, filters, and that rows are never changed.
import { beforeAll, describe, expect, it } from 'vitest'
import { runImport } from '../../../cli/importer'
import { pullSource } from '../../../src/ingest/pull'
import { sweepTrail } from '../../../src/publish/audit'
import type { Section, Source } from '../../../src/model/types'
import { saveArticle } from '../../../src/publish/write'
import { appendAudit } from '../../../src/store/audit-log'
import { WRITE_NOW, api, apiArticle, createSection, makeDraft, stores, testEnv, unique, as, makeKey, workerFetch } from '../../helpers'

const UPSTREAM = 'http://upstream.test'

interface Entry {
  seq: number
  actor: string
  key: string | null
  door: string
  article: string
  section: string
  action: string
  fields: string[] | null
  title: string
}

/** Every trail row of `section`, oldest first, walking the pages of GET /api/audit (2 a page) to the end. */
async function trail(section: string, query = ''): Promise<Entry[]> {
  const rows: Entry[] = []
  let cursor: string | null = ''
  while (cursor !== null) {
    const res = await api('GET', `/api/audit?limit=2${query}${cursor ? `&cursor=${cursor}` : ''}`)
    expect(res.status).toBe(200)
    const page = (await res.json()) as { items: Entry[]; next_cursor: string | null }
    expect(page.items.length).toBeLessThanOrEqual(2)
    rows.push(...page.items)
    cursor = page.next_cursor
  }
  return rows.filter((r) => r.section === section).reverse()
}

function rss(items: string): string {
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>مصدر</title>${items}</channel></rss>`
}

function rssItem(n: number): string {
  return `<item><title>خبر المصدر ${n}</title><link>https://upstream.example/news/${n}</link><guid>audit-up-${n}</guid><pubDate>Mon, 0${n} Jan 2024 10:00:00 +0300</pubDate><description>ملخص ${n}</description></item>`
}

let section: Section
let slug: string
let editor: { id: string; key: string }
let importer: { id: string; key: string }
let editorName: string
let importerName: string

beforeAll(async () => {
  section = await createSection()
  slug = section.slug
  editorName = unique('مكتب البصرة')
  importerName = unique('استيراد الأرشيف')
  editor = await makeKey('editor', [slug], editorName)
  importer = await makeKey('importer', [slug], importerName)
})

describe('the audit trail', () => {
  it('holds exactly one row per write of a day, with the right actor, door, action and changed fields', async () => {
    // The API, one article at a time, by an editor key.
    const a1 = apiArticle(slug, { title: 'العنوان الأول', tags: ['بغداد'] })
    expect((await as(editor.key, 'PUT', `/api/articles/${a1.id as string}`, a1)).status).toBe(201)
    const corrected = { ...a1, title: 'العنوان المصحح', tags: ['بغداد', 'البصرة'] }
    expect((await as(editor.key, 'PUT', `/api/articles/${a1.id as string}`, corrected)).status).toBe(200)
    expect((await as(editor.key, 'PUT', `/api/articles/${a1.id as string}`, corrected)).status).toBe(200)
    const later = new Date(Date.now() + 7 * 86_400_000).toISOString().replace(/\.\d+Z$/, '+00:00')
    const a2 = apiArticle(slug, { published: later, title: 'خبر مجدول' })
    expect((await as(editor.key, 'PUT', `/api/articles/${a2.id as string}`, a2)).status).toBe(201)
    // A batch with the ADMIN_TOKEN, and a dry run that writes (and records) nothing.
    const b1 = apiArticle(slug, { title: 'دفعة 1' })
    const b2 = apiArticle(slug, { title: 'دفعة 2' })
    expect((await api('POST', '/api/articles', [b1, b2])).status).toBe(200)
    expect((await api('POST', '/api/articles?dry_run=true', [apiArticle(slug)])).status).toBe(200)
    // The importer, with its key.
    const c1 = apiArticle(slug, { title: 'من الأرشيف' })
    const summary = await runImport([{ source: 'day.ndjson:1', article: c1 }], { url: 'http://nashra.test', token: importer.key, fetcher: workerFetch, sleep: async () => {} })
    expect(summary).toMatchObject({ created: 1, failed: 0 })
    // The pull: two items, then the same two again (unchanged: not recorded).
    const path = `/${unique('audit-feed')}.xml`
    await fetch(`${UPSTREAM}/__document?${new URLSearchParams({ path, type: 'application/rss+xml' })}`, { method: 'PUT', body: rss(rssItem(1) + rssItem(2)) })
    const sections = new Map([[slug, section]])
    const source: Source = { id: unique('wire'), url: UPSTREAM + path, section: slug, interval: 5 }
    const first = await pullSource(stores, source, null, sections, { now: WRITE_NOW })
    expect(first.report).toMatchObject({ created: 2 })
    const again = await pullSource(stores, source, null, sections, { now: WRITE_NOW + 1 })
    expect(again.report).toMatchObject({ unchanged: 2 })
    // A delete by the editor keeps the last title.
    expect((await as(editor.key, 'DELETE', `/api/articles/${a1.id as string}`)).status).toBe(204)

    // A batch and a pull write their items concurrently: rows of one request are in the order they committed,
    // so each such run is compared in title order.
    const byTitle = (a: { title: string }, b: { title: string }) => a.title.localeCompare(b.title)
    const all = (await trail(slug)).map(({ actor, key, door, article, action, fields, title }) => ({ actor, key, door, article, action, fields, title }))
    const rows = [...all.slice(0, 4), ...all.slice(4, 6).sort(byTitle), all[6], ...all.slice(7, 9).sort(byTitle), ...all.slice(9)]
    const pulled = rows.filter((r) => r?.door === 'pull').map((r) => r!.article)
    expect(pulled).toHaveLength(2)
    expect(rows).toEqual([
      { actor: editorName, key: editor.id, door: 'api', article: a1.id, action: 'created', fields: null, title: 'العنوان الأول' },
      { actor: editorName, key: editor.id, door: 'api', article: a1.id, action: 'updated', fields: ['title', 'tags'], title: 'العنوان المصحح' },
      { actor: editorName, key: editor.id, door: 'api', article: a1.id, action: 'unchanged', fields: null, title: 'العنوان المصحح' },
      { actor: editorName, key: editor.id, door: 'api', article: a2.id, action: 'scheduled', fields: null, title: 'خبر مجدول' },
      ...[b1, b2].map((b) => ({ actor: 'ADMIN_TOKEN', key: null, door: 'batch', article: b.id, action: 'created', fields: null, title: b.title })),
      { actor: importerName, key: importer.id, door: 'batch', article: c1.id, action: 'created', fields: null, title: 'من الأرشيف' },
      { actor: `pull: ${source.id}`, key: null, door: 'pull', article: pulled[0], action: 'created', fields: null, title: 'خبر المصدر 1' },
      { actor: `pull: ${source.id}`, key: null, door: 'pull', article: pulled[1], action: 'created', fields: null, title: 'خبر المصدر 2' },
      { actor: editorName, key: editor.id, door: 'api', article: a1.id, action: 'deleted', fields: null, title: 'العنوان المصحح' },
    ])
    // Filters: by key, and by article.
    expect((await trail(slug, `&key=${importer.id}`)).map((r) => r.article)).toEqual([c1.id])
    expect((await trail(slug, `&article=${a1.id as string}`)).map((r) => r.action)).toEqual(['created', 'updated', 'unchanged', 'deleted'])
  })

  it("links an article's API representation to its history", async () => {
    const a = apiArticle(slug)
    await as(editor.key, 'PUT', `/api/articles/${a.id as string}`, a)
    const res = await as(editor.key, 'GET', `/api/articles/${a.id as string}`)
    const history = `/api/audit?article=${a.id as string}`
    expect(res.headers.get('Link')).toBe(`<${history}>; rel="history"`)
    expect(((await res.json()) as { history: string }).history).toBe(history)
    const rows = ((await (await as(editor.key, 'GET', history)).json()) as { items: Entry[] }).items
    expect(rows.map((r) => [r.article, r.action])).toEqual([[a.id, 'created']])
  })

  it('bounds by time: from in the future is empty; a time without an offset is a 400 naming it', async () => {
    const future = await api('GET', '/api/audit?from=2099-01-01T00:00:00%2B03:00')
    expect(((await future.json()) as { items: unknown[] }).items).toEqual([])
    const bad = await api('GET', '/api/audit?from=2024-01-01')
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ status: 400, errors: [{ parameter: 'from' }] })
  })

  it('appends in the write transaction: a write that fails (its section gone) leaves no row', async () => {
    const ghost = { slug: unique('ghost'), name: 'شبح', description: 'لا وجود له', order: 9, updated: 0 }
    const draft = makeDraft(ghost.slug)
    await expect(saveArticle(stores, draft, { now: WRITE_NOW, sections: new Map([[ghost.slug, ghost]]), actor: { name: 'test', keyId: null, door: 'api' } })).rejects.toThrow(/deleted while the article was written/)
    const rows = await testEnv.DB.prepare('SELECT count(*) AS n FROM audit WHERE article = ?').bind(draft.id).first<{ n: number }>()
    expect(rows?.n).toBe(0)
  })

  it('never updates a row: the table refuses it', async () => {
    await expect(testEnv.DB.prepare("UPDATE audit SET actor = 'someone else'").run()).rejects.toThrow(/audit rows are never updated/)
  })

  it('keeps rows forever unless AUDIT_RETENTION_DAYS is set, then drops only older ones', async () => {
    const id = unique('kept')
    const actor = { name: 'test', keyId: null, door: 'api' as const }
    for (const at of [WRITE_NOW - 40 * 86_400_000, WRITE_NOW - 86_400_000]) {
      await appendAudit(testEnv.DB, actor, at, { article: id, section: slug, action: 'created', fields: null, title: 'قديم' })
    }
    const count = async () => (await testEnv.DB.prepare('SELECT count(*) AS n FROM audit WHERE article = ?').bind(id).first<{ n: number }>())?.n
    expect(await sweepTrail(testEnv.DB, undefined, WRITE_NOW)).toBe(0)
    expect(await count()).toBe(2)
    await expect(sweepTrail(testEnv.DB, '0', WRITE_NOW)).rejects.toThrow('AUDIT_RETENTION_DAYS must be a whole number of days, at least 1; got "0"')
    expect(await sweepTrail(testEnv.DB, '30', WRITE_NOW)).toBeGreaterThanOrEqual(1)
    expect(await count()).toBe(1)
  })
})
