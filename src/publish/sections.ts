// Sections as editors manage them: find by slug or Arabic name, create or change, delete when empty.
import { identityKey } from '../model/arabic'
import { isSectionSlug } from '../model/ids'
import { findSection } from '../model/sections'
import type { Section } from '../model/types'
import { SectionNameTakenError, deleteSection, getSection, listSections, putSection } from '../store/sections'
import { prepareSection } from './prepare'

export { findSection } from '../model/sections'
export { allSections, findSectionByName, findSectionBySlug } from '../feeds/sections'

/** A section by slug or Arabic name: one query. */
export async function resolveSection(db: D1Database, nameOrSlug: string): Promise<Section | null> {
  const wanted = nameOrSlug.normalize('NFC').trim()
  if (isSectionSlug(wanted)) return getSection(db, wanted)
  return findSection(await listSections(db), wanted) ?? null
}

export class SectionConflictError extends Error {}

export interface SectionInput {
  name: string
  description?: string
  order?: number
}

export type SectionWrite = { status: 'created' | 'updated' | 'unchanged'; section: Section }

/**
 * Creates or changes a section. Unchanged input writes nothing (feeds keep their ETags). Two sections may not
 * have names that fold alike (identityKey): the name also addresses the feed, and readers cannot tell them apart.
 * The database's UNIQUE key decides, so two concurrent creations of look-alike names cannot both succeed.
 * `now` stamps a change.
 */
export async function upsertSection(db: D1Database, slug: string, input: SectionInput, now: number): Promise<SectionWrite> {
  const sections = await listSections(db)
  const existing = sections.find((s) => s.slug === slug)
  const next = prepareSection(
    { slug, name: input.name, description: input.description ?? existing?.description ?? '', order: input.order ?? existing?.order ?? sections.length + 1 },
    now,
  )
  const key = identityKey(next.name)
  const clash = sections.find((s) => s.slug !== slug && identityKey(s.name) === key)
  if (clash) throw new SectionConflictError(`the section "${clash.slug}" is already named «${clash.name}»`)
  if (existing && existing.name === next.name && existing.description === next.description && existing.order === next.order) {
    return { status: 'unchanged', section: existing }
  }
  try {
    await putSection(db, next, now)
  } catch (error) {
    if (error instanceof SectionNameTakenError) throw new SectionConflictError(`another section is already named «${next.name}»`)
    throw error
  }
  return { status: existing ? 'updated' : 'created', section: next }
}

/** Deletes an empty section; the database decides atomically, so no article is left in a deleted section. */
export async function removeSection(db: D1Database, slug: string, now: number): Promise<'deleted' | 'missing' | 'not-empty'> {
  return deleteSection(db, slug, now)
}
