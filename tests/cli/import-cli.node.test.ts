// The command-line importer against the Worker under `wrangler dev` on a loopback port: the first test runs it as
// a newcomer does (`npm run import -- …`, as the README says: npm, a shell, tsx, node). The others run the same
// source, cli/import.ts, bundled once by esbuild (the transformer tsx uses) into one file run by `node`: tsx
// resolves and loads each of the ~210 modules through its hooks, about 1.3 s of CPU a run, the bundle 0.2 s. In the
// bundle each of our modules keeps its own `import.meta.url` (cli/dev-vars.ts runs itself only when it is the
// script node was given, as under tsx).
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { build, type Plugin } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Service, TOKEN, freePort, seed, startService } from '../support/wrangler-dev'

const run = promisify(execFile)
const SEED_PAGE = join(process.cwd(), 'tests/fixtures/000_6e0e75a60da96bca.txt')
const BUILT = mkdtempSync(join(tmpdir(), 'nashra-import-cli-'))
const CLI = join(BUILT, 'import.mjs')
let service: Service

/** Our modules' `import.meta.url` as tsx gives it (each its own file), not the bundle's. */
const ownUrls: Plugin = {
  name: 'own-import-meta-url',
  setup(bundle) {
    bundle.onLoad({ filter: /\.tsx?$/ }, async ({ path }) => {
      if (path.includes('/node_modules/')) return undefined
      const source = await readFile(path, 'utf8')
      return { contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(path).href)), loader: path.endsWith('x') ? 'tsx' : 'ts' }
    })
  },
}

beforeAll(async () => {
  await Promise.all([
    (async () => {
      service = await startService()
      await seed(service.origin)
    })(),
    build({ entryPoints: ['cli/import.ts'], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: CLI, logLevel: 'error', plugins: [ownUrls] }),
  ])
}, 120_000)

afterAll(async () => {
  await service?.stop()
  rmSync(BUILT, { recursive: true, force: true })
})

/** Its exit status and output. */
async function exits(command: string, args: string[], key: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(command, args, { env: { ...process.env, NASHRA_API_KEY: key, WRANGLER_SEND_METRICS: 'false' } })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

/** `npm run import -- …`, exactly as the README says. */
const npmImport = (...args: string[]) => exits('npm', ['run', '--silent', 'import', '--', ...args], TOKEN)

/** cli/import.ts (bundled), with the key `key` (the test token unless said). */
const cli = (args: string[], key = TOKEN) => exits(process.execPath, [CLI, ...args], key)

/** The importer against the service under test. */
const importer = (...args: string[]) => cli(['--url', service.origin, ...args])

describe('npm run import', () => {
  it('imports the seed page into /feeds/reports/atom.xml, then finds it unchanged', async () => {
    const first = await npmImport('--url', service.origin, SEED_PAGE)
    expect(first).toMatchObject({ code: 0 })
    expect(first.stdout.trim()).toBe('1 created, 0 updated, 0 unchanged, 0 failed')
    const atom = await (await fetch(`${service.origin}/feeds/reports/atom.xml`)).text()
    expect(atom).toContain('<title type="text">زيارة سرية لقاآني الى بغداد تنهي التصعيد الامريكي.. طهران تحذر بغداد من مغبة نيران غضب واشنطن</title>')
    expect(atom).toContain('<published>2024-02-18T12:13:00+03:00</published>')
    expect((await importer(SEED_PAGE)).stdout.trim()).toBe('0 created, 0 updated, 1 unchanged, 0 failed')
  })

  it('reports bad files and items, exits 1, and writes nothing on --dry-run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nashra-import-'))
    const good = { id: 'cli-1', section: 'sports', title: 'خبر', content: '<p>نص</p>', url: 'https://www.mawazin.net/news/1', published: '2024-02-01T10:00:00+03:00' }
    writeFileSync(join(dir, 'a.ndjson'), `${JSON.stringify(good)}\n{"id":"cli-2","section":"sports"}\nnot json\n`)
    writeFileSync(join(dir, 'notes.txt'), 'no article here')
    const dry = await importer('--dry-run', join(dir, 'a.ndjson'), join(dir, 'notes.txt'), join(dir, 'missing.json'))
    expect(dry.code).toBe(1)
    const lines = dry.stdout.trim().split('\n')
    expect(lines[0]).toBe('dry run: 1 would be created, 0 would be updated, 0 unchanged, 4 failed')
    const sources = lines.slice(1).map((l) => l.trim().replace(dir + '/', '').split(':')[0])
    expect(sources).toEqual(['failed a.ndjson', 'failed notes.txt', 'failed missing.json', 'failed a.ndjson'])
    expect(dry.stdout).toContain('(cli-2): #/title required')
    expect((await fetch(`${service.origin}/api/articles/cli-1`, { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(404)
  })

  it('reads a feed file as the pull reads a feed: --base-url for its relative links, --encoding for its bytes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nashra-import-'))
    // Undeclared windows-1256, links relative to where the feed was published, one date no reader can read.
    const items = [1, 2, 3, 4].map((n) => `<item><title>خبر محلي ${n}</title><link>news/${n}</link><pubDate>${n === 4 ? 'الأحد القادم' : `Mon, 0${n} Jan 2024 10:00:00 +0300`}</pubDate></item>`).join('')
    const feed = `<rss version="2.0"><channel><title>أرشيف</title>${items}</channel></rss>`
    const table = new Map(Array.from({ length: 256 }, (_, b) => [new TextDecoder('windows-1256').decode(new Uint8Array([b])), b]))
    writeFileSync(join(dir, 'old.xml'), Uint8Array.from(feed, (c) => table.get(c) ?? 0x3f))
    const file = join(dir, 'old.xml')
    // Five runs that do not depend on one another (dry runs and refused arguments), at once.
    const [withBase, bare, noBase, badBase, badEncoding] = await Promise.all([
      importer('--dry-run', '--section', 'sports', '--base-url', 'https://old.example/ar/rss.xml', '--encoding', 'windows-1256', file),
      importer('--dry-run', '--section', 'sports', file),
      importer('--dry-run', '--section', 'sports', '--encoding', 'windows-1256', file),
      importer('--base-url', 'news/', file),
      importer('--encoding', 'klingon', file),
    ])
    expect(withBase.code).toBe(0)
    expect(withBase.stdout.trim().split('\n')).toEqual([
      'dry run: 4 would be created, 0 would be updated, 0 unchanged, 0 failed',
      `  note ${file} (https://old.example/ar/news/4): date not read, dated when first seen: unreadable date "الأحد القادم"`,
    ])
    // Without them: the bytes are not UTF-8, and the links have nothing to resolve against. Each item says so.
    expect(bare.code).toBe(1)
    expect(bare.stdout.split('\n')[0]).toBe('dry run: 0 would be created, 0 would be updated, 0 unchanged, 4 failed')
    expect(bare.stdout).toMatch(/its text cannot be decoded \(the document, first: not valid utf-8 text: byte \d+ \(0x[0-9A-F]{2}\) cannot be decoded\)/)
    expect(noBase.stdout.split('\n')[0]).toBe('dry run: 0 would be created, 0 would be updated, 0 unchanged, 4 failed')
    expect(noBase.stdout).toContain('#/url an absolute http(s) URL')
    expect(badBase).toMatchObject({ code: 2, stderr: expect.stringContaining('--base-url: not an absolute http(s) URL: "news/"') })
    expect(badEncoding).toMatchObject({ code: 2, stderr: expect.stringContaining('--encoding: unknown encoding "klingon"') })
  })

  it('imports feeds of Universal Feed Parser\'s corpus that a strict reader refuses (RDF, a bare &, a cut-off end)', async () => {
    const corpus = (file: string) => join(process.cwd(), 'tests/fixtures/feedparser', file)
    const files = ['wellformed/rdf/rdf_item_link.xml', 'entities/query_variable_entry.xml', 'illformed/rss_item_link_corrupted_ampersands.xml', 'wellformed/atom10/entry_id.xml']
    const result = await importer('--dry-run', '--section', 'sports', ...files.map(corpus))
    expect(result.stdout.trim()).toBe('dry run: 4 would be created, 0 would be updated, 0 unchanged, 0 failed')
    expect(result.code).toBe(0)
  })

  it('reports a directory argument and goes on with the other files, logging progress off a terminal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nashra-import-'))
    const result = await importer(dir, SEED_PAGE)
    expect(result.code).toBe(1)
    expect(result.stdout.trim().split('\n')).toEqual(['0 created, 0 updated, 1 unchanged, 1 failed', `  failed ${dir}: is a directory (name the files in it, e.g. dir/*.xml)`])
    expect(result.stderr).toContain('imported 1 items so far')
  })

  it('names the service it cannot reach, in one line, with what was not sent', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`
    const { code, stderr } = await cli(['--url', closed, SEED_PAGE])
    expect(code).toBe(1)
    expect(stderr).toContain(`import stopped: the API did not take the batch after 5 tries: could not reach ${closed}/api/articles: ECONNREFUSED`)
    expect(stderr).toContain('not sent: 1, from ')
  }, 60_000)

  it('stops with a clear message on a wrong token', async () => {
    const { code, stderr } = await cli(['--url', service.origin, SEED_PAGE], 'wrong')
    expect(code).toBe(1)
    expect(stderr).toContain(`import stopped: the API refused the batch: ${service.origin}/api/articles answered 401 Unauthorized`)
    expect(stderr).toContain('not sent: 1, from ')
    expect(stderr).toContain('to resume, run the same command again')
    expect(stderr).not.toContain('wrong')
  })

  it('refuses a key on the command line, where ps shows it, and names NASHRA_API_KEY', async () => {
    const result = await importer('--token', TOKEN, SEED_PAGE)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--token is not taken: a command-line argument shows in ps. Set NASHRA_API_KEY in the environment.')
  })
})
