// Universal Feed Parser's corpus through the importer's file path, in Node: each file read as `npm run import`
// reads it (cli/import-files.ts, with `--base-url` standing for where it was published), each article checked
// by the API's own schema. The pull's door (workerd) runs the same checks in tests/ingest/feedparser-corpus.test.ts.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readImportFile } from '../../cli/import-files'
import { htmlToText } from '../../src/model/text'
import { ArticleInputSchema } from '../../src/publish/article-input'
import { charsetOf, decodeDocument } from '../../src/ingest/decode'
import { CORPUS_ORIGIN, type CaseOutcome, type DoorResult, corpusHeader, itemsWithLinks, judge, refusedOnPurpose, tally } from '../ingest/feedparser-corpus'

const CORPUS = join(process.cwd(), 'tests/fixtures/feedparser')
/** The files' modification time as the importer would pass it: no corpus date is this instant. */
const SEEN = Date.UTC(2025, 0, 1, 0, 0, 7)
const FILES = readdirSync(CORPUS, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(xml|json)$/.test(f)).sort()

async function throughImporter(file: string, bytes: Uint8Array): Promise<DoorResult & { notFeed?: string }> {
  // feedparser reads a time without a zone as UTC; the corpus is written for that, so the import says so. A
  // file has no HTTP header: where the corpus names the charset it was served with, the person says it.
  const encoding = charsetOf(corpusHeader(new TextDecoder('latin1').decode(bytes.subarray(0, 4_000))).headers['content-type'])
  const read = await readImportFile(file, bytes, { section: 'reports', siteUrl: 'https://www.mawazin.net', seen: SEEN, timeZone: 'UTC', encoding, baseUrl: `${CORPUS_ORIGIN}/tests/${file}` })
  const whole = read.problems.find((p) => p.source === file)
  if (whole) return { refused: whole.detail, items: [], skipped: [] }
  const result: DoorResult = { items: [], skipped: read.problems.map((p) => ({ key: p.source, reason: p.detail, ...(p.detail.startsWith('repeats item') ? { repeat: true as const } : {}) })) }
  for (const item of read.items) {
    const parsed = ArticleInputSchema.safeParse(item.article)
    if (!parsed.success) {
      result.skipped.push({ key: item.source, reason: parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join(', ') })
      continue
    }
    const published = Date.parse(parsed.data.published)
    result.items.push({ title: parsed.data.title, url: parsed.data.url, published: published === SEEN ? null : published, updated: parsed.data.updated ? Date.parse(parsed.data.updated) : null })
  }
  return result
}

describe("Universal Feed Parser's corpus through the importer", () => {
  it('keeps every item feedparser keeps with a link, with its title, link and date, or differs as listed', async () => {
    const outcomes: CaseOutcome[] = []
    for (const file of FILES) {
      const bytes = new Uint8Array(readFileSync(join(CORPUS, file)))
      if (itemsWithLinks(bytes) === 0) continue
      outcomes.push(judge(file, bytes, await throughImporter(file, bytes), CORPUS_ORIGIN, htmlToText))
    }
    for (const o of outcomes) if (o.verdict !== 'agree') console.log(`${o.verdict} ${o.file}: ${o.detail}`)
    console.log(`importer: ${tally(outcomes)}`)
    expect(outcomes.filter((o) => o.verdict === 'lost' || o.verdict === 'unlisted')).toEqual([])
    expect(outcomes.filter((o) => o.verdict === 'agree').length).toBeGreaterThanOrEqual(75)
  })

  it('decodes windows-1252 in Node as workerd does (Node\'s own TextDecoder reads it as Latin-1)', () => {
    const bytes = Uint8Array.from('<?xml version="1.0" encoding="windows-1252"?><rss><channel><title>This is a \xA3\x93test.\x94</title></channel></rss>', (c) => c.charCodeAt(0))
    expect(new TextDecoder('windows-1252').decode(bytes)).toContain('\u0093test.\u0094')
    expect(decodeDocument(bytes).text).toContain('This is a £“test.”')
  })

  it('refuses a corpus document whole only when it is not a feed at all', async () => {
    const refused: string[] = []
    for (const file of FILES) {
      const read = await throughImporter(file, new Uint8Array(readFileSync(join(CORPUS, file))))
      if (read.refused && !refusedOnPurpose(file)) refused.push(`${file}: ${read.refused}`)
      if (!read.refused && refusedOnPurpose(file)) refused.push(`${file}: read, though listed as not a feed`)
    }
    console.log(`importer: ${FILES.length} documents, ${FILES.filter((f) => refusedOnPurpose(f)).length} refused as not feeds (listed)`)
    expect(FILES.length).toBeGreaterThan(2_000)
    expect(refused).toEqual([])
  })
})
