// Section records in KV, and the copy of each at the head of its index.
import type { Section } from '../model/types'
import { indexHeadKey, sectionKey, sectionsPrefix } from './keys'
import { MAX_LIST, scanIndex } from './articles'
import { packMetadata, unpackMetadata } from './metadata'

/**
 * Writes the section record and the head of its index. Both carry the section as metadata, so the
 * directory is one list and a section feed learns its title from the same list that finds its articles.
 */
export async function putSection(kv: KVNamespace, section: Section): Promise<void> {
  const metadata = packMetadata(section)
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
  const sections = listed.keys.flatMap((k) => {
    const section = unpackMetadata<Section>(k.metadata)
    return section ? [section] : []
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
