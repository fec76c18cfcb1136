// API keys through the Worker's fetch: roles, sections, revocation, the constant-time check and what D1 keeps.
import { beforeAll, describe, expect, it } from 'vitest'
import { api, apiArticle, call, createSection, testEnv, unique, as, makeKey, put } from '../../helpers'

const KEY_SHAPE = /^nashra_([0-9a-f]{12})_[A-Za-z0-9_-]{43}$/

/** A publication time a month after now, with an offset, as the API takes it. */
function monthAhead(): string {
  return new Date(Date.now() + 30 * 86_400_000).toISOString().replace(/\.\d+Z$/, '+00:00')
}

let mine: string
let theirs: string
let other: string

beforeAll(async () => {
  mine = (await createSection()).slug
  theirs = (await createSection()).slug
  other = (await createSection()).slug
})

describe('POST /api/keys', () => {
  it('shows a prefixed 256-bit key once; the list names it without the secret', async () => {
    const name = unique('مكتب البصرة')
    const res = await api('POST', '/api/keys', { name, role: 'editor', sections: [mine, theirs] })
    expect(res.status).toBe(201)
    const body = (await res.json()) as Record<string, unknown>
    expect(body.key).toMatch(KEY_SHAPE)
    expect(body).toMatchObject({ name, role: 'editor', sections: [mine, theirs], created_by: 'ADMIN_TOKEN', last_used: null, revoked: null })
    expect(res.headers.get('Location')).toBe(`/api/keys/${body.id as string}`)
    const list = (await (await api('GET', '/api/keys')).json()) as { keys: Record<string, unknown>[] }
    const listed = list.keys.find((k) => k.id === body.id)
    expect(listed).toMatchObject({ name, role: 'editor', sections: [mine, theirs] })
    expect(listed).not.toHaveProperty('key')
    expect(JSON.stringify(list)).not.toContain((body.key as string).slice(20))
  })

  it('needs sections for an editor or importer, known ones, and none for an admin or viewer', async () => {
    const missing = await api('POST', '/api/keys', { name: unique('k'), role: 'importer' })
    expect(missing.status).toBe(422)
    expect(await missing.json()).toMatchObject({ errors: [{ pointer: '#/sections', detail: 'required: one or more sections for an importer key' }] })
    const unknown = await api('POST', '/api/keys', { name: unique('k'), role: 'editor', sections: [mine, 'nowhere'] })
    expect(await unknown.json()).toMatchObject({ status: 422, errors: [{ pointer: '#/sections/1', detail: 'no section "nowhere"' }] })
    const extra = await api('POST', '/api/keys', { name: unique('k'), role: 'viewer', sections: [mine] })
    expect(await extra.json()).toMatchObject({ status: 422, errors: [{ pointer: '#/sections' }] })
    const role = await api('POST', '/api/keys', { name: unique('k'), role: 'owner' })
    expect(await role.json()).toMatchObject({ status: 422, errors: [{ pointer: '#/role' }] })
  })

  it('refuses a second live key of one name (409)', async () => {
    const name = unique('تكامل')
    await makeKey('viewer', undefined, name)
    const again = await api('POST', '/api/keys', { name, role: 'viewer' })
    expect(again.status).toBe(409)
  })

  it('is admin only: an editor key gets a 403 naming what it may do, for reads of keys too', async () => {
    const editor = await makeKey('editor', [mine])
    for (const [method, body] of [['POST', { name: unique('x'), role: 'admin' }], ['GET', undefined]] as const) {
      const res = await as(editor.key, method, '/api/keys', body)
      expect(res.status).toBe(403)
      expect(res.headers.get('Content-Type')).toBe('application/problem+json')
      expect(await res.json()).toMatchObject({
        title: 'Forbidden',
        role: 'editor',
        sections: [mine],
        detail: expect.stringContaining(`may not list, create or revoke keys. It may: create, update, schedule and delete articles in ${mine}; read the API.`),
      })
    }
  })

  it('an admin key does what ADMIN_TOKEN does, keys included, and is named as the creator', async () => {
    const admin = await makeKey('admin')
    const res = await as(admin.key, 'POST', '/api/keys', { name: unique('v'), role: 'viewer' })
    expect(res.status).toBe(201)
    const list = (await (await as(admin.key, 'GET', '/api/keys')).json()) as { keys: { id: string; created_by: string }[] }
    const made = (await res.json()) as { id: string }
    expect(list.keys.find((k) => k.id === made.id)?.created_by).toMatch(/^مكتب admin/)
  })
})

describe('roles on articles', () => {
  it('an editor writes, schedules and deletes in its sections and gets 403 elsewhere', async () => {
    const { key } = await makeKey('editor', [mine])
    const article = apiArticle(mine)
    expect((await put(article, { key })).status).toBe(201)
    expect((await put(apiArticle(mine, { published: monthAhead() }), { key })).status).toBe(201)
    const elsewhere = await put(apiArticle(theirs), { key })
    expect(elsewhere.status).toBe(403)
    expect(await elsewhere.json()).toMatchObject({
      type: 'about:blank',
      title: 'Forbidden',
      status: 403,
      detail: expect.stringContaining(`may not write articles in ${theirs}. It may: create, update, schedule and delete articles in ${mine}; read the API.`),
    })
    expect((await as(key, 'DELETE', `/api/articles/${article.id as string}`)).status).toBe(204)
  })

  it('an editor can neither move an article out of a section it does not hold, nor delete one there', async () => {
    const { key } = await makeKey('editor', [mine])
    const foreign = apiArticle(theirs)
    expect((await api('PUT', `/api/articles/${foreign.id as string}`, foreign)).status).toBe(201)
    const moved = await put({ ...foreign, section: mine }, { key })
    expect(moved.status).toBe(403)
    expect(((await moved.json()) as { detail: string }).detail).toContain(`may not write articles in ${theirs}.`)
    const gone = await as(key, 'DELETE', `/api/articles/${foreign.id as string}`)
    expect(gone.status).toBe(403)
    expect(((await gone.json()) as { detail: string }).detail).toContain(`may not delete articles in ${theirs}.`)
    const still = (await (await api('GET', `/api/articles/${foreign.id as string}`)).json()) as { section: string }
    expect(still.section).toBe(theirs)
  })

  it('an importer creates and updates in its sections, but cannot delete or schedule', async () => {
    const { key } = await makeKey('importer', [mine, theirs])
    const article = apiArticle(theirs)
    expect((await put(article, { key })).status).toBe(201)
    expect((await put({ ...article, title: 'عنوان مصحح' }, { key })).status).toBe(200)
    const del = await as(key, 'DELETE', `/api/articles/${article.id as string}`)
    expect(del.status).toBe(403)
    expect(await del.json()).toMatchObject({ role: 'importer', detail: expect.stringContaining('may not delete articles. It may: create and update articles published now or before') })
    const later = await put(apiArticle(mine, { published: monthAhead() }), { key })
    expect(later.status).toBe(403)
    expect(((await later.json()) as { detail: string }).detail).toContain(`may not schedule articles in ${mine}.`)
    expect((await api('GET', `/api/articles/${article.id as string}`)).status).toBe(200)
  })

  it('a batch refuses the items of sections the key does not hold, one by one', async () => {
    const { key } = await makeKey('importer', [mine])
    const ok = apiArticle(mine)
    const no = apiArticle(other)
    const res = await as(key, 'POST', '/api/articles', [ok, no])
    expect(res.status).toBe(200)
    const body = (await res.json()) as { summary: unknown; results: unknown[] }
    expect(body.summary).toEqual({ created: 1, updated: 0, unchanged: 0, failed: 1 })
    expect(body.results[1]).toMatchObject({ index: 1, status: 'failed', errors: [{ pointer: '#/1/section', detail: `this key may not write articles in ${other}` }] })
  })

  it('a viewer reads the API but writes nothing, sections and sources included', async () => {
    const { key } = await makeKey('viewer')
    expect((await as(key, 'GET', '/api/articles')).status).toBe(200)
    expect((await as(key, 'GET', '/api/sections')).status).toBe(200)
    expect((await as(key, 'GET', '/api/audit')).status).toBe(200)
    for (const [method, path, body] of [
      ['PUT', '/api/articles/v-1', apiArticle(mine, { id: 'v-1' })],
      ['POST', '/api/articles', [apiArticle(mine)]],
      ['DELETE', '/api/articles/v-1', undefined],
      ['PUT', `/api/sections/${mine}`, { name: 'اسم', description: 'وصف' }],
    ] as const) {
      const res = await as(key, method, path, body)
      expect(res.status, `${method} ${path}`).toBe(403)
      expect(((await res.json()) as { detail: string }).detail).toMatch(/It may: read the API\.$/)
    }
  })

  it('sections and sources stay admin-only for an editor', async () => {
    const { key } = await makeKey('editor', [mine])
    const res = await as(key, 'PUT', `/api/sections/${mine}`, { name: 'اسم آخر', description: 'وصف' })
    expect(res.status).toBe(403)
    expect(((await res.json()) as { detail: string }).detail).toContain('may not manage sections, sources, reindex or keys.')
  })
})

describe('authentication', () => {
  it('refuses a revoked key on the next request, with the same 401 as any wrong key', async () => {
    const { id, key } = await makeKey('editor', [mine])
    expect((await as(key, 'GET', '/api/articles')).status).toBe(200)
    expect((await api('DELETE', `/api/keys/${id}`)).status).toBe(204)
    const refused = await as(key, 'GET', '/api/articles')
    expect(refused.status).toBe(401)
    expect(await refused.json()).toEqual({ type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'The token is not valid.' })
    expect(refused.headers.get('WWW-Authenticate')).toBe('Bearer realm="nashra", error="invalid_token"')
    expect((await api('DELETE', `/api/keys/${id}`)).status).toBe(404)
    const listed = ((await (await api('GET', '/api/keys')).json()) as { keys: { id: string; revoked: string | null; revoked_by: string | null }[] }).keys.find((k) => k.id === id)
    expect(listed?.revoked).not.toBeNull()
    expect(listed?.revoked_by).toBe('ADMIN_TOKEN')
  })

  it('compares the whole secret: one changed character, or an unknown id, is the same 401', async () => {
    const { key } = await makeKey('viewer')
    const last = key.at(-1) === 'A' ? 'B' : 'A'
    const bodies = []
    for (const wrong of [key.slice(0, -1) + last, key.replace(KEY_SHAPE, (_, id: string) => key.replace(id, 'f'.repeat(12)).slice(0)), 'nashra_short', 'not-the-admin-token']) {
      const res = await as(wrong, 'GET', '/api/articles')
      expect(res.status, wrong).toBe(401)
      bodies.push(await res.text())
    }
    expect(new Set(bodies).size).toBe(1)
    expect((await as(key, 'GET', '/api/articles')).status).toBe(200)
  })

  it('counts failed attempts per hour for /stats', async () => {
    const before = (await (await api('GET', '/api/audit/failures')).json()) as { hours: { hour: string; count: number }[] }
    const total = (h: { hours: { count: number }[] }) => h.hours.reduce((sum, x) => sum + x.count, 0)
    for (let i = 0; i < 3; i++) expect((await as(`nashra_${'0'.repeat(12)}_${'x'.repeat(43)}`, 'GET', '/api/articles')).status).toBe(401)
    const after = (await (await api('GET', '/api/audit/failures')).json()) as { hours: { hour: string; count: number }[] }
    expect(total(after) - total(before)).toBe(3)
    expect(after.hours.at(-1)?.hour).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:00:00\+03:00$/)
  })

  it('stamps last use to the hour', async () => {
    const { id, key } = await makeKey('viewer')
    await as(key, 'GET', '/api/sections')
    const listed = ((await (await api('GET', '/api/keys')).json()) as { keys: { id: string; last_used: string | null }[] }).keys.find((k) => k.id === id)
    expect(listed?.last_used).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:00:00\+03:00$/)
  })

  it('keeps no secret in D1: only hashes', async () => {
    const { key } = await makeKey('importer', [mine])
    await put(apiArticle(mine), { key })
    const dump: unknown[] = []
    const tables = (await testEnv.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'").all<{ name: string }>()).results
    for (const { name } of tables) {
      if (name.startsWith('article_search_')) continue
      dump.push(...(await testEnv.DB.prepare(`SELECT * FROM "${name}"`).all()).results)
    }
    const text = JSON.stringify(dump)
    expect(text).toContain(KEY_SHAPE.exec(key)![1])
    expect(text).not.toContain(key.slice(20))
    expect(text).not.toContain(key.slice(-16))
  })

  it('the OpenAPI document describes keys, the trail and the 403', async () => {
    const doc = (await (await call('/api/openapi.json')).json()) as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> }
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/keys', '/keys/{id}', '/audit', '/audit/failures']))
    expect(Object.keys(doc.paths['/keys']!)).toEqual(['post', 'get'])
    expect(doc.paths['/keys/{id}']!.delete!.responses).toHaveProperty('403')
    expect(doc.paths['/articles/{id}']!.put!.responses).toHaveProperty('403')
  })
})
