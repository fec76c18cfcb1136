// The scheduled pull: fetch each due upstream feed (conditional GET), map its items, and write what changed
// through the one write path. Work per run is bounded; a slow, failing or malformed upstream is recorded and
// skipped, and nothing already stored is lost.
import { draftFromInput } from '../model/article-json'
import { clipBytes } from '../model/messages'
import type { Section, Source, SourceStatus } from '../model/types'
import { canonicalHost } from '../model/upstream-url'
import { parseHttpUrl } from '../model/urls'
import { listSections } from '../store/sections'
import { listSources, putSourceStatus } from '../store/sources'
import { FeedFormatError, type FeedEntry, entrySeen, entryToInput, parseFeedDocument } from './upstream-feed'
import { FETCH_LIMITS, UpstreamError, fetchUpstream } from './fetch-upstream'
import { InvalidDraftError } from '../publish/prepare'
import { ArticleInputSchema } from '../publish/article-input'
import { dueSources, nextAttemptAfterFailure, retryAfterMs } from './source-schedule'
import { pullActor } from '../publish/audit'
import { type Where, type WriteEffects, saveArticle, writeEffects } from '../publish/write'
import type { Stores } from '../store/d1'

export const PULL_LIMITS = {
  ...FETCH_LIMITS,
  /** Sources pulled per run; the rest wait for the next run, oldest first. */
  sources: 5,
  /** Newest items taken from one upstream document. */
  items: 50,
}
/** Stored messages are bounded (UTF-8 bytes): the whole error, and each item's key within it (so that several
 *  items' reasons fit). */
export const MESSAGE_BYTES = 1_000
const ITEM_KEY_BYTES = 150
/** An upstream validator longer than this is not kept (cutting it would make it wrong). */
const VALIDATOR_BYTES = 512

export interface PullOptions {
  now: number
  fetcher?: typeof fetch
  limits?: Partial<typeof PULL_LIMITS>
  /** This service: its hosts are never fetched, and items whose id or link is its own are skipped. */
  self?: { hosts: readonly string[]; tagAuthority: string }
  /** Development only (ALLOW_LOOPBACK_SOURCES): lets a loopback upstream through. */
  allowLoopback?: boolean
}

export interface PullReport {
  source: string
  outcome: 'ok' | 'not-modified' | 'error'
  created: number
  updated: number
  unchanged: number
  failed: number
  /** Items left out on purpose: ones pointing at this service, and repeats of an earlier item. */
  skipped: number
  error?: string
}

const EMPTY_STATUS: SourceStatus = {
  lastChecked: null,
  lastSuccess: null,
  lastStatus: null,
  lastError: null,
  etag: null,
  lastModified: null,
  failures: 0,
  nextAttempt: null,
}

function validator(value: string | null): string | null {
  return value !== null && value.length <= VALIDATOR_BYTES ? value : null
}

/** Whether an item is this service's own (its tag: id, or a link to this service's host). */
function isOwnItem(entry: FeedEntry, self: PullOptions['self']): boolean {
  if (!self) return false
  if (entry.key.startsWith(`tag:${self.tagAuthority}:`)) return true
  const hosts = new Set(self.hosts.map(canonicalHost))
  return [entry.url, entry.key].some((link) => {
    const url = parseHttpUrl(link)
    return url !== null && hosts.has(canonicalHost(url.hostname))
  })
}

/** Pulls one source; never throws. Returns its report, its new status and the sections it changed. */
export async function pullSource(
  stores: Stores,
  source: Source,
  previous: SourceStatus | null,
  sections: ReadonlyMap<string, Section>,
  options: PullOptions,
): Promise<{ report: PullReport; status: SourceStatus; placements: (Where | null)[] }> {
  const limits = { ...PULL_LIMITS, ...options.limits }
  const status: SourceStatus = { ...EMPTY_STATUS, ...previous, lastChecked: options.now }
  const report: PullReport = { source: source.id, outcome: 'ok', created: 0, updated: 0, unchanged: 0, failed: 0, skipped: 0 }
  const placements: (Where | null)[] = []
  const fail = (message: string, retryAfter: string | null = null) => {
    const failures = (previous?.failures ?? 0) + 1
    report.outcome = 'error'
    report.error = clipBytes(message, MESSAGE_BYTES)
    status.lastStatus = 'error'
    status.lastError = report.error
    status.failures = failures
    status.nextAttempt = nextAttemptAfterFailure(options.now, source.interval, failures, retryAfterMs(retryAfter, options.now))
    return { report, status, placements }
  }
  const succeed = () => ({ report, status: { ...status, lastSuccess: options.now, failures: 0, nextAttempt: null }, placements })
  try {
    const upstream = await fetchUpstream(source.url, {
      fetcher: options.fetcher ?? fetch,
      policy: { selfHosts: options.self?.hosts ?? [], allowLoopback: options.allowLoopback ?? false },
      limits,
      etag: status.etag,
      lastModified: status.lastModified,
    })
    if (upstream.status === 'not-modified') {
      report.outcome = 'not-modified'
      Object.assign(status, { lastStatus: 'not modified', lastError: null })
      return succeed()
    }
    const section = sections.get(source.section)
    if (!section) return fail(`section "${source.section}" no longer exists`)
    const document = parseFeedDocument(upstream.bytes, {
      url: upstream.url,
      contentType: upstream.headers.get('Content-Type'),
      now: options.now,
      timeZone: source.timeZone,
      encoding: source.encoding,
    })
    const feedKey = document.feedKey || source.url
    const itemErrors: string[] = []
    const note = (key: string, reason: string) => itemErrors.push(`${clipBytes(key, ITEM_KEY_BYTES)}: ${reason}`)
    for (const skipped of document.skipped) {
      note(skipped.key, skipped.reason)
      if (skipped.repeat) report.skipped++
      else report.failed++
    }
    // Kept, but worth saying: an encoding not used as declared, a date not read (the item dated when seen).
    for (const warning of document.warnings) note(warning.key ?? 'document', `warning: ${warning.reason}`)
    // The same upstream item is one article: within one document the first of a repeated id or link is kept.
    const seen = new Set<string>()
    const distinct = document.entries.filter((entry) => {
      const key = entry.key || entry.url || entry.title
      const repeated = seen.has(key)
      seen.add(key)
      if (repeated || isOwnItem(entry, options.self)) {
        report.skipped++
        if (repeated) note(key, 'repeats an earlier item of the document; the first is kept')
        return false
      }
      return true
    })
    const entries = distinct.sort((a, b) => b.published - a.published).slice(0, limits.items)
    for (const entry of entries) {
      const parsed = ArticleInputSchema.safeParse(await entryToInput(entry, section.slug, feedKey))
      if (!parsed.success) {
        report.failed++
        note(entry.key || entry.title, parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join(', '))
        continue
      }
      try {
        const result = await saveArticle(stores, { ...draftFromInput(parsed.data), seen: entrySeen(entry, options.now) }, { sections, now: options.now, actor: pullActor(source.id) })
        report[result.status]++
        if (result.status !== 'unchanged') placements.push(result.article, result.previous)
      } catch (error) {
        report.failed++
        note(entry.key, error instanceof InvalidDraftError ? error.message : 'could not be stored')
      }
    }
    status.etag = validator(upstream.headers.get('ETag'))
    status.lastModified = validator(upstream.headers.get('Last-Modified'))
    status.lastStatus = `${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.failed} failed${report.skipped > 0 ? `, ${report.skipped} skipped` : ''}`
    status.lastError = itemErrors.length > 0 ? clipBytes(itemErrors.slice(0, 5).join('; '), MESSAGE_BYTES) : null
    return succeed()
  } catch (error) {
    if (error instanceof UpstreamError) return fail(error.message, error.retryAfter)
    if (error instanceof FeedFormatError) return fail(`not a feed: ${error.message}`)
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return fail(`no answer within ${limits.timeoutMs} ms`)
    return fail(error instanceof Error ? error.message : String(error))
  }
}

/** One scheduled run: pulls the due sources in parallel and records how each went; `effects`, what its writes changed. */
export async function pullDueSources(stores: Stores, options: PullOptions): Promise<{ reports: PullReport[]; effects: WriteEffects }> {
  const limits = { ...PULL_LIMITS, ...options.limits }
  const kv = stores.kv
  const [all, sectionList] = await Promise.all([listSources(kv), listSections(stores.db)])
  const sections = new Map(sectionList.map((s) => [s.slug, s]))
  const results = await Promise.all(
    dueSources(all, options.now, limits.sources).map(async ({ source, status }) => {
      const result = await pullSource(stores, source, status, sections, options)
      await putSourceStatus(kv, source.id, result.status)
      return result
    }),
  )
  return { reports: results.map((r) => r.report), effects: writeEffects(results.flatMap((r) => r.placements), options.now) }
}
