// Sections as editors manage them: find by slug or Arabic name, create or change, delete when empty.
import { identityKey } from '../model/arabic'
import { isSectionSlug } from '../model/ids'
import type { Section } from '../model/types'
import { SectionNameTakenError, deleteSection, getSection, listSections, putSection } from '../store/sections'
import { prepareSection } from './prepare'

/**
 * Finds a section among `sections` by slug (in any case), or by Arabic name as its identity key folds it
 * (invisible and bidi characters, tatweel and letter variants aside).
 */
export function findSection(sections: readonly Section[], nameOrSlug: string): Section | undefined {
  const wanted = nameOrSlug.normalize('NFC').trim()
  const key = identityKey(wanted)
  return sections.find((s) => s.slug === wanted.toLowerCase()) ?? sections.find((s) => identityKey(s.name) === key)
}

/** A section by Arabic name, or by a slug written in the wrong case: one query. */
export async function findSectionByName(db: D1Database, name: string): Promise<Section | null> {
  return findSection(await listSections(db), name) ?? null
}

/** A section by slug or Arabic name: one query. */
export async function resolveSection(db: D1Database, nameOrSlug: string): Promise<Section | null> {
  const wanted = nameOrSlug.normalize('NFC').trim()
  if (isSectionSlug(wanted)) return getSection(db, wanted)
  return findSectionByName(db, wanted)
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

/** Every section, in directory order: one query. */
export async function allSections(db: D1Database): Promise<Section[]> {
  return listSections(db)
}

/** A section by its slug: one query. */
export async function findSectionBySlug(db: D1Database, slug: string): Promise<Section | null> {
  return getSection(db, slug)
}
