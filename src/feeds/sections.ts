// The sections as the read side sees them (feeds, pages, the directory): reads only, nothing of the write path.
import { findSection } from '../model/sections'
import type { Section } from '../model/types'
import { getSection, listSections } from '../store/sections'

/** Every section, in directory order: one query. */
export async function allSections(db: D1Database): Promise<Section[]> {
  return listSections(db)
}

/** A section by its slug: one query. */
export async function findSectionBySlug(db: D1Database, slug: string): Promise<Section | null> {
  return getSection(db, slug)
}

/** A section by Arabic name, or by a slug written in the wrong case: one query. */
export async function findSectionByName(db: D1Database, name: string): Promise<Section | null> {
  return findSection(await listSections(db), name) ?? null
}
