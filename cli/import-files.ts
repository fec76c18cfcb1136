// What the importer reads, free of Node APIs so the tests run it inside workerd: a file's bytes (or, for
// NDJSON, its chunks as they stream in) turned into articles for the API. Decoding and feed reading are the
// upstream pull's own (src/ingest: upstream-feed.ts), so a file and a pull read the same bytes alike.
import { DecodeError, decodeDocument, decodeText } from '../src/ingest/decode'
import { PageFormatError, pageToInput, parseArticlePage } from '../src/ingest/article-page'
import { FeedFormatError, entryToInput, parseFeedDocument } from '../src/ingest/upstream-feed'

export interface ImportItem {
  /** Where it came from, for reports: `file.json#3`, `file.ndjson:12`. */
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
  /** The files' encoding (`--encoding windows-1256`): tried first, after a byte-order mark; else what the
   *  file declares, else UTF-8. */
  encoding?: string
  /** The URL feed files were published at (`--base-url`): their relative links resolve against it. */
  baseUrl?: string
  /** The date of a feed item that has none: the file's modification time, stable across reruns. */
  seen: number
  /** Where a feed's dates without a zone are local time (IANA; default Asia/Baghdad). */
  timeZone?: string
}

/** What a file gave: items to send, problems (items or the file not read), and notes on what was read (a date
 *  not read, an encoding not used as declared): said in the summary, but not failures. */
export type ReadResult = { items: ImportItem[]; problems: ImportProblem[]; notes?: ImportProblem[] }

const NDJSON_NAME = /\.(ndjson|jsonl)$/i

export function isNdjson(name: string): boolean {
  return NDJSON_NAME.test(name)
}


function ndjsonLine(source: string, line: string): ImportItem | ImportProblem | null {
  if (line.trim() === '') return null
  try {
    return { source, article: JSON.parse(line) as unknown }
  } catch {
    return { source, detail: 'not valid JSON' }
  }
}

/**
 * The lines of an NDJSON file as they stream in, one article or one problem each: memory stays flat in the
 * file's size. Each line is decoded on its own (strictly), so a line that is not valid text is reported alone.
 */
export async function* ndjsonItems(name: string, chunks: AsyncIterable<Uint8Array>, options: Pick<FileOptions, 'encoding'> = {}): AsyncGenerator<ImportItem | ImportProblem> {
  let pending = new Uint8Array(0)
  let lineNo = 0
  let first = true
  const decodeLine = (bytes: Uint8Array): ImportItem | ImportProblem | null => {
    lineNo++
    const source = `${name}:${lineNo}`
    const withoutCr = bytes[bytes.length - 1] === 0x0d ? bytes.subarray(0, -1) : bytes
    let text: string
    try {
      text = decodeText(withoutCr, { encoding: options.encoding })
    } catch (error) {
      return { source, detail: error instanceof DecodeError ? error.message : String(error) }
    }
    if (first) {
      first = false
      text = text.replace(/^\uFEFF/, '')
    }
    return ndjsonLine(source, text)
  }
  const iterator = chunks[Symbol.asyncIterator]()
  const head = await iterator.next()
  if (head.done) return
  const rest = (async function* () {
    yield head.value
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value
  })()
  const utf16 = (head.value[0] === 0xff && head.value[1] === 0xfe) || (head.value[0] === 0xfe && head.value[1] === 0xff) || /^utf-16/i.test(options.encoding ?? '')
  if (utf16) {
    // Two bytes a character: lines cannot be cut on the byte 0x0A, so the text is decoded as it streams.
    yield* utf16Lines(name, rest, options.encoding)
    return
  }
  for await (const chunk of rest) {
    const joined = new Uint8Array(pending.length + chunk.length)
    joined.set(pending)
    joined.set(chunk, pending.length)
    let start = 0
    for (let i = joined.indexOf(0x0a); i !== -1; i = joined.indexOf(0x0a, start)) {
      const out = decodeLine(joined.subarray(start, i))
      if (out) yield out
      start = i + 1
    }
    pending = joined.slice(start)
  }
  if (pending.length > 0) {
    const out = decodeLine(pending)
    if (out) yield out
  }
}

async function* utf16Lines(name: string, chunks: AsyncIterable<Uint8Array>, encoding: string | undefined): AsyncGenerator<ImportItem | ImportProblem> {
  let decoder: TextDecoder | null = null
  let pending = ''
  let lineNo = 0
  try {
    for await (const chunk of chunks) {
      decoder ??= new TextDecoder(chunk[0] === 0xfe && chunk[1] === 0xff ? 'utf-16be' : chunk[0] === 0xff && chunk[1] === 0xfe ? 'utf-16le' : (encoding ?? 'utf-16le'), { fatal: true, ignoreBOM: false })
      const lines = (pending + decoder.decode(chunk, { stream: true })).split('\n')
      pending = lines.pop() ?? ''
      for (const line of lines) {
        const out = ndjsonLine(`${name}:${++lineNo}`, line.replace(/\r$/, ''))
        if (out) yield out
      }
    }
    pending += decoder?.decode() ?? ''
  } catch {
    yield { source: `${name}:${lineNo + 1}`, detail: 'not valid UTF-16 text; the rest of the file is not read' }
    return
  }
  const out = ndjsonLine(`${name}:${++lineNo}`, pending)
  if (out) yield out
}

async function feedFile(name: string, bytes: Uint8Array, options: FileOptions): Promise<ReadResult> {
  if (!options.section) return { items: [], problems: [{ source: name, detail: 'a feed file needs --section SLUG' }] }
  const { feedKey, entries, skipped, warnings } = parseFeedDocument(bytes, { encoding: options.encoding, url: options.baseUrl, now: options.seen, timeZone: options.timeZone })
  const items = await Promise.all(
    entries.map(async (entry, i) => ({ source: `${name}#${i + 1}`, article: await entryToInput(entry, options.section ?? '', feedKey || name) })),
  )
  const result: ReadResult = { items, problems: skipped.map((s) => ({ source: `${name} (${s.key})`, detail: s.reason })) }
  if (warnings.length > 0) result.notes = warnings.map((w) => ({ source: w.key ? `${name} (${w.key})` : name, detail: w.reason }))
  return result
}

/**
 * The articles in one file: a JSON array or NDJSON of articles, an article page saved as text, or an RSS,
 * Atom or JSON Feed document, in whatever encoding it says (or `--encoding`). A file that is none of these,
 * not valid text, or broken, is reported, never half-read.
 */
export async function readImportFile(name: string, bytes: Uint8Array, options: FileOptions): Promise<ReadResult> {
  if (isNdjson(name)) {
    const out: ReadResult = { items: [], problems: [] }
    for await (const read of ndjsonItems(name, (async function* () { yield bytes })(), options)) {
      if ('article' in read) out.items.push(read)
      else out.problems.push(read)
    }
    return out
  }
  // A feed is read item by item, so bytes that cannot be decoded cost only the items that hold them; anything
  // else must be valid text as a whole.
  const decoded = decodeDocument(bytes, { encoding: options.encoding })
  const text = decoded.text.replace(/^\uFEFF/, '')
  const start = text.trimStart()[0]
  if (decoded.invalid && start !== '<') return { items: [], problems: [{ source: name, detail: decoded.invalid }] }
  try {
    if (start === '<') return await feedFile(name, bytes, options)
    if (start === '[' || start === '{') {
      let parsed: unknown
      try {
        parsed = JSON.parse(text)
      } catch {
        if (start === '{') return renamed(await readImportFile(`${name}.ndjson`, bytes, options), `${name}.ndjson`, name)
        return { items: [], problems: [{ source: name, detail: 'not valid JSON' }] }
      }
      if (Array.isArray(parsed)) return { items: parsed.map((article, i) => ({ source: `${name}#${i + 1}`, article })), problems: [] }
      const version = (parsed as { version?: unknown }).version
      if (typeof version === 'string' && version.includes('jsonfeed.org')) return await feedFile(name, bytes, options)
      return { items: [{ source: name, article: parsed }], problems: [] }
    }
    const page = parseArticlePage(text)
    return { items: [{ source: name, article: await pageToInput(page, options.siteUrl, options.section) }], problems: [] }
  } catch (error) {
    if (error instanceof PageFormatError || error instanceof FeedFormatError) {
      return { items: [], problems: [{ source: name, detail: `not an article page, JSON or feed file: ${error.message}` }] }
    }
    throw error
  }
}

function renamed(result: ReadResult, from: string, to: string): ReadResult {
  const fix = <T extends { source: string }>(x: T): T => ({ ...x, source: x.source.replace(from, to) })
  return { items: result.items.map(fix), problems: result.problems.map(fix) }
}
