// The HTTP part of `npm run bench` (alone: `npm run bench:poll`): what a repeat poll and a 304 cost the Worker
// against the two references worth comparing with, side by side in one run on the same bytes and headers:
//  - the floor: a minimal Worker on the same workerd build (`wrangler dev` the same way) answering the Worker's
//    own bytes and headers from a global, so what is left above it is our code;
//  - nginx (`nginx-light`), serving the same bytes with the same headers.
// Each server's CPU per request is its processes' utime + stime (/proc/<pid>/stat) over the requests `wrk` made,
// at the Worker's own workerd port (wrangler's proxy worker copies every request once more). Each case runs
// ROUNDS times, the servers interleaved; the figures are medians. `Accept-Encoding: identity`: workerd would gzip
// every body (Cloudflare's edge does that outside the Worker). A cold render (distinct pages) is measured on the
// Worker alone.
import { type ChildProcess, execFileSync, execSync, spawn } from 'node:child_process'
import { readFileSync, readdirSync, readlinkSync, rmSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { getPlatformProxy } from 'wrangler'
import { encodePageToken } from '../src/feeds/query'
import { seedSampleData } from '../dev/seed'
import { freePort } from '../tests/support/wrangler-dev'
import { freshState } from './local-state'

const POLL_PATH = '/feeds/reports/rss.xml?limit=50'
const COLD_PATH = '/feeds/rss.xml?limit=50'
const ROUNDS = Number(process.env.POLL_ROUNDS ?? 5)
const SECONDS = Number(process.env.POLL_SECONDS ?? 3)
const CONNECTIONS = 4
const COLD_REQUESTS = 200
const CLK_TCK = Number(execSync('getconf CLK_TCK').toString().trim()) || 100
/** Ports from the environment (BENCH_PORT and the next two), else free ones. */
const PORT_BASE = process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : null
/** Headers the runtime or nginx writes itself, never copied. */
const OWN_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'date', 'server', 'keep-alive'])

export interface CaseFigures {
  /** CPU ms per request, median of the rounds. */
  worker: number
  floor: number
  nginx: number | null
  /** Median of each round's ratio. */
  floorRatio: number
  nginxRatio: number | null
  rps: number
}

export interface PollBench {
  poll: CaseFigures
  notModified: CaseFigures
  coldMs: number
  /** Why nginx is missing, when it is. */
  nginxMissing: string | null
  rounds: number
}

function stat(pid: number): { ppid: number; comm: string; ticks: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const close = text.lastIndexOf(')')
    const fields = text.slice(close + 2).split(' ')
    // After "pid (comm) ": state ppid ... utime is field 14 and stime 15 of the whole line.
    return { ppid: Number(fields[1]), comm: text.slice(text.indexOf('(') + 1, close), ticks: Number(fields[11]) + Number(fields[12]) }
  } catch {
    return null
  }
}

/** `root` and its descendants that `keep` accepts (with all of theirs). */
function tree(root: number, keep: (comm: string) => boolean): number[] {
  const procs = new Map<number, { ppid: number; comm: string }>()
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    const s = stat(Number(name))
    if (s) procs.set(Number(name), s)
  }
  const found: number[] = []
  const visit = (pid: number, inside: boolean) => {
    const s = procs.get(pid)
    const take = inside || (s !== undefined && keep(s.comm))
    if (take && s) found.push(pid)
    for (const [child, cs] of procs) if (cs.ppid === pid) visit(child, take)
  }
  visit(root, false)
  return found
}

function ticksOf(pids: number[]): number {
  return pids.reduce((sum, pid) => sum + (stat(pid)?.ticks ?? 0), 0)
}

/** Loopback ports listened on by `pids` (from /proc/net/tcp and each process's socket descriptors). */
function listeningPorts(pids: number[]): Map<number, number> {
  const inodes = new Map<string, number>()
  for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const f = line.trim().split(/\s+/)
    if (f[3] === '0A' && f[1]?.startsWith('0100007F:')) inodes.set(f[9]!, parseInt(f[1].split(':')[1]!, 16))
  }
  const ports = new Map<number, number>()
  for (const pid of pids) {
    let fds: string[] = []
    try {
      fds = readdirSync(`/proc/${pid}/fd`)
    } catch {
      continue
    }
    for (const fd of fds) {
      try {
        const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1]
        const port = inode ? inodes.get(inode) : undefined
        if (port !== undefined) ports.set(port, pid)
      } catch {
        // closed meanwhile
      }
    }
  }
  return ports
}

/** The user Worker's own workerd port under `wrangler dev` (not the proxy's public port): the one `probe` accepts. */
async function directPort(root: number, publicPort: number, probe: (res: Response) => boolean): Promise<number> {
  const pids = tree(root, (comm) => comm.startsWith('workerd'))
  const ports = listeningPorts(pids)
  const publicPid = ports.get(publicPort)
  for (const [port, pid] of ports) {
    if (port === publicPort || pid === publicPid) continue
    try {
      const res = await fetch(`http://127.0.0.1:${port}${POLL_PATH}`, { signal: AbortSignal.timeout(3000) })
      await res.arrayBuffer()
      if (probe(res)) return port
    } catch {
      // not an HTTP port
    }
  }
  return publicPort
}

async function waitFor(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 90_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${output()}`)
    try {
      if ((await fetch(url)).status < 500) return
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`no answer from ${url} within 90 s:\n${output()}`)
}

function start(command: string, args: string[], children: ChildProcess[]): { child: ChildProcess; output: () => string } {
  const child = spawn(command, args, { env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  children.push(child)
  let text = ''
  child.stdout?.on('data', (d: Buffer) => (text += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (text += d.toString()))
  return { child, output: () => text }
}

async function wranglerDev(configPath: string, port: number, state: string, children: ChildProcess[], vars: string[] = []): Promise<ChildProcess> {
  const args = ['dev', '-c', configPath, '--ip', '127.0.0.1', '--port', String(port), '--persist-to', state, '--show-interactive-dev-session=false', ...vars.flatMap((v) => ['--var', v])]
  const { child, output } = start(join(process.cwd(), 'node_modules/.bin/wrangler'), args, children)
  await waitFor(`http://127.0.0.1:${port}${POLL_PATH}`, child, output)
  return child
}

interface Captured {
  status: number
  headers: [string, string][]
}

function capture(res: Response): Captured {
  return { status: res.status, headers: [...res.headers].filter(([name]) => !OWN_HEADERS.has(name)) }
}

/**
 * wrangler.toml without `[assets]`, its paths made absolute, written into `dir`. Under `wrangler dev` the static
 * files' router and asset workers run in front of the Worker in the same workerd and cost about 1.5 ms of CPU a
 * request (measured with a minimal Worker with and without them); in production Cloudflare serves assets before
 * the Worker, outside its CPU, so neither the Worker nor the floor has them here.
 */
function benchConfig(dir: string): string {
  const root = process.cwd()
  const text = readFileSync(join(root, 'wrangler.toml'), 'utf8')
    .replace(/^\[assets\][^[]*/m, '')
    .replace(/^main = "(.*)"$/m, (_, main: string) => `main = "${join(root, main)}"`)
    .replace(/= "\.\//g, `= "${root}/`)
  const path = join(dir, 'wrangler.toml')
  writeFileSync(path, text)
  return path
}

/** The compatibility settings of wrangler.toml, for the floor: the same runtime behaviour. */
function compatibility(): string {
  const text = readFileSync('wrangler.toml', 'utf8')
  return (text.match(/^compatibility_(date|flags) = .*$/gm) ?? []).join('\n')
}

/** The floor: the same bytes and headers from globals, the least a Worker can do per request. */
function floorSource(body: Buffer, etag: string, ok: Captured, notModified: Captured): string {
  return `const BODY = Uint8Array.from(atob(${JSON.stringify(body.toString('base64'))}), (c) => c.charCodeAt(0))
const OK = ${JSON.stringify(ok.headers)}
const NOT_MODIFIED = ${JSON.stringify(notModified.headers)}
const ETAG = ${JSON.stringify(etag)}
export default {
  fetch(request) {
    if (request.headers.get('If-None-Match') === ETAG) return new Response(null, { status: 304, headers: NOT_MODIFIED })
    return new Response(BODY, { headers: OK })
  },
}
`
}

/** nginx serving the file with the Worker's headers; its own ETag is off, Last-Modified is the file's mtime (set to the Worker's). */
function nginxConfig(dir: string, port: number, etag: string, ok: Captured, notModified: Captured): string {
  const quote = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
  const skip = new Set(['content-type', 'etag', 'last-modified'])
  const add = (c: Captured) => c.headers.filter(([n]) => !skip.has(n)).map(([n, v]) => `add_header ${n} ${quote(v)} always;`).join('\n      ')
  const type = ok.headers.find(([n]) => n === 'content-type')?.[1] ?? 'application/octet-stream'
  const path = POLL_PATH.split('?')[0]
  // Root's nginx workers would run as nobody, who cannot read a private temporary folder.
  const user = process.getuid?.() === 0 ? 'user root;\n' : ''
  return `${user}daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 256; }
http {
  access_log off;
  server_tokens off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port};
    root ${dir}/root;
    etag off;
    location = ${path} {
      types { }
      default_type ${quote(type)};
      if ($http_if_none_match = ${quote(etag)}) {
      ${add(notModified)}
        add_header ETag ${quote(etag)} always;
        return 304;
      }
      ${add(ok)}
      add_header ETag ${quote(etag)} always;
    }
  }
}
`
}

interface Run {
  requests: number
  rps: number
  cpuMs: number
}

function wrk(url: string, pids: number[], headers: Record<string, string>): Run {
  const args = ['-t1', `-c${CONNECTIONS}`, `-d${SECONDS}s`, '-H', 'Accept-Encoding: identity']
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}: ${value}`)
  const before = ticksOf(pids)
  const out = execFileSync('wrk', [...args, url], { encoding: 'utf8' })
  const cpuMs = ((ticksOf(pids) - before) / CLK_TCK) * 1000
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0)
  const bad = /Non-2xx or 3xx responses: (\d+)/.exec(out)
  if (requests === 0 || bad) throw new Error(`wrk ${url}: ${out}`)
  return { requests, rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0), cpuMs: cpuMs / requests }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

interface Server {
  url: string
  pids: number[]
}

function measureCase(servers: { worker: Server; floor: Server; nginx: Server | null }, headers: Record<string, string>): CaseFigures {
  const runs = { worker: [] as Run[], floor: [] as Run[], nginx: [] as Run[] }
  for (let round = 0; round < ROUNDS; round++) {
    runs.worker.push(wrk(servers.worker.url, servers.worker.pids, headers))
    runs.floor.push(wrk(servers.floor.url, servers.floor.pids, headers))
    if (servers.nginx) runs.nginx.push(wrk(servers.nginx.url, servers.nginx.pids, headers))
  }
  const cpu = (list: Run[]) => median(list.map((r) => r.cpuMs))
  return {
    worker: cpu(runs.worker),
    floor: cpu(runs.floor),
    nginx: servers.nginx ? cpu(runs.nginx) : null,
    floorRatio: median(runs.worker.map((r, i) => r.cpuMs / runs.floor[i]!.cpuMs)),
    nginxRatio: servers.nginx ? median(runs.worker.map((r, i) => r.cpuMs / runs.nginx[i]!.cpuMs)) : null,
    rps: median(runs.worker.map((r) => r.rps)),
  }
}

/** nginx from PATH, installed with apt-get when missing; null with the reason when it cannot be. */
function findNginx(): { path: string | null; why: string | null } {
  const which = (name: string) => {
    try {
      return execSync(`command -v ${name} || ls /usr/sbin/${name} 2>/dev/null`, { encoding: 'utf8' }).trim().split('\n')[0] || null
    } catch {
      return null
    }
  }
  if (!which('nginx') || !which('wrk')) {
    try {
      execSync('apt-get update -qq && apt-get install -y -qq nginx-light wrk', { stdio: 'ignore' })
    } catch (error) {
      return { path: which('nginx'), why: `apt-get install nginx-light wrk failed (${error instanceof Error ? error.message.split('\n')[0] : String(error)})` }
    }
  }
  if (!which('wrk')) throw new Error('wrk is missing and apt-get could not install it')
  const path = which('nginx')
  return { path, why: path ? null : 'nginx is missing and apt-get could not install it' }
}

/** Cold renders on the Worker alone: distinct pages of the site-wide feed, CPU ms per request. */
async function cold(origin: string, pids: number[]): Promise<number> {
  const paths = Array.from({ length: COLD_REQUESTS }, (_, i) => `${COLD_PATH}&page=${encodePageToken({ scope: '_all', before: Number.MAX_SAFE_INTEGER - i })}`)
  let next = 0
  const before = ticksOf(pids)
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < paths.length) {
        const path = paths[next++]!
        // workerd may close a kept-alive connection as undici reuses it: that request is sent again, once.
        const get = () => fetch(origin + path, { headers: { 'Accept-Encoding': 'identity' } })
        const res = await get().catch(get)
        await res.arrayBuffer()
        if (res.status !== 200) throw new Error(`cold page answered ${res.status}`)
      }
    }),
  )
  return ((ticksOf(pids) - before) / CLK_TCK) * 1000 / paths.length
}

/** Starts the Worker, the floor and nginx, measures, and stops them all (process groups), whatever happens. */
export async function runPollBench(seedPage: string): Promise<PollBench> {
  const state = freshState('nashra-poll-')
  const children: ChildProcess[] = []
  try {
    const proxy = await getPlatformProxy<Env>({ configPath: 'wrangler.toml', persist: { path: join(state, 'v3') } })
    try {
      await seedSampleData({ kv: proxy.env.ARTICLES, db: proxy.env.DB }, seedPage, proxy.env.SITE_URL, Date.now())
    } finally {
      await proxy.dispose()
    }
    const [workerPort, floorPort, nginxPort] = PORT_BASE ? [PORT_BASE, PORT_BASE + 1, PORT_BASE + 2] : [await freePort(), await freePort(), await freePort()]
    const workerDir = join(state, 'worker')
    mkdirSync(workerDir)
    // AUDIENCE=off: the same figures without the audience count (bench/audience.ts compares the two).
    const nashra = await wranglerDev(benchConfig(workerDir), workerPort!, state, children, [`AUDIENCE:${process.env.AUDIENCE ?? 'on'}`])
    const direct = await directPort(nashra.pid!, workerPort!, (res) => res.headers.has('Cache-Status'))
    const origin = `http://127.0.0.1:${direct}`

    // Warm the cache, then take the hit's bytes and headers, and a 304's.
    await (await fetch(origin + POLL_PATH, { headers: { 'Accept-Encoding': 'identity' } })).arrayBuffer()
    const hit = await fetch(origin + POLL_PATH, { headers: { 'Accept-Encoding': 'identity' } })
    const body = Buffer.from(await hit.arrayBuffer())
    const etag = hit.headers.get('ETag')
    if (hit.status !== 200 || !etag || !/hit/.test(hit.headers.get('Cache-Status') ?? '')) throw new Error(`${POLL_PATH}: ${hit.status} ${hit.headers.get('Cache-Status')}`)
    const notModified = await fetch(origin + POLL_PATH, { headers: { 'Accept-Encoding': 'identity', 'If-None-Match': etag } })
    if (notModified.status !== 304) throw new Error(`${POLL_PATH} with its ETag answered ${notModified.status}`)
    const ok = capture(hit)
    const nm = capture(notModified)

    const floorDir = join(state, 'floor')
    mkdirSync(join(floorDir, 'root', ...POLL_PATH.split('?')[0]!.split('/').slice(1, -1)), { recursive: true })
    const pollFile = join(floorDir, 'root', POLL_PATH.split('?')[0]!)
    writeFileSync(pollFile, body)
    writeFileSync(join(floorDir, 'floor.js'), floorSource(body, etag, ok, nm))
    writeFileSync(join(floorDir, 'wrangler.toml'), `name = "nashra-floor"\nmain = "floor.js"\n${compatibility()}\n`)
    const floor = await wranglerDev(join(floorDir, 'wrangler.toml'), floorPort!, join(state, 'floor-state'), children)
    const floorDirect = await directPort(floor.pid!, floorPort!, (res) => res.status === 200)

    const { path: nginxPath, why } = findNginx()
    let nginx: Server | null = null
    if (nginxPath) {
      const modified = hit.headers.get('Last-Modified')
      if (modified) utimesSync(pollFile, new Date(modified), new Date(modified))
      writeFileSync(join(floorDir, 'nginx.conf'), nginxConfig(floorDir, nginxPort!, etag, ok, nm))
      const { child, output } = start(nginxPath, ['-p', floorDir, '-c', join(floorDir, 'nginx.conf')], children)
      await waitFor(`http://127.0.0.1:${nginxPort}${POLL_PATH}`, child, output)
      nginx = { url: `http://127.0.0.1:${nginxPort}${POLL_PATH}`, pids: tree(child.pid!, () => true) }
    }
    const workerPids = tree(nashra.pid!, (comm) => comm.startsWith('workerd'))
    const servers = {
      worker: { url: origin + POLL_PATH, pids: workerPids },
      floor: { url: `http://127.0.0.1:${floorDirect}${POLL_PATH}`, pids: tree(floor.pid!, (comm) => comm.startsWith('workerd')) },
      nginx,
    }
    // Every server warmed once (JIT, connections) before anything counts.
    for (const server of [servers.worker, servers.floor, ...(nginx ? [nginx] : [])]) wrk(server.url, server.pids, {})
    const poll = measureCase(servers, {})
    const conditional = measureCase(servers, { 'If-None-Match': etag })
    const coldMs = await cold(origin, workerPids)
    return { poll, notModified: conditional, coldMs, nginxMissing: why, rounds: ROUNDS }
  } finally {
    for (const child of children) {
      try {
        // Each server was started as its own process group: its workerd and nginx workers go with it.
        if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGTERM')
      } catch {
        // already gone
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
    rmSync(state, { recursive: true, force: true })
  }
}

/** The figures as lines, the last two for tools. */
export function pollLines(bench: PollBench): string[] {
  const ms = (value: number | null) => (value === null ? '   n/a' : value.toFixed(3).padStart(6))
  const row = (name: string, f: CaseFigures) =>
    `${name.padEnd(11)}  ${ms(f.worker)}  ${ms(f.floor)}  ${ms(f.nginx)}  ${f.floorRatio.toFixed(2).padStart(5)}x  ${f.nginxRatio === null ? '  n/a' : `${f.nginxRatio.toFixed(1).padStart(5)}x`}  ${f.rps.toFixed(0).padStart(6)}`
  const tail = (name: string, f: CaseFigures) => `${name}=${f.floorRatio.toFixed(2)}x floor, ${f.nginxRatio === null ? 'n/a' : f.nginxRatio.toFixed(1)}x nginx`
  return [
    `HTTP: wrk -c${CONNECTIONS} for ${SECONDS} s, ${bench.rounds} rounds, servers interleaved; CPU ms per request from /proc/<pid>/stat, medians; ${POLL_PATH}`,
    ...(bench.nginxMissing ? [`nginx: not measured: ${bench.nginxMissing}`] : []),
    'case         worker   floor   nginx  /floor  /nginx  worker req/s',
    row('repeat poll', bench.poll),
    row('304', bench.notModified),
    `cold render (the Worker alone, ${COLD_REQUESTS} distinct pages of 50 items): ${bench.coldMs.toFixed(1)} ms CPU per request`,
    tail('repeat-poll', bench.poll),
    tail('304', bench.notModified),
  ]
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const seed = readFileSync(new URL('../tests/fixtures/000_6e0e75a60da96bca.txt', import.meta.url), 'utf8')
  for (const line of pollLines(await runPollBench(seed))) console.log(line)
}
