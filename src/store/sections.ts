// Section records in KV, and the copy of each at the head of its index.
import type { Section } from '../model/types'
import { indexHeadKey, sectionKey, sectionsPrefix } from './keys'
import { MAX_LIST, scanIndex } from './articles'
import { packMetadata, unpackMetadata } from './metadata'

/** The section as its metadata carries it; `partial` when it did not fit and the record must be read. */
export type SectionMeta = Section & { partial?: 1 }

/**
 * The metadata of a section's keys: the whole section when it fits KV's 1,024 bytes (it always does in Arabic
 * within the documented limits), else the section without its description, marked partial, so a reader gets the
 * record; a write never fails for its size.
 */
export function sectionMetadata(section: Section): { c: string } {
  return (
    packMetadata(section) ??
    packMetadata({ ...section, description: '', partial: 1 }) ??
    packMetadata({ slug: section.slug, name: '', description: '', order: section.order, updated: section.updated, partial: 1 })!
  )
}

/** `meta` itself when whole; else the section record (one KV get). */
export async function completeSection(kv: KVNamespace, meta: SectionMeta | null): Promise<Section | null> {
  if (!meta || !meta.partial) return meta
  return getSection(kv, meta.slug)
}

/**
 * Writes the section record and the head of its index. Both carry the section as metadata, so the
 * directory is one list and a section feed learns its title from the same list that finds its articles.
 */
export async function putSection(kv: KVNamespace, section: Section): Promise<void> {
  const metadata = sectionMetadata(section)
  await Promise.all([
    kv.put(sectionKey(section.slug), JSON.stringify(section), { metadata }),
    kv.put(indexHeadKey(section.slug), '', { metadata }),
  ])
}

export async function getSection(kv: KVNamespace, slug: string): Promise<Section | null> {
  return kv.get<Section>(sectionKey(slug), { type: 'json' })
}

/** Every section, in directory order (then by slug): one KV list. */
export async function listSections(kv: KVNamespace): Promise<Section[]> {
  const listed = await kv.list({ prefix: sectionsPrefix(), limit: MAX_LIST })
  const metas = listed.keys.flatMap((k) => {
    const section = unpackMetadata<SectionMeta>(k.metadata)
    return section ? [section] : []
  })
  const partial = metas.filter((s) => s.partial).map((s) => sectionKey(s.slug))
  const records = partial.length > 0 ? await kv.get<Section>(partial.slice(0, 100), { type: 'json' }) : new Map<string, Section | null>()
  const sections = metas.flatMap((s) => {
    if (!s.partial) return [s]
    const record = records.get(sectionKey(s.slug))
    return record ? [record] : []
  })
  return sections.sort((a, b) => a.order - b.order || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0))
}

/** True when any article is indexed under the section: one KV list. */
export async function sectionHasArticles(kv: KVNamespace, slug: string): Promise<boolean> {
  const page = await scanIndex(kv, { scope: slug, take: 1, maxLists: 1 })
  return page.entries.length > 0
}

export async function deleteSection(kv: KVNamespace, slug: string): Promise<void> {
  await Promise.all([kv.delete(indexHeadKey(slug)), kv.delete(sectionKey(slug))])
}
