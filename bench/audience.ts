// The audience count's cost on a repeat poll: bench/http.ts's figures with the count off and on (AUDIENCE), in
// alternating runs, each the Worker's CPU milliseconds per request (workerd's process tree). `npx tsx bench/audience.ts`.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { runHttpBench } from './http'

const SEED_PAGE = readFileSync(fileURLToPath(new URL('../tests/fixtures/000_6e0e75a60da96bca.txt', import.meta.url)), 'utf8')
const RUNS = Number(process.argv[2] ?? 2)

const figures: Record<'off' | 'on', { repeat: number[]; notModified: number[] }> = { off: { repeat: [], notModified: [] }, on: { repeat: [], notModified: [] } }
for (let run = 0; run < RUNS; run++) {
  for (const mode of ['off', 'on'] as const) {
    process.env.AUDIENCE = mode
    const { rows } = await runHttpBench(SEED_PAGE)
    figures[mode].repeat.push(rows.find((r) => r.name === 'repeat poll')!.worker.cpuMs)
    figures[mode].notModified.push(rows.find((r) => r.name === '304')!.worker.cpuMs)
    console.log(`run ${run + 1}, audience ${mode}: repeat poll ${figures[mode].repeat.at(-1)!.toFixed(3)} ms CPU, 304 ${figures[mode].notModified.at(-1)!.toFixed(3)} ms CPU`)
  }
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const [off, on] = [median(figures.off.repeat), median(figures.on.repeat)]
console.log(`audience: repeat poll ${off.toFixed(3)} ms CPU without the count, ${on.toFixed(3)} ms with it (${(((on - off) / off) * 100).toFixed(1)}%); 304 ${median(figures.off.notModified).toFixed(3)} / ${median(figures.on.notModified).toFixed(3)} ms`)
