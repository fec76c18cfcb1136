// The audience count's cost on a repeat poll and a 304: bench/poll.ts's figures with the count off and on
// (AUDIENCE), in alternating runs, each the Worker's CPU milliseconds per request and its ratio to the floor
// measured in the same run. `npx tsx bench/audience.ts [runs]`.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { runPollBench } from './poll'

const SEED_PAGE = readFileSync(fileURLToPath(new URL('../tests/fixtures/000_6e0e75a60da96bca.txt', import.meta.url)), 'utf8')
const RUNS = Number(process.argv[2] ?? 2)

type Figures = { poll: number[]; pollRatio: number[]; notModified: number[]; notModifiedRatio: number[] }
const empty = (): Figures => ({ poll: [], pollRatio: [], notModified: [], notModifiedRatio: [] })
const figures: Record<'off' | 'on', Figures> = { off: empty(), on: empty() }
for (let run = 0; run < RUNS; run++) {
  for (const mode of ['off', 'on'] as const) {
    process.env.AUDIENCE = mode
    const bench = await runPollBench(SEED_PAGE)
    const f = figures[mode]
    f.poll.push(bench.poll.worker)
    f.pollRatio.push(bench.poll.floorRatio)
    f.notModified.push(bench.notModified.worker)
    f.notModifiedRatio.push(bench.notModified.floorRatio)
    console.log(`run ${run + 1}, audience ${mode}: repeat poll ${bench.poll.worker.toFixed(3)} ms CPU (${bench.poll.floorRatio.toFixed(2)}x floor), 304 ${bench.notModified.worker.toFixed(3)} ms (${bench.notModified.floorRatio.toFixed(2)}x floor)`)
  }
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const line = (name: string, off: number[], on: number[], offRatio: number[], onRatio: number[]) => {
  const [a, b] = [median(off), median(on)]
  return `${name}: ${a.toFixed(3)} ms CPU (${median(offRatio).toFixed(2)}x floor) without the count, ${b.toFixed(3)} ms (${median(onRatio).toFixed(2)}x floor) with it (${(((b - a) / a) * 100).toFixed(1)}%)`
}
console.log(`audience: ${line('repeat poll', figures.off.poll, figures.on.poll, figures.off.pollRatio, figures.on.pollRatio)}`)
console.log(`audience: ${line('304', figures.off.notModified, figures.on.notModified, figures.off.notModifiedRatio, figures.on.notModifiedRatio)}`)
