// One fuzz run: sections through the API, `runs` generated articles through the write path, then every check.
import fc from 'fast-check'
import { api } from '../helpers'
import { FUZZ_ENV, FUZZ_NOW } from './clock'
import type { Bugs } from './bugs'
import { checkAll } from './check'
import { caseGen } from './generate'
import { checkPages, checkTagFilters } from './pages'
import { Report } from './report'
import { arabicExact, arabicPhrase, nastyLine } from './text'
import { Model, type SectionInfo, runCases } from './write'

export interface RunOptions {
  runs: number
  seed: number
  bugs: Bugs
  /** ARCHIVE_START of wrangler.toml. */
  archiveStart: { y: number; m: number }
}

const ARABIC_DIGITS = '٠١٢٣٤٥٦٧٨٩'

/** Sections with Arabic names: plain, hostile, and at the documented limits (60 and 300) unless that is a known bug. */
async function makeSections(report: Report, options: RunOptions, count: number, tag: string): Promise<SectionInfo[]> {
  const small = options.bugs.has('metadata-overflow')
  const names = fc.sample(fc.tuple(arabicPhrase(1, 3), nastyLine(6)), { seed: options.seed, numRuns: count })
  const sections: SectionInfo[] = []
  for (let i = 0; i < count; i++) {
    const [plain, nasty] = names[i]!
    const suffix = ` ${Array.from(String(options.seed % 100_000) + i, (d) => ARABIC_DIGITS[Number(d)]).join('')}`
    const kind = i % 3
    const name = kind === 0 ? plain + suffix : kind === 1 ? nasty.slice(0, 40) + suffix : arabicExact(small ? 20 : 60 - suffix.length, i) + suffix
    // Long words: the most bytes a description of 300 characters can hold in Arabic.
    const description = kind === 2 ? arabicExact(small ? 100 : 300, i, 30) : kind === 1 ? nasty : plain
    const slug = `${tag}-s${i}`
    const res = await api('PUT', `/api/sections/${slug}`, { name, description, order: i }, FUZZ_ENV)
    report.requests++
    const body = (await res.json()) as { section?: { name: string } }
    if (res.status !== 201 || !body.section) {
      report.fail(`section PUT answered ${res.status}`, { what: slug, input: { name, description }, got: body })
      continue
    }
    if (kind !== 1 && body.section.name !== name) report.fail('plain Arabic section name not stored exactly', { what: slug, input: name, got: body.section.name })
    sections.push({ slug, name: body.section.name })
  }
  if (sections.length === 0) {
    const res = await api('PUT', `/api/sections/${tag}-fallback`, { name: `قسم احتياطي ${tag}` }, FUZZ_ENV)
    report.requests++
    if (res.status === 201) sections.push({ slug: `${tag}-fallback`, name: `قسم احتياطي ${tag}` })
  }
  return sections
}

export async function fuzz(options: RunOptions): Promise<Report> {
  const report = new Report()
  const now = FUZZ_NOW
  const tag = `f${options.seed.toString(36)}`.toLowerCase().replace(/[^a-z0-9]/g, '')
  const sections = await makeSections(report, options, options.runs >= 2000 ? 6 : 4, tag)
  if (sections.length === 0) throw new Error(`no section could be created\n${report.summary(options.seed, options.bugs)}`)
  const model = new Model(sections, tag, now, options.bugs, report)
  const cases = fc.sample(caseGen(now, options.bugs, options.archiveStart), { seed: options.seed, numRuns: options.runs })
  await runCases(model, cases)
  const archiveStart = `${options.archiveStart.y}-${String(options.archiveStart.m).padStart(2, '0')}`
  const firstPages = await checkAll(model, { allMonths: options.runs >= 2000, archiveStart })
  await checkPages(model, firstPages)
  await checkTagFilters(model, options.runs >= 2000 ? 100 : 10)
  return report
}
