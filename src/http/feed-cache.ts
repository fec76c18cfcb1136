// A cache of rendered feed representations, keyed by canonical URL: a small LRU in this isolate in front of the
// data centre's Cache API (caches.default). A hit answers 200 or 304 with the headers of the fresh render and
// costs no KV operation and no render; concurrent misses share one production; a KV fault is answered with the
// last good bytes (stale-if-error, up to a day old). Freshness is by purge marks: a write marks its scopes (in
// this isolate's memory at once, in the Cache API before the write answers), and an entry filled before its
// scope's mark is never served fresh, only revalidated (its ETag: one KV list, no render) or served on a fault.
import type { Context } from 'hono'
import type { AppEnv } from '../env'
import type { Config } from '../model/config'
import { isNotModified } from './conditional'

/** How long an entry is fresh after it was filled from KV: the bound on staleness where no purge reaches. */
export const SHARED_FRESH_MS = 30_000
/** How long this isolate serves its memory copy before looking at the Cache API again (other isolates' writes). */
export const MEMORY_FRESH_MS = 5_000
/** RFC 5861 stale-if-error: the oldest bytes a KV fault may be answered with. */
export const STALE_IF_ERROR_MS = 86_400_000
/** A production still unfinished by then is a store fault (KV hangs): stale bytes or a 503, not a hung reader. */
export const FEED_DEADLINE_MS = 3_000
/** Memory entries and bytes this isolate keeps at most (Workers isolates have 128 MB). */
const MEMORY_MAX_ENTRIES = 256
const MEMORY_MAX_BYTES = 24 * 1024 * 1024
/** How long the Cache API keeps an entry and a purge mark: as long as stale-if-error may use them. */
const STORED_CACHE_CONTROL = `public, max-age=${STALE_IF_ERROR_MS / 1000}`
const META_HEADER = 'X-Nashra-Entry'
/** RFC 9211 Cache-Status: the cache's name. */
const CACHE_NAME = 'nashra'

interface Entry {
  /** The settings it was rendered under (configTag): a deploy with new vars starts afresh. */
  config: string
  body: Uint8Array
  /** The headers of the fresh 200, as rendered. */
  headers: [string, string][]
  etag: string
  lastModified: number | null
  /** When the production that made it began, before KV was read. */
  filledAt: number
  /** Fresh until then: filledAt + SHARED_FRESH_MS, capped by what the producer said (a scheduled article). */
  freshUntil: number
  /** When this isolate last confirmed it against the Cache API's purge mark. */
  checkedAt: number
  /** The next scheduled article's time, when one is due: Cache-Control shrinks towards it on every answer. */
  scheduled: number | null
}

/** What the producer may tell the cache about the representation it made. */
export interface ProduceControl {
  /** Never fresh after this instant (epoch ms): the next scheduled article, the next month. */
  expiresAt?: number
  /** The next scheduled article's time: answers from the cache recompute Cache-Control for it (options.cacheControl). */
  scheduled?: number | null
}

export interface FeedCacheOptions {
  /** The canonical URL of the representation. */
  key: string
  /** The index scope it is read from (a section slug or the site-wide scope): what writes purge. */
  scope: string
  /** Errors that mean the store failed (served stale when there are bytes, else rethrown). */
  isFault: (error: unknown) => boolean
  /** The fault a production past FEED_DEADLINE_MS counts as (rethrown when there are no bytes). */
  timeout: () => Error
  /** Cache-Control as a fresh render would say it now, for a copy made before a scheduled article's time. */
  cacheControl?: (scheduled: number) => string
}

/**
 * Makes the representation. `conditional` holds the only validators it may answer 304 to (the cache's own
 * ETag when revalidating, else the client's); it never reads the request's own headers.
 */
export type Producer = (conditional: Headers, control: ProduceControl) => Promise<Response>

type Outcome = { entry: Entry; stored: boolean; revalidated: boolean } | { response: Response; headers: [string, string][]; body: Uint8Array | null }

const memory = new Map<string, Entry>()
let memoryBytes = 0
/** This isolate's purge marks per scope (epoch ms), and a mark for every scope (tests, a full purge). */
const marks = new Map<string, number>()
let markAll = 0
const flights = new Map<string, Promise<Outcome>>()

function remember(key: string, entry: Entry): void {
  const old = memory.get(key)
  if (old) {
    memory.delete(key)
    memoryBytes -= old.body.byteLength
  }
  memory.set(key, entry)
  memoryBytes += entry.body.byteLength
  for (const [oldest, value] of memory) {
    if (memory.size <= MEMORY_MAX_ENTRIES && memoryBytes <= MEMORY_MAX_BYTES) break
    memory.delete(oldest)
    memoryBytes -= value.body.byteLength
  }
}

const configTags = new WeakMap<Config, string>()

/** A short fingerprint of the settings (FNV-1a of their JSON), once per Config object. */
function configTag(config: Config): string {
  let tag = configTags.get(config)
  if (tag === undefined) {
    let hash = 0x811c9dc5
    for (const char of JSON.stringify(config)) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0
    tag = hash.toString(36)
    configTags.set(config, tag)
  }
  return tag
}

function localMark(scope: string): number {
  return Math.max(markAll, marks.get(scope) ?? 0)
}

/**
 * The Cache API key of a scope's purge mark: under the canonical origin (loopback in development, whatever host
 * the request named), on a path no route serves.
 */
function markKey(config: Config, scope: string): string {
  return `${config.publicUrl || 'http://localhost'}/.nashra-cache/purged/${encodeURIComponent(scope)}`
}

function cacheApi(): Cache | null {
  // caches.default exists in workerd (and is a no-op on workers.dev); elsewhere there is only memory.
  return typeof caches !== 'undefined' && 'default' in caches ? (caches as unknown as { default: Cache }).default : null
}

async function readShared(key: string, markUrl: string, config: string): Promise<{ entry: Entry | null; mark: number }> {
  const cache = cacheApi()
  if (!cache) return { entry: null, mark: 0 }
  try {
    const [stored, mark] = await Promise.all([cache.match(key), cache.match(markUrl)])
    const markAt = mark ? Number(await mark.text()) || 0 : 0
    if (!stored) return { entry: null, mark: markAt }
    const meta = JSON.parse(decodeURIComponent(stored.headers.get(META_HEADER) ?? '')) as Omit<Entry, 'body' | 'checkedAt'>
    if (meta.config !== config) {
      await stored.body?.cancel()
      return { entry: null, mark: markAt }
    }
    const body = new Uint8Array(await stored.arrayBuffer())
    return { entry: { ...meta, body, checkedAt: 0 }, mark: markAt }
  } catch {
    return { entry: null, mark: 0 }
  }
}

async function writeShared(key: string, entry: Entry): Promise<void> {
  const cache = cacheApi()
  if (!cache) return
  const { body, checkedAt: _, ...meta } = entry
  const headers = { 'Cache-Control': STORED_CACHE_CONTROL, [META_HEADER]: encodeURIComponent(JSON.stringify(meta)) }
  try {
    await cache.put(key, new Response(body, { headers }))
  } catch (error) {
    console.warn(`feed cache: put failed: ${error instanceof Error ? error.message : String(error)}`)
  }
}

function answer(c: Context<AppEnv>, options: FeedCacheOptions, entry: Entry, status: string, extra: Record<string, string> = {}): Response {
  const headers = new Headers(entry.headers)
  if (entry.scheduled !== null && options.cacheControl) headers.set('Cache-Control', options.cacheControl(entry.scheduled))
  for (const [name, value] of Object.entries(extra)) headers.set(name, value)
  headers.set('Cache-Status', `${CACHE_NAME}; ${status}`)
  if (isNotModified(c.req.raw.headers, entry.etag, entry.lastModified)) {
    headers.delete('Content-Type')
    return new Response(null, { status: 304, headers })
  }
  return new Response(entry.body, { status: 200, headers })
}

function isFresh(entry: Entry, mark: number, now: number): boolean {
  return entry.filledAt > mark && now < entry.freshUntil
}

/** Turns what the producer answered into an outcome waiters can share (a body is read once). */
async function settle(res: Response, started: number, control: ProduceControl, known: Entry | null, config: string): Promise<Outcome> {
  const headers = [...res.headers]
  const freshUntil = Math.min(started + SHARED_FRESH_MS, control.expiresAt ?? Infinity)
  if (res.status === 304 && known && res.headers.get('ETag') === known.etag) {
    return { entry: { ...known, filledAt: started, freshUntil, checkedAt: started, scheduled: control.scheduled ?? null }, stored: true, revalidated: true }
  }
  const body = res.body ? new Uint8Array(await res.arrayBuffer()) : null
  const etag = res.headers.get('ETag')
  const cacheControl = res.headers.get('Cache-Control') ?? ''
  if (res.status !== 200 || !etag || !body || /no-cache|no-store|private/.test(cacheControl)) return { response: res, headers, body }
  const modified = res.headers.get('Last-Modified')
  const entry: Entry = { config, body, headers, etag, lastModified: modified ? Date.parse(modified) : null, filledAt: started, freshUntil, checkedAt: started, scheduled: control.scheduled ?? null }
  return { entry, stored: true, revalidated: false }
}

/**
 * Answers a feed request from the cache, or by `produce` (once per isolate for concurrent misses), filling the
 * cache off the response path. A store fault answers the newest bytes no older than a day, saying so in
 * `Cache-Status` and `Age`; without any, the fault is rethrown (the app answers 503).
 */
export async function serveCached(c: Context<AppEnv>, options: FeedCacheOptions, produce: Producer): Promise<Response> {
  const { key, scope } = options
  const config = configTag(c.var.config)
  const memoryKey = `${config} ${key}`
  const now = c.var.now
  const inMemory = memory.get(memoryKey) ?? null
  if (inMemory && isFresh(inMemory, localMark(scope), now) && now - inMemory.checkedAt < MEMORY_FRESH_MS) {
    remember(memoryKey, inMemory)
    return answer(c, options, inMemory, 'hit; detail=memory')
  }
  const shared = await readShared(key, markKey(c.var.config, scope), config)
  const mark = Math.max(shared.mark, localMark(scope))
  const known = [inMemory, shared.entry].reduce<Entry | null>((a, b) => (b && (!a || b.filledAt > a.filledAt) ? b : a), null)
  if (known && isFresh(known, mark, now)) {
    const confirmed = { ...known, checkedAt: now }
    remember(memoryKey, confirmed)
    return answer(c, options, confirmed, 'hit; detail=cache-api')
  }

  // Revalidate what we hold by its ETag; with nothing held, the client's own validators may save the render.
  const conditional = new Headers()
  if (known) conditional.set('If-None-Match', known.etag)
  else for (const name of ['If-None-Match', 'If-Modified-Since']) {
    const value = c.req.header(name)
    if (value !== undefined) conditional.set(name, value)
  }
  const flightKey = `${memoryKey}\n${[...conditional].join('\n')}`
  let flight = flights.get(flightKey)
  const joined = flight !== undefined
  if (!flight) {
    const control: ProduceControl = {}
    flight = produce(conditional, control).then((res) => settle(res, now, control, known, config))
    flights.set(flightKey, flight)
    const done = flight.then(async (outcome) => {
      if ('entry' in outcome && outcome.entry.filledAt > localMark(scope)) {
        remember(memoryKey, outcome.entry)
        await writeShared(key, outcome.entry)
      }
    })
    // The fill outlives this response (and the flight outlives a waiter that gave up).
    c.executionCtx.waitUntil(done.catch(() => undefined).finally(() => flights.delete(flightKey)))
  }
  let outcome: Outcome
  let timer: ReturnType<typeof setTimeout> | undefined
  try {
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(options.timeout()), FEED_DEADLINE_MS)
    })
    outcome = await Promise.race([flight, deadline])
  } catch (error) {
    const stale = known && now - known.filledAt <= STALE_IF_ERROR_MS ? known : null
    if (!options.isFault(error) || !stale) throw error
    const age = Math.max(0, Math.floor((now - stale.filledAt) / 1000))
    console.warn(`feed cache: ${key}: store fault, serving bytes ${age}s old: ${error instanceof Error ? error.message : String(error)}`)
    return answer(c, options, stale, `hit; fwd=stale; detail="stale-if-error"`, { Age: String(age) })
  } finally {
    clearTimeout(timer)
  }
  if ('entry' in outcome) {
    const how = outcome.revalidated ? 'fwd=stale; fwd-status=304' : 'fwd=miss'
    return answer(c, options, outcome.entry, `${how}; stored${joined ? '; collapsed' : ''}`)
  }
  const headers = new Headers(outcome.headers)
  headers.set('Cache-Status', `${CACHE_NAME}; fwd=miss${joined ? '; collapsed' : ''}`)
  return new Response(outcome.body, { status: outcome.response.status, headers })
}

/**
 * Marks `scopes` purged: at once in this isolate, and in this data centre's Cache API before it returns, so a
 * representation filled before now is revalidated on its next request. Other data centres see the write when
 * their entries turn stale (SHARED_FRESH_MS). Never throws: a failed mark only leaves that bound.
 */
export async function purgeScopes(config: Config, scopes: Iterable<string>, now: number): Promise<void> {
  const list = [...new Set(scopes)]
  for (const scope of list) marks.set(scope, Math.max(now, marks.get(scope) ?? 0))
  const cache = cacheApi()
  if (!cache) return
  await Promise.all(
    list.map((scope) =>
      cache.put(markKey(config, scope), new Response(String(now), { headers: { 'Cache-Control': STORED_CACHE_CONTROL } })).catch((error: unknown) => {
        console.warn(`feed cache: purge mark for ${scope} failed: ${error instanceof Error ? error.message : String(error)}`)
      }),
    ),
  )
}

/** Drops this isolate's memory copies (tests: what another isolate of the data centre would see). */
export function dropFeedMemory(): void {
  memory.clear()
  memoryBytes = 0
}

/** Forgets everything this isolate knows, purge marks included (tests: a fresh isolate of the data centre). */
export function freshIsolate(): void {
  dropFeedMemory()
  marks.clear()
  markAll = 0
}

/** Marks every scope purged in this isolate (tests; a write that went to KV without the API, like the importer). */
export function purgeAllHere(): void {
  dropFeedMemory()
  markAll = Date.now()
}
