// The HTTP part of `npm run bench`: the Worker under `wrangler dev` (seeded with the sample data, loopback only)
// against a plain Node `http` server sending the same bytes, side by side in one run. For a repeat poll, a 304
// and a cold render it reports requests per second and the CPU milliseconds per request of each server's
// process tree, read from /proc/<pid>/stat (utime + stime), so the load generator's own work is not counted.
// Requests ask for `Accept-Encoding: identity`: workerd would otherwise gzip every body (Cloudflare's edge does
// that outside the Worker's CPU in production), and the plain server sends the bytes as they are.
import { type ChildProcess, execSync, spawn } from 'node:child_process'
import { readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { getPlatformProxy } from 'wrangler'
import { encodePageToken } from '../src/feeds/query'
import { seedSampleData } from '../dev/seed'
import { freePort } from '../tests/support/wrangler-dev'
import { freshState } from './local-state'

const POLL_PATH = '/feeds/reports/rss.xml?limit=50'
const COLD_SCOPE_PATH = '/feeds/rss.xml?limit=50'
const CONCURRENCY = 4
const REQUESTS = 2000
const COLD_REQUESTS = 250
const WARMUP = 100
const CLK_TCK = Number(execSync('getconf CLK_TCK').toString().trim()) || 100

export interface Figures {
  rps: number
  cpuMs: number
}

export interface HttpBench {
  rows: { name: string; worker: Figures; plain: Figures }[]
  /** True when the figures were taken at the Worker's own workerd port, behind wrangler's proxy. */
  direct: boolean
  repeatPollRatio: number
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

/** CPU ticks of `root`'s descendants (and itself) that `keep` accepts, and of their own descendants. */
function treeTicks(root: number, keep: (comm: string) => boolean): number {
  const procs = new Map<number, { ppid: number; comm: string; ticks: number }>()
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    const s = stat(Number(name))
    if (s) procs.set(Number(name), s)
  }
  const counted = new Set<number>()
  const visit = (pid: number, inside: boolean) => {
    const s = procs.get(pid)
    const take = inside || (s !== undefined && keep(s.comm))
    if (take && s) counted.add(pid)
    for (const [child, cs] of procs) if (cs.ppid === pid) visit(child, take)
  }
  visit(root, false)
  let ticks = 0
  for (const pid of counted) ticks += procs.get(pid)!.ticks
  return ticks
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

/**
 * The Worker's own workerd port: wrangler dev's public port is a proxy worker in another workerd process, which
 * copies every request and body once more; the figures were taken behind it, at the Worker's port.
 */
async function workerPort(root: number, publicPort: number): Promise<number> {
  const pids: number[] = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    let pid = Number(name)
    const s = stat(pid)
    if (!s?.comm.startsWith('workerd')) continue
    for (let hops = 0; pid > 1 && hops < 10; hops++) {
      if (pid === root) {
        pids.push(Number(name))
        break
      }
      pid = stat(pid)?.ppid ?? 0
    }
  }
  const ports = listeningPorts(pids)
  const publicPid = ports.get(publicPort)
  for (const [port, pid] of ports) {
    if (port === publicPort || pid === publicPid) continue
    try {
      const res = await fetch(`http://127.0.0.1:${port}/feeds`)
      if (res.ok && (res.headers.get('Content-Type') ?? '').includes('json')) return port
    } catch {
      // not an HTTP port
    }
  }
  return publicPort
}

async function load(urls: () => string, count: number, headers: Record<string, string>, expected: number): Promise<number> {
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        next++
        const res = await fetch(urls(), { headers: { 'Accept-Encoding': 'identity', ...headers } })
        await res.arrayBuffer()
        if (res.status !== expected) throw new Error(`${res.url} answered ${res.status}, expected ${expected}`)
      }
    }),
  )
  return (performance.now() - started) / 1000
}

async function measure(ticks: () => number, urls: () => string, count: number, headers: Record<string, string>, expected: number): Promise<Figures> {
  const before = ticks()
  const seconds = await load(urls, count, headers, expected)
  const cpu = ((ticks() - before) / CLK_TCK) * 1000
  return { rps: count / seconds, cpuMs: cpu / count }
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

const STATIC_SERVER = `
const http = require('node:http'); const fs = require('node:fs')
const files = JSON.parse(fs.readFileSync(process.argv[1], 'utf8'))
const bodies = Object.fromEntries(Object.entries(files).map(([k, v]) => [k, { ...v, bytes: fs.readFileSync(v.file) }]))
http.createServer((req, res) => {
  const f = bodies[req.url] || bodies['*']
  if (req.headers['if-none-match'] === f.etag) { res.writeHead(304, { ETag: f.etag }); return res.end() }
  res.writeHead(200, { 'Content-Type': f.type, 'Content-Length': f.bytes.length, ETag: f.etag }); res.end(f.bytes)
}).listen(Number(process.argv[2]), '127.0.0.1')
`

/** Starts both servers, measures the three cases on each, stops them. */
export async function runHttpBench(seedPage: string): Promise<HttpBench> {
  const state = freshState('nashra-bench-')
  const children: ChildProcess[] = []
  try {
    const proxy = await getPlatformProxy<Env>({ configPath: 'wrangler.toml', persist: { path: join(state, 'v3') } })
    try {
      await seedSampleData({ kv: proxy.env.ARTICLES, db: proxy.env.DB }, seedPage, proxy.env.SITE_URL, Date.now())
    } finally {
      await proxy.dispose()
    }
    const port = await freePort()
    const wrangler = spawn(
      join(process.cwd(), 'node_modules/.bin/wrangler'),
      // AUDIENCE=off npm run bench: the same figures without the audience count (README, Audience).
      ['dev', '--ip', '127.0.0.1', '--port', String(port), '--persist-to', state, '--var', `AUDIENCE:${process.env.AUDIENCE ?? 'on'}`, '--show-interactive-dev-session=false'],
      { env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    children.push(wrangler)
    let output = ''
    wrangler.stdout?.on('data', (d: Buffer) => (output += d.toString()))
    wrangler.stderr?.on('data', (d: Buffer) => (output += d.toString()))
    await waitFor(`http://127.0.0.1:${port}/feeds`, wrangler, () => output)
    const direct = await workerPort(wrangler.pid!, port)
    const origin = `http://127.0.0.1:${direct}`

    // The bytes the plain server sends: the poll's representation, and one cold page (all the same size).
    const poll = await fetch(origin + POLL_PATH)
    if (poll.status !== 200) throw new Error(`${POLL_PATH} answered ${poll.status}`)
    const pollFile = join(state, 'poll.xml')
    writeFileSync(pollFile, Buffer.from(await poll.arrayBuffer()))
    const etag = poll.headers.get('ETag') ?? '"x"'
    const type = poll.headers.get('Content-Type') ?? 'application/rss+xml'
    const coldPaths = Array.from({ length: COLD_REQUESTS }, (_, i) => `${COLD_SCOPE_PATH}&page=${encodePageToken({ scope: '_all', before: Number.MAX_SAFE_INTEGER - i })}`)
    const cold = await fetch(origin + coldPaths[0])
    if (cold.status !== 200) throw new Error(`cold page answered ${cold.status}`)
    const coldFile = join(state, 'cold.xml')
    writeFileSync(coldFile, Buffer.from(await cold.arrayBuffer()))
    const filesJson = join(state, 'files.json')
    writeFileSync(filesJson, JSON.stringify({ [POLL_PATH]: { file: pollFile, etag, type }, '*': { file: coldFile, etag: '"cold"', type } }))
    const staticPort = await freePort()
    const plain = spawn(process.execPath, ['-e', STATIC_SERVER, filesJson, String(staticPort)], { stdio: ['ignore', 'pipe', 'pipe'] })
    children.push(plain)
    let plainOutput = ''
    plain.stderr?.on('data', (d: Buffer) => (plainOutput += d.toString()))
    const plainOrigin = `http://127.0.0.1:${staticPort}`
    await waitFor(plainOrigin + POLL_PATH, plain, () => plainOutput)

    const workerTicks = () => treeTicks(wrangler.pid!, (comm) => comm.startsWith('workerd'))
    const plainTicks = () => treeTicks(plain.pid!, () => true)
    const conditional = { 'If-None-Match': etag }
    const rows: HttpBench['rows'] = []
    for (const o of [origin, plainOrigin]) await load(() => o + POLL_PATH, WARMUP, {}, 200)

    const repeat = { worker: await measure(workerTicks, () => origin + POLL_PATH, REQUESTS, {}, 200), plain: await measure(plainTicks, () => plainOrigin + POLL_PATH, REQUESTS, {}, 200) }
    rows.push({ name: 'repeat poll', ...repeat })
    rows.push({
      name: '304',
      worker: await measure(workerTicks, () => origin + POLL_PATH, REQUESTS, conditional, 304),
      plain: await measure(plainTicks, () => plainOrigin + POLL_PATH, REQUESTS, conditional, 304),
    })
    // Each cold request is a representation not yet cached (the first one was fetched above for its bytes).
    let w = 1
    let p = 1
    rows.push({
      name: 'cold render',
      worker: await measure(workerTicks, () => origin + coldPaths[w++ % coldPaths.length], COLD_REQUESTS - 1, {}, 200),
      plain: await measure(plainTicks, () => plainOrigin + coldPaths[p++ % coldPaths.length], COLD_REQUESTS - 1, {}, 200),
    })
    return { rows, direct: direct !== port, repeatPollRatio: repeat.worker.cpuMs / repeat.plain.cpuMs }
  } finally {
    for (const child of children) child.kill('SIGTERM')
    await new Promise((resolve) => setTimeout(resolve, 500))
    rmSync(state, { recursive: true, force: true })
  }
}
