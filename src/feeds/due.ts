// Scheduled articles that came due: their feeds changed without a write, so the cron tells the WebSub hub.
import type { Section } from '../model/types'
import { scanIndex } from '../store/articles'
import { listSections } from '../store/sections'

/**
 * Sections whose newest shown article was published in (`since`, `now`]: a scheduled article came due there.
 * Cost: one list of sections, then one list a section (more only past scheduled entries, as for a feed).
 */
export async function sectionsDueBetween(kv: KVNamespace, since: number, now: number): Promise<string[]> {
  const sections = await listSections(kv)
  const due = await Promise.all(
    sections.map(async (section) => {
      const page = await scanIndex<Section>(kv, { scope: section.slug, take: 1, maxLists: 1, visibleAt: now })
      const newest = page.entries[0]
      return newest && newest.published > since ? [section.slug] : []
    }),
  )
  return due.flat()
}
