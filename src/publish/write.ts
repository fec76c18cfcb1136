// The one write path: every door (seeding, tests, and later the API, importer and upstream pull) comes here.
import type { ArticleDraft, Section } from '../model/types'
import type { Article } from '../model/types'
import { deleteArticle, getArticle, putArticle } from '../store/articles'
import { getSection, putSection } from '../store/sections'
import { InvalidDraftError, prepareArticle } from './prepare'
import type { Removed } from './sanitize'

export type WriteStatus = 'created' | 'updated' | 'unchanged'

export interface WriteResult {
  status: WriteStatus
  article: Article
  removed: Removed
}

/**
 * Validates, sanitizes and stores `draft`. Writing the same article twice changes nothing (status
 * `unchanged`, no KV write), so feeds keep their ETag. A move to another section or date removes the old
 * index entries. `sections` may carry sections already read (a batch), sparing a read per article.
 */
export async function saveArticle(
  kv: KVNamespace,
  draft: ArticleDraft,
  sections?: ReadonlyMap<string, Section>,
): Promise<WriteResult> {
  const slug = draft.section.normalize('NFC')
  const section = sections?.get(slug) ?? (await getSection(kv, slug))
  if (!section) throw new InvalidDraftError([{ field: 'section', detail: `no section "${slug}"` }])
  const [{ article, removed }, previous] = await Promise.all([prepareArticle(draft, section), getArticle(kv, draft.id)])
  if (previous && previous.hash === article.hash) return { status: 'unchanged', article: previous, removed }
  await putArticle(kv, article, previous)
  return { status: previous ? 'updated' : 'created', article, removed }
}

/** Deletes an article and its index entries; false when there was none. */
export async function removeArticle(kv: KVNamespace, id: string): Promise<boolean> {
  const previous = await getArticle(kv, id)
  if (!previous) return false
  await deleteArticle(kv, previous)
  return true
}

export async function saveSection(kv: KVNamespace, section: Section): Promise<void> {
  await putSection(kv, section)
}
