// The importer's work, free of Node APIs so the tests run it inside workerd against the real Worker: send
// articles to the API in batches sized by count and bytes, with retries, and count what happened. When it
// stops, the summary says what was written, what was not, and how to resume.
export { type FileOptions, type ImportItem, type ImportProblem, isNdjson, ndjsonItems, readImportFile } from './import-files'
import type { ImportItem, ImportProblem } from './import-files'

/** Articles per POST /api/articles (the API takes up to 500). */
export const BATCH_SIZE = 100
/** Bytes per POST: the API refuses a body over 16 MiB; a margin keeps one batch well clear of it. */
export const BATCH_BYTES = 12 * 1024 * 1024
const RETRIES = 4
const BACKOFF_MS = 500
/** Off a terminal, a progress line at most this often. */
export const PROGRESS_EVERY_MS = 5_000

export interface ImportOptions {
  url: string
  token: string
  dryRun?: boolean
  fetcher?: typeof fetch
  sleep?: (ms: number) => Promise<void>
  /** After each batch: items sent so far. */
  onProgress?: (done: number) => void
  batchBytes?: number
}

export interface ImportSummary {
  created: number
  updated: number
  unchanged: number
  failed: number
  problems: ImportProblem[]
  /** Set when the import stopped early: why, how many items were not sent, and the first of them. */
  stopped?: { reason: string; notSent: number; from: string }
}

interface BatchResponse {
  results: { index: number; id: string | null; status: 'created' | 'updated' | 'unchanged' | 'failed'; errors?: { pointer: string; detail: string }[]; retryable?: boolean }[]
}

/** An error that stops the import (bad token, a refused batch, a service that stays away). */
export class ImportAbort extends Error {}

function networkError(endpoint: string, error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined
  const why = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error))
  return `could not reach ${endpoint}: ${why}`
}

async function postBatch(body: string, options: ImportOptions): Promise<BatchResponse> {
  const fetcher = options.fetcher ?? fetch
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const endpoint = `${options.url.replace(/\/+$/, '')}/api/articles${options.dryRun ? '?dry_run=true' : ''}`
  let lastError = ''
  for (let attempt = 0; attempt <= RETRIES; attempt++) {
    if (attempt > 0) await sleep(BACKOFF_MS * 2 ** (attempt - 1))
    let res: Response
    try {
      res = await fetcher(endpoint, { method: 'POST', headers: { Authorization: `Bearer ${options.token}`, 'Content-Type': 'application/json' }, body })
    } catch (error) {
      lastError = networkError(endpoint, error)
      continue
    }
    if (res.ok) {
      try {
        return (await res.json()) as BatchResponse
      } catch (error) {
        // The answer was cut off: the batch may or may not be written, and sending it again is safe (unchanged).
        lastError = networkError(endpoint, error)
        continue
      }
    }
    const problem = (await res.json().catch(() => ({}))) as { title?: string; detail?: string }
    lastError = `${endpoint} answered ${res.status} ${problem.title ?? ''}${problem.detail ? `: ${problem.detail}` : ''}`.trim()
    if (res.status !== 429 && res.status < 500) throw new ImportAbort(`the API refused the batch: ${lastError}`)
  }
  throw new ImportAbort(`the API did not take the batch after ${RETRIES + 1} tries: ${lastError}`)
}

const encoder = new TextEncoder()

/** Batches of at most BATCH_SIZE items and `maxBytes` of JSON; an item larger than that goes alone. */
async function* batches(items: AsyncIterable<ImportItem> | Iterable<ImportItem>, maxBytes: number): AsyncGenerator<{ items: ImportItem[]; json: string[] }> {
  let batch: ImportItem[] = []
  let json: string[] = []
  let bytes = 2
  for await (const item of items) {
    const one = JSON.stringify(item.article)
    const size = encoder.encode(one).length + 1
    if (batch.length > 0 && (batch.length >= BATCH_SIZE || bytes + size > maxBytes)) {
      yield { items: batch, json }
      batch = []
      json = []
      bytes = 2
    }
    batch.push(item)
    json.push(one)
    bytes += size
  }
  if (batch.length > 0) yield { items: batch, json }
}

/**
 * Posts one batch; items the service reports `retryable` (storage refused them, not their content) are sent again,
 * alone in a smaller batch, with the same backoff as a failed request, up to RETRIES times. The results come back
 * in the batch's order.
 */
async function postWithItemRetries(json: string[], options: ImportOptions): Promise<BatchResponse> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const results: BatchResponse['results'] = []
  let pending = json.map((one, index) => ({ one, index }))
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 0) await sleep(BACKOFF_MS * 2 ** (attempt - 1))
    const response = await postBatch(`[${pending.map((p) => p.one).join(',')}]`, options)
    const again: typeof pending = []
    for (const result of response.results) {
      const sent = pending[result.index]
      if (!sent) continue
      if (result.status === 'failed' && result.retryable && attempt < RETRIES) again.push(sent)
      else results.push({ ...result, index: sent.index })
    }
    pending = again
  }
  return { results: results.sort((a, b) => a.index - b.index) }
}

/**
 * Sends `items` (read lazily, so a large file streams) in batches; every item ends counted as created,
 * updated, unchanged or failed (with why). Never throws for a failure of the service: it stops, counts what
 * was not sent and says so in `stopped`.
 */
export async function runImport(items: AsyncIterable<ImportItem> | Iterable<ImportItem>, options: ImportOptions): Promise<ImportSummary> {
  const summary: ImportSummary = { created: 0, updated: 0, unchanged: 0, failed: 0, problems: [] }
  let done = 0
  const stream = batches(items, options.batchBytes ?? BATCH_BYTES)
  for await (const batch of stream) {
    let response: BatchResponse
    try {
      response = await postWithItemRetries(batch.json, options)
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      let notSent = batch.items.length
      for await (const rest of stream) notSent += rest.items.length
      summary.stopped = { reason, notSent, from: batch.items[0]?.source ?? '' }
      return summary
    }
    for (const result of response.results) {
      summary[result.status]++
      if (result.status === 'failed') {
        const source = batch.items[result.index]?.source ?? `#${done + result.index}`
        const detail = (result.errors ?? []).map((e) => `${e.pointer.replace(/^#\/\d+/, '#')} ${e.detail}`).join('; ')
        summary.problems.push({ source, id: result.id, detail })
      }
    }
    done += batch.items.length
    options.onProgress?.(done)
  }
  return summary
}

/** The closing lines: counts, then why it stopped and how to resume. */
export function summaryLines(summary: ImportSummary, dryRun: boolean, readProblems: number): string[] {
  const verb = dryRun ? ' would be' : ''
  const failed = summary.failed + readProblems
  const lines = [`${dryRun ? 'dry run: ' : ''}${summary.created}${verb} created, ${summary.updated}${verb} updated, ${summary.unchanged} unchanged, ${failed} failed`]
  if (summary.stopped) {
    const { reason, notSent, from } = summary.stopped
    lines.push(`import stopped: ${reason}`)
    lines.push(`  written before it stopped: ${summary.created + summary.updated + summary.unchanged}; not sent: ${notSent}, from ${from} on`)
    lines.push('  to resume, run the same command again: what is already imported is reported unchanged and not written twice')
  }
  return lines
}

/**
 * A progress reporter for a log, not a terminal: one line the first time, then at most every
 * PROGRESS_EVERY_MS, and one at the end (`force`).
 */
export function progressLog(write: (line: string) => void, clock: () => number): (done: number, force?: boolean) => void {
  let last = -Infinity
  return (done, force = false) => {
    const now = clock()
    if (!force && now - last < PROGRESS_EVERY_MS) return
    last = now
    write(`imported ${done} items so far`)
  }
}
