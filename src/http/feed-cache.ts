// A cache of rendered feed representations, keyed by canonical URL: a small LRU in this isolate in front of the
// data centre's Cache API (caches.default). A hit answers 200 or 304 with the headers of the fresh render and
// costs no KV operation and no render; concurrent misses share one production; a KV fault is answered with the
// last good bytes (stale-if-error, up to a day old). Freshness is by purge marks: a write marks its scopes (in
// this isolate's memory at once, in the Cache API before the write answers), and an entry filled before its
// scope's mark is never served fresh, only revalidated (its ETag: one KV list, no render) or served on a fault.
import type { Context } from 'hono'
import type { AppEnv } from '../env'
import { type Config, shapeOf } from '../model/config'
import { type CacheRule, cacheControl, storedCacheControl } from './cache-control'
import { isNotModified } from './conditional'

/** How long an entry is fresh after it was filled from KV: the bound on staleness where no purge reaches. */
export const SHARED_FRESH_MS = 30_000
/** How long this isolate serves its memory copy before looking at the Cache API again (other isolates' writes). */
export const MEMORY_FRESH_MS = 5_000
/** RFC 5861 stale-if-error: the oldest bytes a KV fault may be answered with. */
export const STALE_IF_ERROR_MS = 86_400_000
/** Memory entries and bytes this isolate keeps at most (Workers isolates have 128 MB). */
const MEMORY_MAX_ENTRIES = 256
const MEMORY_MAX_BYTES = 24 * 1024 * 1024
/** How long the Cache API keeps an entry and a purge mark: as long as stale-if-error may use them. */
const STORED_CACHE_CONTROL = storedCacheControl(STALE_IF_ERROR_MS)
const META_HEADER = 'X-Nashra-Entry'
/** RFC 9211 Cache-Status: the cache's name. */
const CACHE_NAME = 'nashra'

/** What the cache needs of a request's plan (feeds/request-plan.ts): where the entry lives and how it is kept. */
export interface CachePlan {
  /** The canonical URL of the representation. */
  key: string
  /** The index scope it is read from (a section slug or the site-wide scope): what writes purge. */
  scope: string
  /** How its Cache-Control is recomputed for a copy made before a scheduled article's time. */
  rule: CacheRule
}

/** What a production made: the response and, from its plan, until when a copy may be fresh. */
export interface Produced {
  response: Response
  /** Never fresh after this instant (epoch ms): the next scheduled article, the next month. */
  expiresAt: number
  /** The next scheduled article's time: answers from the cache recompute Cache-Control for it. */
  nextScheduled: number | null
}

/**
 * Makes the representation. `conditional` holds the only validators it may answer 304 to (the cache's own
 * ETag when revalidating, else the client's); it never reads the request's own headers.
 */
export type Producer = (conditional: Headers) => Promise<Produced>

/** Which errors are store faults (served stale when there are bytes), and the fault a late production counts as. */
export interface Faults {
  isFault: (error: unknown) => boolean
  /** A production still unfinished after the config's storeDeadlineMs (KV or D1 hangs): stale bytes or a 503, not a hung reader. */
  timeout: (deadlineMs: number) => Error
}

interface Entry {
  /** The settings it was rendered under (configTag): a deploy with new vars starts afresh. */
  config: string
  scope: string
  rule: CacheRule
  body: Uint8Array
  /** The headers of the fresh 200, as rendered (lower-case names). */
  headers: [string, string][]
  etag: string
  lastModified: number | null
  /** When the production that made it began, before KV was read. */
  filledAt: number
  /** Fresh until then: filledAt + SHARED_FRESH_MS, capped by the plan's expiry (a scheduled article, a month). */
  freshUntil: number
  /** When this isolate last confirmed it against the Cache API's purge mark. */
  checkedAt: number
  /** The next scheduled article's time, when one is due: Cache-Control shrinks towards it on every answer. */
  scheduled: number | null
}

type Outcome = { entry: Entry; revalidated: boolean } | { response: Response; headers: [string, string][]; body: Uint8Array | null }

/** What the two layers hold for a representation, and the newest purge mark of its scope. */
interface Lookup {
  known: Entry | null
  mark: number
}

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
    for (const char of shapeOf(config)) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0
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

/**
 * The entry's bytes with its headers, Cache-Control recomputed when a scheduled article is due, and Cache-Status:
 * one header list, one Response (no Headers copied). A 304 to the client's own validators.
 */
function answer(c: Context<AppEnv>, entry: Entry, status: string, extra: [string, string][] = []): Response {
  const notModified = isNotModified(c.req.raw.headers, entry.etag, entry.lastModified)
  const headers: [string, string][] = []
  for (const header of entry.headers) {
    if (notModified && header[0] === 'content-type') continue
    if (entry.scheduled !== null && header[0] === 'cache-control') headers.push([header[0], cacheControl(entry.rule, c.var.config, entry.scheduled, c.var.now)])
    else headers.push(header)
  }
  headers.push(...extra, ['cache-status', `${CACHE_NAME}; ${status}`])
  return new Response(notModified ? null : entry.body, { status: notModified ? 304 : 200, headers })
}

function isFresh(entry: Entry, mark: number, now: number): boolean {
  return entry.filledAt > mark && now < entry.freshUntil
}

/**
 * This isolate's fresh copy of `key` (a canonical URL), answered, or null: the whole of a repeat poll's work. A
 * route may call it with the request's own URL before parsing the query: only a canonical URL is ever a key.
 */
export function cachedAnswer(c: Context<AppEnv>, key: string): Response | null {
  const memoryKey = `${configTag(c.var.config)} ${key}`
  const entry = memory.get(memoryKey)
  const now = c.var.now
  if (!entry || !isFresh(entry, localMark(entry.scope), now) || now - entry.checkedAt >= MEMORY_FRESH_MS) return null
  memory.delete(memoryKey)
  memory.set(memoryKey, entry)
  return answer(c, entry, 'hit; detail=memory')
}

/** Turns what the producer made into an outcome waiters can share (a body is read once). */
async function settle(produced: Produced, plan: CachePlan, started: number, known: Entry | null, config: string): Promise<Outcome> {
  const res = produced.response
  const headers = [...res.headers]
  const freshUntil = Math.min(started + SHARED_FRESH_MS, produced.expiresAt)
  const scheduled = produced.nextScheduled
  if (res.status === 304 && known && res.headers.get('ETag') === known.etag) {
    return { entry: { ...known, filledAt: started, freshUntil, checkedAt: started, scheduled }, revalidated: true }
  }
  const body = res.body ? new Uint8Array(await res.arrayBuffer()) : null
  const etag = res.headers.get('ETag')
  const stored = res.headers.get('Cache-Control') ?? ''
  if (res.status !== 200 || !etag || !body || /no-cache|no-store|private/.test(stored)) return { response: res, headers, body }
  const modified = res.headers.get('Last-Modified')
  const lastModified = modified ? Date.parse(modified) : null
  const entry: Entry = { config, scope: plan.scope, rule: plan.rule, body, headers, etag, lastModified, filledAt: started, freshUntil, checkedAt: started, scheduled }
  return { entry, revalidated: false }
}

/** Both layers' copies of the representation (the newer one counts) and the scope's newest purge mark. */
async function lookUp(c: Context<AppEnv>, plan: CachePlan, memoryKey: string, config: string): Promise<Lookup> {
  const inMemory = memory.get(memoryKey) ?? null
  const shared = await readShared(plan.key, markKey(c.var.config, plan.scope), config)
  const mark = Math.max(shared.mark, localMark(plan.scope))
  const known = [inMemory, shared.entry].reduce<Entry | null>((a, b) => (b && (!a || b.filledAt > a.filledAt) ? b : a), null)
  return { known, mark }
}

/** Revalidate what we hold by its ETag; with nothing held, the client's own validators may save the render. */
function conditionalFor(c: Context<AppEnv>, known: Entry | null): Headers {
  const conditional = new Headers()
  if (known) conditional.set('If-None-Match', known.etag)
  else for (const name of ['If-None-Match', 'If-Modified-Since']) {
    const value = c.req.header(name)
    if (value !== undefined) conditional.set(name, value)
  }
  return conditional
}

/**
 * The production of this representation for these validators: the one already under way in this isolate, or a
 * new one, whose outcome fills both layers off the response path (it outlives a waiter that gave up).
 */
function flightFor(c: Context<AppEnv>, plan: CachePlan, produce: Producer, lookup: Lookup, memoryKey: string, config: string): { flight: Promise<Outcome>; joined: boolean } {
  const conditional = conditionalFor(c, lookup.known)
  const flightKey = `${memoryKey}\n${[...conditional].join('\n')}`
  const under = flights.get(flightKey)
  if (under) return { flight: under, joined: true }
  const now = c.var.now
  const flight = produce(conditional).then((produced) => settle(produced, plan, now, lookup.known, config))
  flights.set(flightKey, flight)
  const done = flight.then(async (outcome) => {
    if ('entry' in outcome && outcome.entry.filledAt > localMark(plan.scope)) {
      remember(memoryKey, outcome.entry)
      await writeShared(plan.key, outcome.entry)
    }
  })
  c.executionCtx.waitUntil(done.catch(() => undefined).finally(() => flights.delete(flightKey)))
  return { flight, joined: false }
}

/** The flight's outcome, or its failure; past `deadlineMs` the failure is `faults.timeout()`. */
async function withDeadline(flight: Promise<Outcome>, faults: Faults, deadlineMs: number): Promise<Outcome> {
  let timer: ReturnType<typeof setTimeout> | undefined
  try {
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(faults.timeout(deadlineMs)), deadlineMs)
    })
    return await Promise.race([flight, deadline])
  } finally {
    clearTimeout(timer)
  }
}

/** A store fault: the newest bytes no older than a day, saying so; else the error goes on (the app answers 503). */
function staleOnFault(c: Context<AppEnv>, plan: CachePlan, known: Entry | null, error: unknown, faults: Faults): Response {
  const now = c.var.now
  const stale = known && now - known.filledAt <= STALE_IF_ERROR_MS ? known : null
  if (!faults.isFault(error) || !stale) throw error
  const age = Math.max(0, Math.floor((now - stale.filledAt) / 1000))
  console.warn(`feed cache: ${plan.key}: store fault, serving bytes ${age}s old: ${error instanceof Error ? error.message : String(error)}`)
  return answer(c, stale, `hit; fwd=stale; detail="stale-if-error"`, [['age', String(age)]])
}

/**
 * Answers a request planned as `plan` from the cache, or by `produce` (once per isolate for concurrent misses),
 * filling the cache off the response path. A store fault answers the newest bytes no older than a day, saying
 * so in `Cache-Status` and `Age`; without any, the fault is rethrown (the app answers 503).
 */
export async function serveCached(c: Context<AppEnv>, plan: CachePlan, produce: Producer, faults: Faults): Promise<Response> {
  const hit = cachedAnswer(c, plan.key)
  if (hit) return hit
  const config = configTag(c.var.config)
  const memoryKey = `${config} ${plan.key}`
  const lookup = await lookUp(c, plan, memoryKey, config)
  const { known, mark } = lookup
  if (known && isFresh(known, mark, c.var.now)) {
    const confirmed = { ...known, checkedAt: c.var.now }
    remember(memoryKey, confirmed)
    return answer(c, confirmed, 'hit; detail=cache-api')
  }
  const { flight, joined } = flightFor(c, plan, produce, lookup, memoryKey, config)
  let outcome: Outcome
  try {
    outcome = await withDeadline(flight, faults, c.var.config.storeDeadlineMs)
  } catch (error) {
    return staleOnFault(c, plan, known, error, faults)
  }
  if ('entry' in outcome) {
    const how = outcome.revalidated ? 'fwd=stale; fwd-status=304' : 'fwd=miss'
    return answer(c, outcome.entry, `${how}; stored${joined ? '; collapsed' : ''}`)
  }
  const headers: [string, string][] = [...outcome.headers, ['cache-status', `${CACHE_NAME}; fwd=miss${joined ? '; collapsed' : ''}`]]
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
