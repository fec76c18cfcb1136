// Section records in KV, and the copy of each at the head of its index.
import type { Section } from '../model/types'
import { indexHeadKey, sectionKey, sectionsPrefix } from './keys'
import { MAX_LIST } from './articles'

/** KV: metadata is at most 1,024 bytes once serialized as JSON. */
export const MAX_METADATA_BYTES = 1024

/**
 * Writes the section record and the head of its index. Both carry the section as metadata, so the
 * directory is one list and a section feed learns its title from the same list that finds its articles.
 */
export async function putSection(kv: KVNamespace, section: Section): Promise<void> {
  const json = JSON.stringify(section)
  const bytes = new TextEncoder().encode(json).length
  if (bytes > MAX_METADATA_BYTES) throw new RangeError(`section metadata of ${bytes} bytes exceeds ${MAX_METADATA_BYTES}`)
  await Promise.all([
    kv.put(sectionKey(section.slug), json, { metadata: section }),
    kv.put(indexHeadKey(section.slug), '', { metadata: section }),
  ])
}

export async function getSection(kv: KVNamespace, slug: string): Promise<Section | null> {
  return kv.get<Section>(sectionKey(slug), { type: 'json' })
}

/** Every section, in directory order (then by slug): one KV list. */
export async function listSections(kv: KVNamespace): Promise<Section[]> {
  const listed = await kv.list<Section>({ prefix: sectionsPrefix(), limit: MAX_LIST })
  const sections = listed.keys.flatMap((k) => (k.metadata ? [k.metadata] : []))
  return sections.sort((a, b) => a.order - b.order || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0))
}
