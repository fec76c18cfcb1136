// The write-path fuzz: generated articles (Arabic, Latin, emoji, controls, lone surrogates, markup, entities,
// bidi controls, every field at its limit, random dates) through the HTTP API, then every feed, archive, page,
// the OPML and /feeds checked. `npm test` runs a few hundred; `npm run fuzz` 10,000 (FUZZ_RUNS, FUZZ_SEED,
// FUZZ_BUGS come in as bindings from vitest.fuzz.config.ts). In a file of its own: it sees every article written.
// Every request runs at one fixed instant (./clock.ts), so a seed replays exactly, on any day.
import { env } from 'cloudflare:workers'
import { expect, it } from 'vitest'
import { bugsFrom } from './bugs'
import { fuzz } from './run'

const settings = env as unknown as Record<string, string | undefined>
const runs = Number(settings.FUZZ_RUNS ?? 300)
/** A fixed seed unless FUZZ_SEED names another (`npm run fuzz` explores with any seed it is given). */
const DEFAULT_SEED = 276_441_246
const seed = settings.FUZZ_SEED ? Number(settings.FUZZ_SEED) : DEFAULT_SEED
const bugs = bugsFrom(settings.FUZZ_BUGS)

it(`${runs} generated articles: accepted ones shown everywhere they belong, refused ones named, every document well-formed (seed ${seed})`, async () => {
  const report = await fuzz({ runs, seed, bugs, archiveStart: { y: 2023, m: 1 } })
  const summary = report.summary(seed, bugs)
  console.log(summary)
  expect(report.failures.size, summary).toBe(0)
}, Math.max(180_000, runs * 300))
