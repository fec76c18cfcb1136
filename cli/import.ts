// `NASHRA_API_KEY=nashra_… npm run import -- [--url URL] [--section SLUG] [--site URL] [--encoding NAME] [--base-url URL] [--time-zone TZ] [--dry-run] FILE...`
// Reads article files (JSON, NDJSON, saved article pages, RSS/Atom/JSON Feed) and publishes them through
// the API. NDJSON streams line by line. Exit status 1 when anything failed or the import stopped.
import { createReadStream } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { isTimeZone } from '../src/ingest/dates'
import { isEncoding } from '../src/ingest/decode'
import { parseHttpUrl } from '../src/model/urls'
import { type ImportItem, type ImportProblem, isNdjson, ndjsonItems, progressLog, readImportFile, runImport, summaryLines } from './importer'
import { DEV_VARS, readDevVar } from './dev-vars'

const USAGE = `usage: NASHRA_API_KEY=KEY npm run import -- [--url URL] [--section SLUG] [--site URL] [--encoding NAME] [--base-url URL] [--time-zone TZ] [--dry-run] FILE...
  NASHRA_API_KEY  an API key (importer, editor or admin; default: ADMIN_TOKEN from ${DEV_VARS}); never an
                  argument, which any user of the machine sees in ps
  --url        the Nashra service (default http://127.0.0.1:\${PORT:-8787})
  --section    section for feed files (RSS, Atom, JSON Feed); overrides an article page's own
  --site       publisher site for article pages' URLs (default https://www.mawazin.net)
  --encoding   the files' encoding (e.g. windows-1256), tried first after a byte-order mark (default: what
               each file declares, else UTF-8)
  --base-url   the URL the feed files were published at, for their relative links (e.g. https://old.example/rss.xml)
  --time-zone  where feed dates without a zone are local time (default Asia/Baghdad)
  --dry-run    validate and report, write nothing`

/** Why a file cannot be read, in one line that names it. */
function fileError(file: string, error: unknown): string {
  const code = (error as { code?: string }).code
  if (code === 'ENOENT') return 'no such file'
  if (code === 'EISDIR') return 'is a directory (name the files in it, e.g. dir/*.xml)'
  if (code === 'EACCES') return 'permission denied'
  return error instanceof Error ? error.message : String(error)
}

async function* fileItems(files: string[], problems: ImportProblem[], notes: ImportProblem[], options: { section?: string; siteUrl: string; encoding?: string; baseUrl?: string; timeZone?: string }): AsyncGenerator<ImportItem> {
  for (const file of files) {
    try {
      const info = await stat(file)
      if (info.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' })
      if (isNdjson(file)) {
        for await (const read of ndjsonItems(file, createReadStream(file), options)) {
          if ('article' in read) yield read
          else problems.push(read)
        }
        continue
      }
      const read = await readImportFile(file, new Uint8Array(await readFile(file)), { ...options, seen: info.mtimeMs })
      problems.push(...read.problems)
      notes.push(...(read.notes ?? []))
      yield* read.items
    } catch (error) {
      problems.push({ source: file, detail: fileError(file, error) })
    }
  }
}

async function main(): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        url: { type: 'string', default: `http://127.0.0.1:${process.env.PORT ?? '8787'}` },
        token: { type: 'string' },
        section: { type: 'string' },
        site: { type: 'string', default: 'https://www.mawazin.net' },
        encoding: { type: 'string' },
        'base-url': { type: 'string' },
        'time-zone': { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    })
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n${USAGE}`)
    return 2
  }
  const { values, positionals } = parsed
  if (values.help || positionals.length === 0) {
    console.error(USAGE)
    return values.help ? 0 : 2
  }
  if (values.token !== undefined) {
    console.error('--token is not taken: a command-line argument shows in ps. Set NASHRA_API_KEY in the environment.')
    return 2
  }
  const token = process.env.NASHRA_API_KEY || readDevVar('ADMIN_TOKEN')
  if (!token) {
    console.error(`No key: set NASHRA_API_KEY, or run npm start once to create ${DEV_VARS}.`)
    return 2
  }
  if (values.encoding && !isEncoding(values.encoding)) {
    console.error(`--encoding: unknown encoding "${values.encoding}"`)
    return 2
  }
  const baseUrl = values['base-url']
  if (baseUrl !== undefined && !parseHttpUrl(baseUrl)) {
    console.error(`--base-url: not an absolute http(s) URL: "${baseUrl}"`)
    return 2
  }
  const timeZone = values['time-zone']
  if (timeZone && !isTimeZone(timeZone)) {
    console.error(`--time-zone: unknown time zone "${timeZone}" (an IANA name, e.g. Asia/Baghdad)`)
    return 2
  }

  const problems: ImportProblem[] = []
  const notes: ImportProblem[] = []
  const items = fileItems(positionals, problems, notes, { section: values.section, siteUrl: values.site, encoding: values.encoding, baseUrl, timeZone })
  const log = progressLog((line) => process.stderr.write(`${line}\n`), () => Date.now())
  const onProgress = (done: number) => (process.stderr.isTTY ? process.stderr.write(`\r${done} items sent`) : log(done))
  const summary = await runImport(items, { url: values.url, token, dryRun: values['dry-run'], onProgress })
  if (process.stderr.isTTY) process.stderr.write('\n')
  if (!process.stderr.isTTY) log(summary.created + summary.updated + summary.unchanged + summary.failed, true)
  const [counts, ...stopped] = summaryLines(summary, values['dry-run'], problems.length)
  console.log(counts)
  for (const p of [...problems, ...summary.problems]) console.log(`  failed ${p.source}${p.id ? ` (${p.id})` : ''}: ${p.detail}`)
  for (const n of notes) console.log(`  note ${n.source}: ${n.detail}`)
  for (const line of stopped) console.error(line)
  return summary.failed + problems.length > 0 || summary.stopped ? 1 : 0
}

try {
  process.exitCode = await main()
} catch (error) {
  console.error(`import failed: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
}
