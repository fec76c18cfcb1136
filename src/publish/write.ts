// The one write path: every door (API, importer, upstream pull, seeding, tests) comes here.
import type { Article, ArticleDraft, Section } from '../model/types'
import {
  deleteArticleRecord,
  deleteIndexEntries,
  ensureMonthMarkers,
  getArticle,
  indexEntriesInPlace,
  monthMarkersInPlace,
  putArticle,
  putIndexEntries,
} from '../store/articles'
import { getSection } from '../store/sections'
import { InvalidDraftError, prepareArticle } from './prepare'
import type { Removed } from './sanitize'

export type WriteStatus = 'created' | 'updated' | 'unchanged'

/** The article's section was deleted while it was being written: the write was undone. */
export class SectionGoneError extends Error {
  constructor(readonly slug: string) {
    super(`the section "${slug}" was deleted while the article was written; nothing was stored`)
  }
}

export interface WriteResult {
  status: WriteStatus
  article: Article
  /** What was written before (null when created): the feeds it was in need a WebSub ping too. */
  previous: Article | null
  removed: Removed
}

export interface WriteOptions {
  /** The caller's clock, epoch ms (read in a route, or the pull's scheduled time): a publication may be up to a year after it. */
  now: number
  /** Sections already read (a batch), sparing a read per article. */
  sections?: ReadonlyMap<string, Section>
  /** Validate and report, write nothing. */
  dryRun?: boolean
}

/**
 * Makes sure the index entries of whatever the record now holds exist. Called by every writer that deleted
 * an entry, after the delete: a concurrent writer may have been deleting an entry the final record needs.
 * Since each delete is followed by its writer's repair, the last record always keeps its entries.
 */
async function repairIndex(kv: KVNamespace, id: string): Promise<void> {
  const current = await getArticle(kv, id)
  if (current) await putIndexEntries(kv, current)
}

/**
 * An ingested draft dated from what is stored where its source gave no date: an undated item keeps the time
 * it was first seen, and an undated one keeps its last update time until its content changes.
 */
function datedAsSeen(draft: ArticleDraft, previous: Article | null): ArticleDraft {
  if (!draft.seen || !previous) return draft
  const published = draft.seen.published ? draft.published : previous.published
  const updated = draft.seen.updated ? draft.updated : previous.updated
  return { ...draft, published, ...(updated === undefined ? {} : { updated }) }
}

/**
 * Validates, sanitizes and stores `draft`. Writing the same article twice changes nothing (status
 * `unchanged`, no KV write), so feeds keep their ETag; but `unchanged` only when the record and its index entries
 * are all in place: a write that failed part-way is completed by the next attempt. A move to another section or
 * date removes the old index entries; a writer that loses a race on the same id removes its own. A section
 * deleted meanwhile undoes the write (SectionGoneError), so no article outlives its section. Throws
 * InvalidDraftError.
 */
export async function saveArticle(kv: KVNamespace, draft: ArticleDraft, options: WriteOptions): Promise<WriteResult> {
  const slug = draft.section.normalize('NFC')
  const section = options.sections?.get(slug) ?? (await getSection(kv, slug))
  if (!section) throw new InvalidDraftError([{ field: 'section', detail: `no section "${slug}"` }])
  const [previous, prepared] = await Promise.all([getArticle(kv, draft.id), draft.seen ? null : prepareArticle(draft, section, options.now)])
  let { article, removed } = prepared ?? (await prepareArticle(datedAsSeen(draft, previous), section, options.now))
  if (previous && previous.hash === article.hash) {
    if (options.dryRun || (await inPlace(kv, previous))) return { status: 'unchanged', article: previous, previous, removed }
    // The record is there but an entry is not (an earlier attempt failed part-way, or lost a race): restore them.
    await Promise.all([putIndexEntries(kv, previous), ensureMonthMarkers(kv, previous)])
    await ensureSection(kv, slug, previous, null)
    return { status: 'updated', article: previous, previous, removed }
  }
  if (draft.seen && previous && !draft.seen.updated) {
    // An edit its source did not date is dated when it was seen.
    ;({ article, removed } = await prepareArticle({ ...datedAsSeen(draft, previous), updated: draft.seen.at }, section, options.now))
  }
  const status = previous ? 'updated' : 'created'
  if (options.dryRun) return { status, article, previous, removed }

  // The month's marker before the record, like the index entries: a record in place means both were written.
  await ensureMonthMarkers(kv, article)
  await putArticle(kv, article)
  let deleted = previous ? await deleteIndexEntries(kv, previous, article) : 0
  const current = await getArticle(kv, article.id)
  if (current && current.hash !== article.hash) deleted += await deleteIndexEntries(kv, article, current)
  if (deleted > 0) await repairIndex(kv, article.id)
  await ensureSection(kv, slug, article, previous)
  return { status, article, previous, removed }
}

/** The record's index entries and month markers are all in place (three reads, in parallel). */
async function inPlace(kv: KVNamespace, article: Article): Promise<boolean> {
  const [entries, months] = await Promise.all([indexEntriesInPlace(kv, article), monthMarkersInPlace(kv, article)])
  return entries && months
}

/**
 * The other half of removeSection's check: after writing into `slug`, the section must still exist. When a
 * delete got in between (it saw the section empty before the entries were written), the write is undone: the
 * previous version comes back, or the article goes.
 */
async function ensureSection(kv: KVNamespace, slug: string, written: Article, previous: Article | null): Promise<void> {
  if (await getSection(kv, slug)) return
  if (previous && previous.section !== slug && (await getSection(kv, previous.section))) {
    await putArticle(kv, previous)
    await deleteIndexEntries(kv, written, previous)
  } else {
    await deleteIndexEntries(kv, written, null)
    await deleteArticleRecord(kv, written.id)
  }
  throw new SectionGoneError(slug)
}

/** The stored article, or null. */
export async function findArticle(kv: KVNamespace, id: string): Promise<Article | null> {
  return getArticle(kv, id)
}

/** Deletes an article and its index entries; returns what was deleted, or null when there was none. */
export async function removeArticle(kv: KVNamespace, id: string): Promise<Article | null> {
  const previous = await getArticle(kv, id)
  if (!previous) return null
  await deleteIndexEntries(kv, previous, null)
  await deleteArticleRecord(kv, id)
  return previous
}
