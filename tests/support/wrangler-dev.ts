// Runs the real Worker under `wrangler dev` on a free local port with its own empty KV and D1 (migrations/
// applied first, as `npm start` does) and seeds it through the publishing API: the Node-side tests (browser pages,
// the importer CLI) share it. The Worker is the bundle `wrangler deploy` would upload, built once (builtWorker).
// Loopback only.
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

export const TOKEN = 'browser-test-token-0123456789'
/**
 * The services' storage deadline: the longest there is (deployed: 3 s). Local D1 and KV on a machine this busy have
 * missed 3 s, and a page then answers 503 as it should; these tests are about the pages, not the deadline (its own
 * test is tests/http/feed-cache.test.ts).
 */
const STORE_DEADLINE_MS = 9_999

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

export interface Service {
  origin: string
  /** The local KV and D1 directory (`wrangler d1 execute --persist-to` reaches the same D1). */
  state: string
  stop: () => Promise<void>
  /**
   * Ends this `wrangler dev` as if it had exited on its own (SIGTERM, not through stop) and resolves once it has:
   * startService then starts it again, as it does after the exit seen on busy machines. For the test of that.
   */
  crash: () => Promise<void>
}

const WRANGLER = join(process.cwd(), 'node_modules/.bin/wrangler')
const QUIET = { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' }
const MIGRATIONS = join(process.cwd(), 'migrations')

/** A key for what `inputs` hold (files, and directories read whole) and `extra`: a cache entry's name. */
function contentKey(inputs: readonly string[], extra = ''): string {
  const hash = createHash('sha256').update(extra)
  for (const input of inputs) {
    const files = statSync(input).isDirectory() ? readdirSync(input, { recursive: true, encoding: 'utf8' }).map((f) => join(input, f)).filter((f) => statSync(f).isFile()).sort() : [input]
    for (const file of files) hash.update(`\0${file}\0`).update(readFileSync(file))
  }
  return hash.digest('hex').slice(0, 16)
}

/**
 * `cache/key`, made by `make` (into an empty directory) when it is not there yet. Files that start their services at
 * once may each make it: each makes its own directory and renames it into place, and the first rename wins (a rename
 * onto a directory that is there fails; the loser's copy is as good and is dropped). A make that fails leaves nothing.
 */
export async function cached(cache: string, key: string, make: (dir: string) => Promise<void>): Promise<string> {
  const entry = join(cache, key)
  if (existsSync(entry)) return entry
  mkdirSync(cache, { recursive: true })
  const fresh = mkdtempSync(join(cache, 'making-'))
  try {
    await make(fresh)
  } catch (error) {
    rmSync(fresh, { recursive: true, force: true })
    throw error
  }
  try {
    renameSync(fresh, entry)
  } catch (error) {
    rmSync(fresh, { recursive: true, force: true })
    if (!existsSync(entry)) throw error
  }
  return entry
}

/** Runs wrangler quietly; a failure says what it wrote. */
async function wrangler(args: string[]): Promise<void> {
  try {
    await promisify(execFile)(WRANGLER, args, { env: QUIET, timeout: 120_000 })
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string }
    throw new Error(`wrangler ${args.slice(0, 3).join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`)
  }
}

const CACHE = join(process.cwd(), 'node_modules/.cache')

/**
 * A local D1 with migrations/ applied by `wrangler d1 migrations apply` (as `npm start` does), made once per
 * content of migrations/ and wrangler's version and kept in node_modules/.cache: each service starts from a copy
 * of it instead of a `wrangler d1 migrations apply` of its own (about 4 s of CPU each).
 */
function migratedTemplate(): Promise<string> {
  const version = JSON.parse(readFileSync(join(process.cwd(), 'node_modules/wrangler/package.json'), 'utf8')).version
  return cached(join(CACHE, 'nashra-d1'), contentKey([MIGRATIONS], version), (dir) => wrangler(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', dir]))
}

/** What the Worker's bundle is made of: the files whose change makes builtWorker build it again. */
const BUNDLE_INPUTS = ['src', 'build', 'wrangler.toml', 'tsconfig.json', 'package-lock.json']

/**
 * The Worker as `wrangler deploy` would upload it (`wrangler deploy --dry-run --outdir`), with a copy of
 * wrangler.toml beside it that serves that bundle as it is (`main` the bundle, `no_bundle`, the same assets): the
 * path of that copy, for `wrangler dev --config`. Made once per content of BUNDLE_INPUTS and kept in
 * node_modules/.cache, as migratedTemplate is.
 *
 * Why not `wrangler dev` on src/ as `npm start` does: it keeps esbuild watching the sources, and esbuild's watch
 * rebuild has deadlocked under load ("fatal error: all goroutines are asleep - deadlock!", evanw/esbuild#3635,
 * open), taking wrangler dev down mid-test: 3 runs of 31 on 2 cores with 2 busy processes lost a service so (its exit
 * code 1 and an empty "✘ [ERROR]"; the third run's output went on to esbuild's goroutine dump). A service that
 * bundles nothing runs no esbuild at all; and what the tests load is the bundle that ships.
 */
async function builtWorker(): Promise<string> {
  const built = await cached(join(CACHE, 'nashra-worker'), contentKey(BUNDLE_INPUTS), async (dir) => {
    await wrangler(['deploy', '--dry-run', '--outdir', dir])
    writeFileSync(join(dir, 'wrangler.toml'), servedConfig(readFileSync('wrangler.toml', 'utf8'), join(process.cwd(), 'static')))
  })
  return join(built, 'wrangler.toml')
}

/**
 * wrangler.toml made to serve the built bundle beside it as it is (`main` the bundle, `no_bundle`) with the project's
 * static files (`assets`, by absolute path); it throws when either line to change is not there exactly once.
 */
export function servedConfig(toml: string, staticDir: string): string {
  let config = toml
  for (const [line, served] of [
    ['main = "src/index.ts"', 'main = "index.js"\nno_bundle = true'],
    ['directory = "./static"', `directory = ${JSON.stringify(staticDir)}`],
  ] as const) {
    if (config.split('\n').filter((l) => l === line).length !== 1) throw new Error(`wrangler.toml has no single line ${line}: update servedConfig`)
    config = config.replace(`\n${line}\n`, `\n${served}\n`)
  }
  return config
}

/**
 * Starts `wrangler dev` with a fresh KV and D1 directory, the index's schema applied, and waits until it answers.
 * `vars` adds (or overrides) vars, e.g. AUDIENCE_BATCH.
 */
export async function startService(vars: Record<string, string> = {}): Promise<Service> {
  const port = await freePort()
  const state = mkdtempSync(join(tmpdir(), 'nashra-browser-'))
  // The index's tables in this directory's local D1: a copy of the migrated one.
  cpSync(await migratedTemplate(), state, { recursive: true })
  // Each start gets its own DevTools port (--inspector-port): left to itself, each `wrangler dev` binds 9229, and the
  // browser files start theirs side by side (two at once have failed on "Address already in use (127.0.0.1:9229)").
  const config = await builtWorker()
  const args = ['dev', '--config', config, '--ip', '127.0.0.1', '--port', String(port), '--persist-to', state, '--var', `ADMIN_TOKEN:${TOKEN}`, '--var', `STORE_DEADLINE_MS:${STORE_DEADLINE_MS}`, ...Object.entries(vars).flatMap(([k, v]) => ['--var', `${k}:${v}`]), '--show-interactive-dev-session=false']
  const origin = `http://127.0.0.1:${port}`
  let output = ''
  let stopping = false
  let restarts = 0
  let child: ChildProcess
  const launch = async (): Promise<void> => {
    child = spawn(WRANGLER, [...args, '--inspector-port', String(await freePort())], { env: QUIET, stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()))
    // wrangler dev has been seen (3 runs of 31 on 2 cores, each time the pages file's) to exit with code 1 and an
    // empty "✘ [ERROR]": esbuild's watch rebuild deadlocking (builtWorker now keeps esbuild out of the services).
    // Should a service end before its test stops it all the same, it says so, with what it wrote, and is started
    // again on the same port and the same KV and D1 (they are on disk), up to RESTARTS times; navigations wait for
    // it (tests/browser/harness.ts, visit).
    child.on('exit', (code, signal) => {
      if (stopping) return
      console.error(`wrangler dev on ${origin} exited (${signal ?? `code ${code}`}) before its test stopped it${restarts < RESTARTS ? '; starting it again' : ''}; it wrote:\n${output.slice(-4_000)}`)
      output = ''
      if (restarts++ < RESTARTS) void launch()
    })
  }
  await launch()
  const stop = async () => {
    stopping = true
    child.kill('SIGTERM')
    await new Promise((resolve) => setTimeout(resolve, 300))
    rmSync(state, { recursive: true, force: true })
  }
  const crash = async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    await exited
  }
  const up = await answering(origin, 90_000, () => {
    if (child.exitCode !== null && restarts === 0) throw new Error(`wrangler dev exited:\n${output}`)
  })
  if (up) return { origin, state, stop, crash }
  await stop()
  throw new Error(`wrangler dev did not answer within 90 s:\n${output}`)
}

/**
 * Whether `origin` answers `/feeds` with a 200 within `ms` (asked every 250 ms): a service started, or started
 * again. `check` runs before each try and may throw to give up early.
 */
export async function answering(origin: string, ms: number, check: () => void = () => {}): Promise<boolean> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    check()
    try {
      const res = await fetch(`${origin}/feeds`)
      await res.arrayBuffer()
      if (res.ok) return true
    } catch {
      // not up (again) yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  return false
}

/** How many times a service that exits on its own is started again (startService). */
const RESTARTS = 2

async function send(origin: string, method: string, path: string, body: unknown): Promise<void> {
  const res = await fetch(origin + path, {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
}

/**
 * Where the seeded lead images point: `ok-*` ones a browser test answers with a picture, `missing-*` ones fail,
 * as an image on a publisher's server that is gone (the browser tests route both, so nothing leaves the machine).
 */
export const IMAGE_BASE = 'https://www.mawazin.net/images/'

/** Three sections through the publishing API: a dozen recent articles in two (lead images on some of «تقارير», two
 * of them gone), and 22 older ones in «محلية» (two pages). */
export async function seed(origin: string): Promise<void> {
  await send(origin, 'PUT', '/api/sections/reports', { name: 'تقارير', description: 'تقارير وتحليلات معمّقة', order: 1 })
  await send(origin, 'PUT', '/api/sections/sports', { name: 'رياضة', description: 'الدوري العراقي والمنتخبات', order: 2 })
  const articles = Array.from({ length: 12 }, (_, i) => ({
    id: `browser-${i}`,
    section: i % 2 ? 'sports' : 'reports',
    title: `${i % 2 ? 'رياضة' : 'تقرير'}: عنوان الخبر رقم ${i}`,
    summary: `ملخص قصير للخبر رقم ${i}`,
    content: `<p>نص الخبر رقم ${i}.</p>`,
    url: `https://www.mawazin.net/news/${1000 + i}`,
    published: new Date(Date.UTC(2024, 1, 18, 9, 13) - i * 3_600_000).toISOString(),
    ...(i % 2 === 0 && i < 10
      ? { image: { url: `${IMAGE_BASE}${i % 4 === 0 ? 'ok' : 'missing'}-${i}.jpg`, type: 'image/jpeg', length: 1000, width: 1200, height: 675, caption: `صورة الخبر رقم ${i}` } }
      : {}),
  }))
  await send(origin, 'POST', '/api/articles', articles)
  await send(origin, 'PUT', '/api/sections/local', { name: 'محلية', description: 'أخبار بغداد والمحافظات', order: 3 })
  const older = Array.from({ length: 22 }, (_, i) => ({
    id: `browser-local-${i}`,
    section: 'local',
    title: `محلية: خبر قديم رقم ${i}`,
    content: `<p>أعلنت البلدية، في بيان، خطة جديدة رقم ${i} لتأهيل الشوارع في أحياء المدينة، وقالت إن العمل يبدأ قريبا.</p>`,
    url: `https://www.mawazin.net/news/${2000 + i}`,
    ...(i % 3 === 0 ? {} : { authors: [{ name: 'زينب كاظم' }] }),
    published: new Date(Date.UTC(2023, 5, 1, 9) - i * 86_400_000).toISOString(),
  }))
  await send(origin, 'POST', '/api/articles', older)
}
