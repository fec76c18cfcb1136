// Shared test helpers: drafts and sections with unique keys, the Worker's own fetch, a KV call counter,
// and an XML parser set up to keep text exactly as written.
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { expect } from 'vitest'
import worker from '../src/index'
import type { ArticleDraft, Section } from '../src/model/types'
import { upsertSection } from '../src/publish/sections'
import type { Stores } from '../src/store/d1'

export const ORIGIN = 'http://nashra.test'
export const testEnv = env as unknown as Env
/** The test file's stores: its local KV and D1 (migrations applied by tests/setup/migrations.ts). */
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

export interface KvCounts {
  get: number
  list: number
  put: number
  delete: number
  getWithMetadata: number
}

/** Wraps a KV namespace, counting each operation (a bulk get of many keys is one). */
export function countingKv(kv: KVNamespace): { kv: KVNamespace; counts: KvCounts } {
  const counts: KvCounts = { get: 0, list: 0, put: 0, delete: 0, getWithMetadata: 0 }
  const wrapped = new Proxy(kv, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown
      if (typeof value !== 'function') return value
      return (...args: unknown[]) => {
        if (typeof prop === 'string' && prop in counts) counts[prop as keyof KvCounts]++
        return (value as (...a: unknown[]) => unknown).apply(target, args)
      }
    },
  })
  return { kv: wrapped, counts }
}

export function totalOps(counts: KvCounts): number {
  return counts.get + counts.list + counts.put + counts.delete + counts.getWithMetadata
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

/** Runs before a KV operation (`op` is the method, `key` its first key); it may throw, or hold the operation. */
export type KvHook = (op: string, key: string) => void | Promise<void>

/** Wraps a KV namespace so that `hook` sees, and may fail or hold, each operation first. */
export function hookedKv(kv: KVNamespace, hook: KvHook): KVNamespace {
  return new Proxy(kv, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown
      if (typeof value !== 'function') return value
      return async (...args: unknown[]) => {
        const first = args[0]
        const key = typeof first === 'string' ? first : Array.isArray(first) ? String(first[0]) : JSON.stringify(first ?? null)
        await hook(String(prop), key)
        return (value as (...a: unknown[]) => unknown).apply(target, args)
      }
    },
  })
}

/** A point where one writer waits: `reached` resolves when it arrives, `release()` lets it (and any later arrival) go on. */
export function pausePoint(): { reached: Promise<void>; wait: () => Promise<void>; release: () => void } {
  let arrive!: () => void
  let go!: () => void
  const reached = new Promise<void>((r) => (arrive = r))
  const released = new Promise<void>((r) => (go = r))
  return { reached, wait: () => (arrive(), released), release: () => go() }
}

/** Bindings whose KV is wrapped by `hook`. */
export function withKv(hook: KvHook, bindings: Env = testEnv): Env {
  return { ...bindings, ARTICLES: hookedKv(bindings.ARTICLES, hook) }
}

/** The clock the tests' direct writes run at (the write path bounds scheduling by it): a fixed instant. */
export const WRITE_NOW = Date.UTC(2026, 0, 1)

/** The Worker's environment with its clock pinned at `now` (the TEST_CLOCK seam of src/http/clock.ts). */
export function atTime(now: number, bindings: Env = testEnv): Env {
  return { ...bindings, TEST_CLOCK: () => now } as Env
}
