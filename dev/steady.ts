// `npm run test:steady`: the whole suite (`npm test`) STEADY_RUNS times in a row (10) with STEADY_BUSY processes
// (2) keeping the cores busy (`yes > /dev/null`), as a loaded CI machine would. Prints each run's wall time and
// outcome, and the tally; exits 1 if any run failed. Each run's output: test-results/steady-{n}.log.
import { type ChildProcess, spawn } from 'node:child_process'
import { createWriteStream, mkdirSync } from 'node:fs'
import { join } from 'node:path'

const RUNS = Number(process.env.STEADY_RUNS ?? 10)
const BUSY = Number(process.env.STEADY_BUSY ?? 2)
const LOGS = join(process.cwd(), 'test-results')

function once(n: number): Promise<{ ok: boolean; seconds: number }> {
  const started = performance.now()
  const log = createWriteStream(join(LOGS, `steady-${n}.log`))
  const run = spawn('npm', ['test'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } })
  run.stdout.pipe(log, { end: false })
  run.stderr.pipe(log, { end: false })
  return new Promise((resolve) => {
    run.on('close', (code) => {
      log.end()
      resolve({ ok: code === 0, seconds: (performance.now() - started) / 1000 })
    })
  })
}

mkdirSync(LOGS, { recursive: true })
const busy: ChildProcess[] = Array.from({ length: BUSY }, () => spawn('yes', { stdio: 'ignore' }))
const stop = () => busy.forEach((p) => p.kill())
process.on('SIGINT', () => (stop(), process.exit(130)))
const times: number[] = []
let failures = 0
try {
  for (let n = 1; n <= RUNS; n++) {
    const { ok, seconds } = await once(n)
    times.push(seconds)
    if (!ok) failures++
    console.log(`run ${n}/${RUNS}: ${ok ? 'passed' : 'FAILED'} in ${seconds.toFixed(1)} s (${BUSY} busy processes; log test-results/steady-${n}.log)`)
  }
} finally {
  stop()
}
const sorted = [...times].sort((a, b) => a - b)
console.log(`steady: ${RUNS} runs, ${failures} failed; median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} s, slowest ${sorted.at(-1)!.toFixed(1)} s, with ${BUSY} busy processes`)
process.exit(failures === 0 ? 0 : 1)
