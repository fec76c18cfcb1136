// Writes the sample data through the one write path. Idempotent: a second run writes nothing new.
import type { Section } from '../src/model/types'
import type { Stores } from '../src/store/d1'
import { upsertSection } from '../src/publish/sections'
import { type WriteStatus, saveArticle } from '../src/publish/write'
import { SAMPLE_SECTIONS, sampleArticles } from './sample-data'

const CONCURRENT_WRITES = 16

export type SeedReport = Record<WriteStatus, number> & { sections: number }

/** `now`: the caller's clock (the sample articles are all in the past; it bounds scheduling like any write). */
export async function seedSampleData(stores: Stores, seedPageText: string, siteUrl: string, now: number): Promise<SeedReport> {
  // Through the API's checked path (NFC, distinct names), stamped with each section's own time.
  await Promise.all(SAMPLE_SECTIONS.map((s) => upsertSection(stores.db, s.slug, { name: s.name, description: s.description, order: s.order }, s.updated)))
  const sections = new Map<string, Section>(SAMPLE_SECTIONS.map((s) => [s.slug, s]))
  const drafts = await sampleArticles(seedPageText, siteUrl)
  const report: SeedReport = { sections: SAMPLE_SECTIONS.length, created: 0, updated: 0, unchanged: 0 }
  for (let i = 0; i < drafts.length; i += CONCURRENT_WRITES) {
    const results = await Promise.all(drafts.slice(i, i + CONCURRENT_WRITES).map((d) => saveArticle(stores, d, { sections, now })))
    for (const r of results) report[r.status]++
  }
  return report
}
