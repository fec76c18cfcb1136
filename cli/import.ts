// `npm run import -- [--url URL] [--token TOKEN] [--section SLUG] [--site URL] [--dry-run] FILE...`
// Reads article files (JSON, NDJSON, saved article pages, RSS/Atom/JSON Feed) and publishes them through
// the API. Exit status 1 when anything failed.
import { existsSync, readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { ImportAbort, type ImportItem, type ImportProblem, readImportFile, runImport } from './importer'
import { DEV_VARS, readDevVar } from './dev-vars'

const USAGE = `usage: npm run import -- [--url URL] [--token TOKEN] [--section SLUG] [--site URL] [--dry-run] FILE...
  --url      the Nashra service (default http://127.0.0.1:\${PORT:-8787})
  --token    the admin token (default: ADMIN_TOKEN from ${DEV_VARS})
  --section  section for feed files (RSS, Atom, JSON Feed); overrides an article page's own
  --site     publisher site for article pages' URLs (default https://www.mawazin.net)
  --dry-run  validate and report, write nothing`

function progress(done: number, total: number): void {
  if (!process.stderr.isTTY || total === 0) return
  const width = 30
  const filled = Math.round((done / total) * width)
  process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`)
  if (done === total) process.stderr.write('\n')
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
  const token = values.token ?? readDevVar('ADMIN_TOKEN')
  if (!token) {
    console.error(`No token: pass --token, or run npm start once to create ${DEV_VARS}.`)
    return 2
  }

  const items: ImportItem[] = []
  const problems: ImportProblem[] = []
  for (const file of positionals) {
    if (!existsSync(file)) {
      problems.push({ source: file, detail: 'no such file' })
      continue
    }
    const read = await readImportFile(file, readFileSync(file, 'utf8'), { section: values.section, siteUrl: values.site })
    items.push(...read.items)
    problems.push(...read.problems)
  }

  let summary
  try {
    summary = await runImport(items, { url: values.url, token, dryRun: values['dry-run'], onProgress: progress })
  } catch (error) {
    if (error instanceof ImportAbort) {
      console.error(`import stopped: ${error.message}`)
      return 1
    }
    throw error
  }
  const failed = summary.failed + problems.length
  const verb = values['dry-run'] ? 'would be' : ''
  console.log(`${values['dry-run'] ? 'dry run: ' : ''}${summary.created} ${verb} created, ${summary.updated} ${verb} updated, ${summary.unchanged} unchanged, ${failed} failed`.replace(/ {2}/g, ' '))
  for (const p of [...problems, ...summary.problems]) console.log(`  failed ${p.source}${p.id ? ` (${p.id})` : ''}: ${p.detail}`)
  return failed > 0 ? 1 : 0
}

process.exitCode = await main()
