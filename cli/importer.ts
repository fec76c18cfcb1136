// The importer's work, free of Node APIs so the tests run it inside workerd against the real Worker:
// turn files into articles, send them to the API in batches with retries, and count what happened.
import { PageFormatError, pageToInput, parseArticlePage } from '../src/publish/article-page'
import { FeedFormatError, entryToInput, parseFeedDocument } from '../src/publish/feed-items'

/** Articles per POST /api/articles (the API takes up to 500). */
export const BATCH_SIZE = 100
const RETRIES = 4
const BACKOFF_MS = 500

export interface ImportItem {
  /** Where it came from, for reports: `file.json#3`. */
  source: string
  article: unknown
}

export interface ImportProblem {
  source: string
  id?: string | null
  detail: string
}

export interface FileOptions {
  /** Section for feed files (RSS, Atom, JSON Feed), and to override a page's own. */
  section?: string
  /** Publisher site, for the URL of an article page (pages do not carry their URL). */
  siteUrl: string
}

function ndjson(name: string, text: string): { items: ImportItem[]; problems: ImportProblem[] } {
  const items: ImportItem[] = []
  const problems: ImportProblem[] = []
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return
    try {
      items.push({ source: `${name}:${i + 1}`, article: JSON.parse(line) as unknown })
    } catch {
      problems.push({ source: `${name}:${i + 1}`, detail: 'not valid JSON' })
    }
  })
  return { items, problems }
}

async function feedFile(name: string, text: string, options: FileOptions): Promise<{ items: ImportItem[]; problems: ImportProblem[] }> {
  if (!options.section) return { items: [], problems: [{ source: name, detail: 'a feed file needs --section SLUG' }] }
  const { feedKey, entries } = parseFeedDocument(text)
  const items = await Promise.all(
    entries.map(async (entry, i) => ({ source: `${name}#${i + 1}`, article: await entryToInput(entry, options.section ?? '', feedKey || name) })),
  )
  return { items, problems: [] }
}

/**
 * The articles in one file: a JSON array or NDJSON of articles, an article page saved as text, or an RSS,
 * Atom or JSON Feed document. A file that is none of these, or broken, is reported, never half-read.
 */
export async function readImportFile(name: string, text: string, options: FileOptions): Promise<{ items: ImportItem[]; problems: ImportProblem[] }> {
  const body = text.replace(/^\uFEFF/, '')
  const start = body.trimStart()[0]
  try {
    if (/\.(ndjson|jsonl)$/i.test(name)) return ndjson(name, body)
    if (start === '<') return await feedFile(name, body, options)
    if (start === '[' || start === '{') {
      let parsed: unknown
      try {
        parsed = JSON.parse(body)
      } catch {
        return start === '{' ? ndjson(name, body) : { items: [], problems: [{ source: name, detail: 'not valid JSON' }] }
      }
      if (Array.isArray(parsed)) return { items: parsed.map((article, i) => ({ source: `${name}#${i + 1}`, article })), problems: [] }
      const version = (parsed as { version?: unknown }).version
      if (typeof version === 'string' && version.includes('jsonfeed.org')) return await feedFile(name, body, options)
      return { items: [{ source: name, article: parsed }], problems: [] }
    }
    const page = parseArticlePage(body)
    return { items: [{ source: name, article: await pageToInput(page, options.siteUrl, options.section) }], problems: [] }
  } catch (error) {
    if (error instanceof PageFormatError || error instanceof FeedFormatError) {
      return { items: [], problems: [{ source: name, detail: `not an article page, JSON or feed file: ${error.message}` }] }
    }
    throw error
  }
}

export interface ImportOptions {
  url: string
  token: string
  dryRun?: boolean
  fetcher?: typeof fetch
  sleep?: (ms: number) => Promise<void>
  onProgress?: (done: number, total: number) => void
}

export interface ImportSummary {
  created: number
  updated: number
  unchanged: number
  failed: number
  problems: ImportProblem[]
}

interface BatchResponse {
  results: { index: number; id: string | null; status: 'created' | 'updated' | 'unchanged' | 'failed'; errors?: { pointer: string; detail: string }[] }[]
}

/** An error that retrying will not fix (bad token, a refused request). */
export class ImportAbort extends Error {}

async function postBatch(batch: ImportItem[], options: ImportOptions): Promise<BatchResponse> {
  const fetcher = options.fetcher ?? fetch
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const endpoint = `${options.url.replace(/\/+$/, '')}/api/articles${options.dryRun ? '?dry_run=true' : ''}`
  let lastError = ''
  for (let attempt = 0; attempt <= RETRIES; attempt++) {
    if (attempt > 0) await sleep(BACKOFF_MS * 2 ** (attempt - 1))
    let res: Response
    try {
      res = await fetcher(endpoint, {
        method: 'POST',
        headers: { Authorization: `Bearer ${options.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(batch.map((b) => b.article)),
      })
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error)
      continue
    }
    if (res.ok) return (await res.json()) as BatchResponse
    const problem = (await res.json().catch(() => ({}))) as { title?: string; detail?: string }
    lastError = `${res.status} ${problem.title ?? ''}${problem.detail ? `: ${problem.detail}` : ''}`.trim()
    if (res.status !== 429 && res.status < 500) throw new ImportAbort(`the API refused the batch: ${lastError}`)
  }
  throw new ImportAbort(`the API did not take the batch after ${RETRIES + 1} tries: ${lastError}`)
}

/** Sends `items` in batches; every item ends counted as created, updated, unchanged or failed (with why). */
export async function runImport(items: ImportItem[], options: ImportOptions): Promise<ImportSummary> {
  const summary: ImportSummary = { created: 0, updated: 0, unchanged: 0, failed: 0, problems: [] }
  options.onProgress?.(0, items.length)
  for (let i = 0; i < items.length; i += BATCH_SIZE) {
    const batch = items.slice(i, i + BATCH_SIZE)
    const response = await postBatch(batch, options)
    for (const result of response.results) {
      summary[result.status]++
      if (result.status === 'failed') {
        const source = batch[result.index]?.source ?? `#${i + result.index}`
        const detail = (result.errors ?? []).map((e) => `${e.pointer.replace(/^#\/\d+/, '#')} ${e.detail}`).join('; ')
        summary.problems.push({ source, id: result.id, detail })
      }
    }
    options.onProgress?.(Math.min(items.length, i + batch.length), items.length)
  }
  return summary
}
