// Finding a section by what a person typed: its slug in any case, or its Arabic name as identityKey folds it.
import { identityKey } from './arabic'
import type { Section } from './types'

/**
 * Finds a section among `sections` by slug (in any case), or by Arabic name as its identity key folds it
 * (invisible and bidi characters, tatweel and letter variants aside).
 */
export function findSection(sections: readonly Section[], nameOrSlug: string): Section | undefined {
  const wanted = nameOrSlug.normalize('NFC').trim()
  const key = identityKey(wanted)
  return sections.find((s) => s.slug === wanted.toLowerCase()) ?? sections.find((s) => identityKey(s.name) === key)
}
