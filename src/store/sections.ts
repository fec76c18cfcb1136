// Sections live in D1 beside the index (a FOREIGN KEY ties every article to its section; a UNIQUE key on the
// folded name keeps two sections from looking alike).
import type { Section } from '../model/types'
import { ConstraintError } from './d1'
import { deleteSectionRow, getSectionRow, listSectionRows, putSectionRow, sectionHasArticles as hasArticles } from './feed-index'

/** Another section's name folds to the same identity key. */
export class SectionNameTakenError extends Error {}

export async function getSection(db: D1Database, slug: string): Promise<Section | null> {
  return getSectionRow(db, slug)
}

/** Every section, in directory order (then by slug): one query. */
export async function listSections(db: D1Database): Promise<Section[]> {
  return listSectionRows(db)
}

/** Writes the section; throws SectionNameTakenError when its name folds to another section's. */
export async function putSection(db: D1Database, section: Section, now: number): Promise<void> {
  try {
    await putSectionRow(db, section, now)
  } catch (error) {
    if (error instanceof ConstraintError && error.kind === 'unique') throw new SectionNameTakenError(error.message)
    throw error
  }
}

export async function sectionHasArticles(db: D1Database, slug: string): Promise<boolean> {
  return hasArticles(db, slug)
}

/** Deletes an empty section atomically: an article written meanwhile either lands first (not-empty) or fails. */
export async function deleteSection(db: D1Database, slug: string, now: number): Promise<'deleted' | 'missing' | 'not-empty'> {
  return deleteSectionRow(db, slug, now)
}
