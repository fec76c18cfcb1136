// Universal Feed Parser's corpus through the pull: each case is served by the local upstream in the test pool
// (tests/fixtures/upstream-worker.js) with the Content-Type its header names, pulled into local KV by the
// scheduled pull's own code (fetch, decode in workerd, parse, validate, write), and read back through the API.
// The importer's door (Node) runs the same checks in tests/cli/feedparser-corpus.node.test.ts.
import corpus from 'virtual:feedparser-corpus'
import { describe, expect, it } from 'vitest'
import { decodeDocument } from '../../src/ingest/decode'
import { pullSource } from '../../src/ingest/pull'
import { feedItemId, parseFeedDocument } from '../../src/ingest/upstream-feed'
import { htmlToText } from '../../src/model/text'
import type { Section } from '../../src/model/types'
import { api, createSection, stores, testEnv } from '../helpers'
import { type CaseOutcome, type DoorResult, bytesOf, corpusHeader, fingerprint, itemsWithLinks, judge, tally } from './feedparser-corpus'

const UPSTREAM = 'http://upstream.test'
/** The pull's clock: no corpus date is this instant, so an item dated at it was dated when first seen. */
const NOW = Date.UTC(2025, 0, 1, 0, 0, 7)
/** feedparser reads a time without a zone as UTC; the corpus is written for that, so the sources say so. */
const TIME_ZONE = 'UTC'

async function throughPull(file: string, bytes: Uint8Array, section: Section): Promise<DoorResult> {
  const path = `/tests/${file}`
  const type = corpusHeader(new TextDecoder('latin1').decode(bytes.subarray(0, 4_000))).headers['content-type'] ?? 'application/xml'
  await fetch(`${UPSTREAM}/__document?${new URLSearchParams({ path, type })}`, { method: 'PUT', body: bytes })
  const url = UPSTREAM + path
  const source = { id: 'corpus', url, section: section.slug, interval: 5, timeZone: TIME_ZONE }
  const { report, status } = await pullSource(stores, source, null, new Map([[section.slug, section]]), { now: NOW })
  if (report.outcome === 'error') return { refused: report.error ?? 'error', items: [], skipped: [] }
  // What the document holds, in its order (the expectations index entries so), each looked up where the
  // pull stored it.
  const doc = parseFeedDocument(bytes, { url, contentType: type, now: NOW, timeZone: TIME_ZONE })
  const result: DoorResult = { items: [], skipped: [...doc.skipped] }
  for (const entry of doc.entries) {
    const id = await feedItemId(entry.key || entry.url || entry.title, doc.feedKey || url)
    const res = await api('GET', `/api/articles/${id}`)
    if (res.status !== 200) {
      result.skipped.push({ key: entry.key, reason: status.lastError ?? `not stored (${res.status})` })
      continue
    }
    const article = (await res.json()) as { title: string; url: string; published: string; updated: string }
    const published = Date.parse(article.published)
    result.items.push({ title: article.title, url: article.url, published: published === NOW ? null : published, updated: article.updated === article.published ? null : Date.parse(article.updated) })
  }
  return result
}

describe("Universal Feed Parser's corpus through the pull", () => {
  it('keeps every item feedparser keeps with a link, with its title, link and date, or differs as listed', async () => {
    const section = await createSection({ name: 'مدونة المحلل' })
    const cases = Object.entries(corpus.files)
      .map(([file, base64]) => [file, bytesOf(base64)] as const)
      .filter(([, bytes]) => itemsWithLinks(bytes) > 0)
    const outcomes: CaseOutcome[] = []
    for (const [file, bytes] of cases) outcomes.push(judge(file, bytes, await throughPull(file, bytes, section), UPSTREAM, htmlToText))
    for (const o of outcomes) if (o.verdict !== 'agree') console.log(`${o.verdict} ${o.file}: ${o.detail}`)
    console.log(`pull: ${tally(outcomes)}`)
    expect(outcomes.filter((o) => o.verdict === 'lost' || o.verdict === 'unlisted')).toEqual([])
    expect(outcomes.filter((o) => o.verdict === 'agree').length).toBeGreaterThanOrEqual(75)
  }, 120_000)

  it('decodes every corpus file in workerd exactly as Node does (one code path: the pull and the importer read alike)', () => {
    const files = Object.keys(corpus.files)
    expect(files.length).toBeGreaterThan(2_000)
    const differ = files.filter((file) => {
      const bytes = bytesOf(corpus.files[file]!)
      const type = corpusHeader(new TextDecoder('latin1').decode(bytes.subarray(0, 4_000))).headers['content-type']
      return fingerprint(decodeDocument(bytes, { contentType: type })) !== corpus.node[file]
    })
    expect(differ).toEqual([])
    // Not all alike by accident: the corpus spans single-byte, multi-byte, UTF-16 and UTF-32 documents.
    const encodings = new Set(Object.values(corpus.node).map((f) => f.split(' ')[0]))
    expect([...encodings].sort()).toEqual(expect.arrayContaining(['big5', 'euc-kr', 'gbk', 'utf-16be', 'utf-16le', 'utf-32be', 'utf-32le', 'utf-8', 'windows-1252']))
  })
})
