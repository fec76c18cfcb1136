// The scheduled pull: fetch each due upstream feed (conditional GET), map its items, and write what changed
// through the one write path. Work per run is bounded; a slow, failing or malformed upstream is recorded and
// skipped, and nothing already stored is lost.
import { draftFromInput } from '../model/article-json'
import type { Section, Source, SourceStatus } from '../model/types'
import { listSections } from '../store/sections'
import { listSources, putSourceStatus } from '../store/sources'
import { FeedFormatError, entrySeen, entryToInput, parseFeedDocument } from './feed-items'
import { InvalidDraftError } from './prepare'
import { ArticleInputSchema } from './schemas'
import { saveArticle } from './write'

export const PULL_LIMITS = {
  /** Sources pulled per run; the rest wait for the next run, oldest first. */
  sources: 5,
  /** Newest items taken from one upstream document. */
  items: 50,
  timeoutMs: 10_000,
  bytes: 5 * 1024 * 1024,
}
const USER_AGENT = 'Nashra-feed-puller/1.0'

export interface PullOptions {
  now: number
  fetcher?: typeof fetch
  limits?: Partial<typeof PULL_LIMITS>
}

export interface PullReport {
  source: string
  outcome: 'ok' | 'not-modified' | 'error'
  created: number
  updated: number
  unchanged: number
  failed: number
  error?: string
}

const EMPTY_STATUS: SourceStatus = { lastChecked: null, lastSuccess: null, lastStatus: null, lastError: null, etag: null, lastModified: null }

/** Sources due at `now`, least recently checked first. */
export function dueSources<T extends { source: Source; status: SourceStatus | null }>(all: T[], now: number, max: number): T[] {
  return all
    .filter(({ source, status }) => status?.lastChecked == null || now - status.lastChecked >= source.interval * 60_000)
    .sort((a, b) => (a.status?.lastChecked ?? 0) - (b.status?.lastChecked ?? 0))
    .slice(0, max)
}

async function fetchUpstream(source: Source, status: SourceStatus, fetcher: typeof fetch, limits: typeof PULL_LIMITS): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.5', 'User-Agent': USER_AGENT }
  if (status.etag) headers['If-None-Match'] = status.etag
  if (status.lastModified) headers['If-Modified-Since'] = status.lastModified
  return fetcher(source.url, { headers, signal: AbortSignal.timeout(limits.timeoutMs), redirect: 'follow' })
}

/** Pulls one source; never throws. Returns its report, its new status and the sections it changed. */
export async function pullSource(
  kv: KVNamespace,
  source: Source,
  previous: SourceStatus | null,
  sections: ReadonlyMap<string, Section>,
  options: PullOptions,
): Promise<{ report: PullReport; status: SourceStatus; touched: string[] }> {
  const limits = { ...PULL_LIMITS, ...options.limits }
  const fetcher = options.fetcher ?? fetch
  const status: SourceStatus = { ...EMPTY_STATUS, ...previous, lastChecked: options.now }
  const report: PullReport = { source: source.id, outcome: 'ok', created: 0, updated: 0, unchanged: 0, failed: 0 }
  const touched: string[] = []
  const fail = (message: string) => {
    report.outcome = 'error'
    report.error = message
    status.lastStatus = 'error'
    status.lastError = message
    return { report, status, touched }
  }
  try {
    const res = await fetchUpstream(source, status, fetcher, limits)
    if (res.status === 304) {
      await res.body?.cancel()
      report.outcome = 'not-modified'
      return { report, status: { ...status, lastSuccess: options.now, lastStatus: 'not modified', lastError: null }, touched }
    }
    if (!res.ok) {
      await res.body?.cancel()
      return fail(`upstream answered ${res.status}`)
    }
    const declared = Number(res.headers.get('Content-Length') ?? 0)
    if (declared > limits.bytes) {
      await res.body?.cancel()
      return fail(`document of ${declared} bytes exceeds ${limits.bytes}`)
    }
    const body = new Uint8Array(await res.arrayBuffer())
    if (body.byteLength > limits.bytes) return fail(`document exceeds ${limits.bytes} bytes`)
    const section = sections.get(source.section)
    if (!section) return fail(`section "${source.section}" no longer exists`)
    const document = parseFeedDocument(body, { url: res.url || source.url, contentType: res.headers.get('Content-Type'), now: options.now, timeZone: source.timeZone })
    const feedKey = document.feedKey || source.url
    const entries = document.entries
      .sort((a, b) => b.published - a.published)
      .slice(0, limits.items)
    const itemErrors = document.skipped.map((s) => `${s.key}: ${s.reason}`)
    report.failed += document.skipped.length
    for (const entry of entries) {
      const parsed = ArticleInputSchema.safeParse(await entryToInput(entry, section.slug, feedKey))
      if (!parsed.success) {
        report.failed++
        itemErrors.push(`${entry.key || entry.title}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join(', ')}`)
        continue
      }
      try {
        const result = await saveArticle(kv, { ...draftFromInput(parsed.data), seen: entrySeen(entry, options.now) }, { sections, now: options.now })
        report[result.status]++
        if (result.status !== 'unchanged') touched.push(result.article.section, ...(result.previous ? [result.previous.section] : []))
      } catch (error) {
        report.failed++
        itemErrors.push(`${entry.key}: ${error instanceof InvalidDraftError ? error.message : 'could not be stored'}`)
      }
    }
    status.etag = res.headers.get('ETag')
    status.lastModified = res.headers.get('Last-Modified')
    status.lastSuccess = options.now
    status.lastStatus = `${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.failed} failed`
    status.lastError = itemErrors.length > 0 ? itemErrors.slice(0, 5).join('; ') : null
    return { report, status, touched }
  } catch (error) {
    if (error instanceof FeedFormatError) return fail(`not a feed: ${error.message}`)
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return fail(`no answer within ${limits.timeoutMs} ms`)
    return fail(error instanceof Error ? error.message : String(error))
  }
}

/** One scheduled run: pulls the due sources in parallel and records how each went. */
export async function pullDueSources(kv: KVNamespace, options: PullOptions): Promise<{ reports: PullReport[]; touched: string[] }> {
  const limits = { ...PULL_LIMITS, ...options.limits }
  const [all, sectionList] = await Promise.all([listSources(kv), listSections(kv)])
  const sections = new Map(sectionList.map((s) => [s.slug, s]))
  const results = await Promise.all(
    dueSources(all, options.now, limits.sources).map(async ({ source, status }) => {
      const result = await pullSource(kv, source, status, sections, options)
      await putSourceStatus(kv, source.id, result.status)
      return result
    }),
  )
  return { reports: results.map((r) => r.report), touched: [...new Set(results.flatMap((r) => r.touched))] }
}
