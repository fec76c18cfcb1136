// Sections as editors manage them: find by slug or Arabic name, create or change, delete when empty.
import { isSectionSlug } from '../model/ids'
import type { Section } from '../model/types'
import { deleteSection, getSection, listSections, putSection, sectionHasArticles } from '../store/sections'
import { prepareSection } from './prepare'

/** Finds a section among `sections` by slug (in any case), or by Arabic name in any normalization form. */
export function findSection(sections: readonly Section[], nameOrSlug: string): Section | undefined {
  const wanted = nameOrSlug.normalize('NFC').trim()
  return sections.find((s) => s.slug === wanted.toLowerCase()) ?? sections.find((s) => s.name === wanted)
}

/** A section by Arabic name, or by a slug written in the wrong case: one KV list. */
export async function findSectionByName(kv: KVNamespace, name: string): Promise<Section | null> {
  return findSection(await listSections(kv), name) ?? null
}

/** A section by slug (one get) or Arabic name (one list). */
export async function resolveSection(kv: KVNamespace, nameOrSlug: string): Promise<Section | null> {
  const wanted = nameOrSlug.normalize('NFC').trim()
  if (isSectionSlug(wanted)) return getSection(kv, wanted)
  return findSectionByName(kv, wanted)
}

export class SectionConflictError extends Error {}

export interface SectionInput {
  name: string
  description?: string
  order?: number
}

export type SectionWrite = { status: 'created' | 'updated' | 'unchanged'; section: Section }

/**
 * Creates or changes a section. Unchanged input writes nothing (feeds keep their ETags). Two sections may
 * not share an Arabic name, since the name also addresses the feed. `now` stamps a change.
 */
export async function upsertSection(
  kv: KVNamespace,
  slug: string,
  input: SectionInput,
  now: number,
): Promise<SectionWrite> {
  const sections = await listSections(kv)
  const existing = sections.find((s) => s.slug === slug)
  const next = prepareSection(
    { slug, name: input.name, description: input.description ?? existing?.description ?? '', order: input.order ?? existing?.order ?? sections.length + 1 },
    now,
  )
  const clash = sections.find((s) => s.slug !== slug && s.name === next.name)
  if (clash) throw new SectionConflictError(`the section "${clash.slug}" is already named «${next.name}»`)
  if (existing && existing.name === next.name && existing.description === next.description && existing.order === next.order) {
    return { status: 'unchanged', section: existing }
  }
  await putSection(kv, next)
  return { status: existing ? 'updated' : 'created', section: next }
}

/**
 * Deletes an empty section. An article written meanwhile either sees the section gone and undoes itself
 * (saveArticle), or its entries are already listed when this looks again after deleting: then the section is put
 * back and the answer is `not-empty`. Either way no article is left in a section that does not exist.
 */
export async function removeSection(kv: KVNamespace, slug: string): Promise<'deleted' | 'missing' | 'not-empty'> {
  const [section, hasArticles] = await Promise.all([getSection(kv, slug), sectionHasArticles(kv, slug)])
  if (!section) return 'missing'
  if (hasArticles) return 'not-empty'
  await deleteSection(kv, slug)
  if (await sectionHasArticles(kv, slug)) {
    await putSection(kv, section)
    return 'not-empty'
  }
  return 'deleted'
}

/** Every section, in directory order: one KV list. */
export async function allSections(kv: KVNamespace): Promise<Section[]> {
  return listSections(kv)
}

/** A section by its slug: one KV get. */
export async function findSectionBySlug(kv: KVNamespace, slug: string): Promise<Section | null> {
  return getSection(kv, slug)
}
