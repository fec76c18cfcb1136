// Shared test helpers, the one import of every workerd test: drafts and sections with unique keys, the Worker's
// own fetch and the API's calls, what a feed lists, an XML parser set up to keep text exactly as written, and
// (./stores.ts) KV and D1 wrapped to count, fail or hold each operation.
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { expect } from 'vitest'
import worker from '../../src/index'
import type { ArticleDraft, Section } from '../../src/model/types'
import { upsertSection } from '../../src/publish/sections'
import { saveArticle } from '../../src/publish/write'
import type { Stores } from '../../src/store/d1'

export * from './stores'

export const ORIGIN = 'http://nashra.test'
export const testEnv = env as unknown as Env
/** The test file's stores: its local KV and D1 (emptied, then migrated, by tests/setup/fresh-stores.ts). */
export const stores: Stores = { kv: testEnv.ARTICLES, db: testEnv.DB }

let counter = 0
/** A name no other test in this file uses. */
export function unique(prefix: string): string {
  counter += 1
  return `${prefix}-${Date.now().toString(36)}-${counter}`
}

/**
 * A section written through the API's own path (upsertSection: NFC, no two sections with one name), named
 * «تقارير N» unless `overrides` names it; `updated` is the time it is stamped with.
 */
export async function createSection(overrides: Partial<Section> = {}): Promise<Section> {
  counter += 1
  const slug = overrides.slug ?? unique('sec')
  const input = { name: overrides.name ?? `تقارير ${counter}`, description: overrides.description ?? 'تقارير وتحليلات', order: overrides.order ?? 1 }
  return (await upsertSection(testEnv.DB, slug, input, overrides.updated ?? Date.UTC(2023, 0, 1))).section
}

export function makeDraft(section: string, overrides: Partial<ArticleDraft> = {}): ArticleDraft {
  const id = overrides.id ?? unique('art')
  return {
    id,
    section,
    title: 'عنوان الخبر',
    content: '<p>نص الخبر.</p>',
    url: `https://www.mawazin.net/news/${id}`,
    authors: [{ name: 'علي حسين' }],
    published: Date.UTC(2024, 1, 18, 9, 13),
    tags: ['العراق'],
    ...overrides,
  }
}

/** Calls the Worker's own fetch handler; `bindings` replaces the environment (e.g. a counting KV). */
export async function call(path: string, init: RequestInit = {}, bindings: Env = testEnv): Promise<Response> {
  const ctx = createExecutionContext()
  const res = await worker.fetch(new Request(ORIGIN + path, { redirect: 'manual', ...init }), bindings, ctx)
  await waitOnExecutionContext(ctx)
  return res
}

/**
 * The Worker's answer as soon as it is given, before its background work (`waitUntil`) is done: a test that holds
 * a store read lets it go after the answer, then awaits `settled()`.
 */
export async function answered(path: string, init: RequestInit = {}, bindings: Env = testEnv): Promise<{ res: Response; settled: () => Promise<void> }> {
  const ctx = createExecutionContext()
  const res = await worker.fetch(new Request(ORIGIN + path, { redirect: 'manual', ...init }), bindings, ctx)
  return { res, settled: () => waitOnExecutionContext(ctx) }
}

const ARRAYS = new Set(['item', 'entry', 'category', 'atom:link', 'dc:creator', 'author'])
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  // Decode character references (&#9; &#10;) as every conformant XML parser does.
  htmlEntities: true,
  trimValues: false,
  // Atom's link repeats; RSS's <link> is one text element.
  isArray: (name, jpath) => ARRAYS.has(name) || (name === 'link' && String(jpath).startsWith('feed.')),
})

/** Asserts `xml` is well-formed, then parses it with text kept as written. */
export function parseXml(xml: string): Record<string, any> {
  const valid = XMLValidator.validate(xml)
  expect(valid, JSON.stringify(valid)).toBe(true)
  return parser.parse(xml) as Record<string, any>
}

/** The text of a parsed element: a plain string, or `#text` beside attributes. */
export function textOf(node: unknown): string {
  if (typeof node === 'string') return node
  if (node && typeof node === 'object' && '#text' in node) return String((node as Record<string, unknown>)['#text'])
  return ''
}

export const ADMIN_TOKEN = 'test-admin-token-0123456789'

/** A call to the publishing API with the admin token and a JSON body. */
export async function api(method: string, path: string, body?: unknown, bindings: Env = testEnv, headers: Record<string, string> = {}): Promise<Response> {
  const init: RequestInit = { method, headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, ...headers } }
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body)
    ;(init.headers as Record<string, string>)['Content-Type'] ??= 'application/json'
  }
  return call(path, init, bindings)
}

/** An article as the API takes it. */
export function apiArticle(section: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const id = (overrides.id as string | undefined) ?? unique('api')
  return {
    id,
    section,
    title: 'زيارة سرية إلى بغداد',
    content: '<p>نص الخبر.</p>',
    url: `https://www.mawazin.net/news/${id}`,
    published: '2024-02-18T12:13:00+03:00',
    ...overrides,
  }
}

/** A point where one writer waits: `reached` resolves when it arrives, `release()` lets it (and any later arrival) go on. */
export function pausePoint(): { reached: Promise<void>; wait: () => Promise<void>; release: () => void } {
  let arrive!: () => void
  let go!: () => void
  const reached = new Promise<void>((r) => (arrive = r))
  const released = new Promise<void>((r) => (go = r))
  return { reached, wait: () => (arrive(), released), release: () => go() }
}

/** The clock the tests' direct writes run at (the write path bounds scheduling by it): a fixed instant. */
export const WRITE_NOW = Date.UTC(2026, 0, 1)

/** The Worker's environment with its clock pinned at `now` (the TEST_CLOCK seam of src/http/clock.ts). */
export function atTime(now: number, bindings: Env = testEnv): Env {
  return { ...bindings, TEST_CLOCK: () => now } as Env
}

/** The article ids of a JSON Feed's items (the id after `:article/`), in its order. */
export function itemIds(json: { items: { id: unknown }[] }): string[] {
  return json.items.map((i) => String(i.id).replace(/^.*:article\//, ''))
}

/** The article ids a JSON Feed at `path` lists (asserting it answers 200), as the Worker with `bindings` answers. */
export async function feedIds(path: string, bindings: Env = testEnv): Promise<string[]> {
  const res = await call(path, {}, bindings)
  expect(res.status, path).toBe(200)
  return itemIds((await res.json()) as { items: { id: unknown }[] })
}

/** Each link of an Atom feed (its parsed `feed` element, or the document's text) by rel: the first of each. */
export function atomLinks(feed: string | Record<string, any>): Record<string, string> {
  const element = typeof feed === 'string' ? parseXml(feed).feed : feed
  const links: Record<string, string> = {}
  for (const link of element.link as any[]) links[link['@_rel']] ??= link['@_href']
  return links
}

/** A new section holding one article written through the write path at WRITE_NOW. */
export async function sectionWithArticle(draft: Partial<ArticleDraft> = {}, section: Partial<Section> = {}): Promise<{ section: Section; draft: ArticleDraft }> {
  const created = await createSection(section)
  const written = makeDraft(created.slug, draft)
  await saveArticle(stores, written, { now: WRITE_NOW })
  return { section: created, draft: written }
}

/** A call with `key` as the bearer (an API key, or a token that is not one) and a JSON body. */
export function as(key: string, method: string, path: string, body?: unknown, bindings: Env = testEnv): Promise<Response> {
  return api(method, path, body, bindings, { Authorization: `Bearer ${key}` })
}

/** PUT /api/articles/:id of `article`, as the admin unless `key` is given, to the Worker with `bindings`. */
export function put(article: Record<string, unknown>, options: { key?: string; bindings?: Env } = {}): Promise<Response> {
  return as(options.key ?? ADMIN_TOKEN, 'PUT', `/api/articles/${article.id as string}`, article, options.bindings)
}

/** A new API key made with the admin token: its id and secret. */
export async function makeKey(role: string, sections?: string[], name = unique(`مكتب ${role}`)): Promise<{ id: string; key: string }> {
  const res = await api('POST', '/api/keys', { name, role, ...(sections ? { sections } : {}) })
  expect(res.status).toBe(201)
  return (await res.json()) as { id: string; key: string }
}

/** The Worker's own fetch as a `fetch` (the importer's network), with the test environment. */
export const workerFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
  const ctx = createExecutionContext()
  const res = await worker.fetch(new Request(input, init), testEnv, ctx)
  await waitOnExecutionContext(ctx)
  return res
}) as typeof fetch
