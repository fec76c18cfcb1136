// The one write path: every door (API, importer, upstream pull, seeding, tests) comes here.
import { identityKey } from '../model/arabic'
import type { Article, ArticleDraft, Section } from '../model/types'
import { deleteRecord, getRecord, newVersion, putRecord } from '../store/articles'
import { ConstraintError, type Stores, withRetry } from '../store/d1'
import { type IndexEntry, beforeWrite, getEntry, indexArticle, unindexArticle } from '../store/feed-index'
import { auditDelete } from '../store/audit-log'
import { type AuditActor, auditAlone, auditStatements } from './audit'
import { SITE_SCOPE } from '../store/keys'
import { getSection } from '../store/sections'
import { InvalidDraftError, prepareArticle } from './prepare'
import { plainText } from './plain-text'
import type { Removed } from './sanitize'

export type WriteStatus = 'created' | 'updated' | 'unchanged'

/** The article's section was deleted while it was being written: nothing was stored. */
export class SectionGoneError extends Error {
  constructor(readonly slug: string) {
    super(`the section "${slug}" was deleted while the article was written; nothing was stored`)
  }
}

/** The caller's key may not write the section (the article's new one, or the one it is in): nothing was stored. */
export class SectionForbiddenError extends Error {
  constructor(readonly slug: string) {
    super(`this key may not write articles in the section "${slug}"`)
  }
}

/** Where an article was, as the index had it. */
export type Placement = Pick<IndexEntry, 'id' | 'section' | 'published' | 'updated' | 'hash' | 'version'>

/** Where a write put or took an article: all that its effects depend on. */
export type Where = Pick<Placement, 'section' | 'published'>

export interface WriteResult {
  status: WriteStatus
  article: Article
  /** Where it was before (null when created): the feeds it was in changed too. */
  previous: Placement | null
  removed: Removed
}

export interface WriteOptions {
  /** The caller's clock, epoch ms (read in a route, or the pull's scheduled time): a publication may be up to a year after it. */
  now: number
  /** Sections already read (a batch), sparing a read per article. */
  sections?: ReadonlyMap<string, Section>
  /** Validate and report, write nothing. */
  dryRun?: boolean
  /** Who writes: appends a row to the audit trail (publish/audit.ts). */
  actor?: AuditActor
  /** The sections the caller may write (null or absent: all); the article's current section must be one too. */
  sectionsAllowed?: ReadonlySet<string> | null
}

/** What a write changed: the scopes whose cached copies are stale, and the sections whose feeds show it now. */
export interface WriteEffects {
  /** Index scopes to purge (sections and the site-wide scope), scheduled articles included. */
  purge: string[]
  /** Sections whose visible feeds changed at `now` (a WebSub ping); a scheduled article pings when due. */
  ping: string[]
}

/**
 * The effects of article writes and deletes: the one place the API, the batch, the cron pull and the scheduler
 * learn what to purge and ping. `placements` are each write's article and previous placement (either may be null).
 */
export function writeEffects(placements: (Where | null)[], now: number): WriteEffects {
  const present = placements.filter((p): p is Where => p !== null)
  const purge = [...new Set(present.map((p) => p.section))]
  const ping = [...new Set(present.filter((p) => p.published <= now).map((p) => p.section))]
  return { purge: purge.length > 0 ? [...purge, SITE_SCOPE] : [], ping }
}

/** Both sets of effects, each scope and section once. */
export function mergeEffects(a: WriteEffects, b: WriteEffects): WriteEffects {
  return { purge: [...new Set([...a.purge, ...b.purge])], ping: [...new Set([...a.ping, ...b.ping])] }
}

/**
 * An ingested draft dated from what is stored where its source gave no date: an undated item keeps the time
 * it was first seen, and an undated one keeps its last update time until its content changes.
 */
function datedAsSeen(draft: ArticleDraft, previous: Placement | null): ArticleDraft {
  if (!draft.seen || !previous) return draft
  const published = draft.seen.published ? draft.published : previous.published
  const updated = draft.seen.updated ? draft.updated : previous.updated
  return { ...draft, published, ...(updated === undefined ? {} : { updated }) }
}

/** The identity keys of a draft's tags and authors, for their first spellings. */
function nameKeys(draft: ArticleDraft): { tags: string[]; authors: string[] } {
  const keys = (values: string[]) => [...new Set(values.map((v) => identityKey(plainText(v))).filter(Boolean))]
  return { tags: keys(draft.tags ?? []), authors: keys((draft.authors ?? []).map((a) => a.name)) }
}

/**
 * Validates, sanitizes and stores `draft`: the version's record in KV first (its own key, never rewritten),
 * then the index in one D1 transaction, which also tells what was there before. Writing the same article twice
 * changes nothing (status `unchanged`, no write), so feeds keep their ETag. Of concurrent writes of one id, the
 * index keeps the last, and exactly one first write is `created`. A section deleted meanwhile fails the
 * transaction (its foreign key): SectionGoneError, nothing indexed. Throws InvalidDraftError.
 */
export async function saveArticle(stores: Stores, draft: ArticleDraft, options: WriteOptions): Promise<WriteResult> {
  const { kv, db } = stores
  const slug = draft.section.normalize('NFC')
  const section = options.sections?.get(slug) ?? (await getSection(db, slug))
  if (!section) throw new InvalidDraftError([{ field: 'section', detail: `no section "${slug}"` }])
  const keys = nameKeys(draft)
  const { entry: previous, spellings } = await beforeWrite(db, draft.id.trim(), keys.tags, keys.authors)
  for (const where of [slug, previous?.section]) {
    if (options.sectionsAllowed && where !== undefined && !options.sectionsAllowed.has(where)) throw new SectionForbiddenError(where)
  }
  let { article, removed } = await prepareArticle(datedAsSeen(draft, previous), section, options.now, spellings)
  if (draft.seen && previous && !draft.seen.updated && previous.hash !== article.hash) {
    // An edit its source did not date is dated when it was seen.
    ;({ article, removed } = await prepareArticle({ ...datedAsSeen(draft, previous), updated: draft.seen.at }, section, options.now, spellings))
  }
  let lost = false
  if (previous && previous.hash === article.hash) {
    if (options.dryRun) return { status: 'unchanged', article, previous, removed }
    if (await getRecord(kv, article.id, previous.version)) {
      await auditAlone(stores, options.actor, options.now, article, 'unchanged')
      return { status: 'unchanged', article, previous, removed }
    }
    // Indexed, but its record is gone (lost by KV): written again below, as a new version.
    lost = true
  }
  if (options.dryRun) return { status: previous ? 'updated' : 'created', article, previous, removed }

  const version = newVersion(article)
  await withRetry(() => putRecord(kv, article, version))
  const audit = await auditStatements(stores, options.actor, options.now, article, previous)
  let before: IndexEntry | null
  try {
    before = await withRetry(() => indexArticle(db, article, version, options.now, audit))
  } catch (error) {
    // Nothing was indexed: the record just written is named by nothing.
    await deleteRecord(kv, article.id, version).catch(() => undefined)
    if (error instanceof ConstraintError && error.kind === 'foreign-key') throw new SectionGoneError(slug)
    throw error
  }
  // The version this transaction replaced is named by nothing now, nor ever again (versions are never reused).
  if (before) await dropVersion(kv, before)
  const status: WriteStatus = before === null ? 'created' : before.hash !== article.hash || lost ? 'updated' : 'unchanged'
  return { status, article, previous: before, removed }
}

/** Deletes a version the index no longer names; a failure leaves only an unreferenced key. */
async function dropVersion(kv: KVNamespace, entry: Pick<IndexEntry, 'id' | 'version'>): Promise<void> {
  try {
    await deleteRecord(kv, entry.id, entry.version)
  } catch (error) {
    console.warn(`article ${entry.id}: old version ${entry.version} not deleted: ${error instanceof Error ? error.message : String(error)}`)
  }
}

/** The stored article (the version the index names), or null. */
export async function findArticle(stores: Stores, id: string): Promise<Article | null> {
  const entry = await getEntry(stores.db, id)
  return entry ? getRecord(stores.kv, id, entry.version) : null
}

/**
 * Deletes an article: out of the index first (one transaction: no feed lists it any more, and every scope it was
 * in is marked changed, so no validator answers 304 for a copy that showed it; the audit row, with the last
 * title, goes in the same transaction), then its record. Returns where it was, or null when there was none.
 * Throws SectionForbiddenError when `options.sectionsAllowed` does not hold its section.
 */
export async function removeArticle(stores: Stores, id: string, now: number, options: Pick<WriteOptions, 'actor' | 'sectionsAllowed'> = {}): Promise<Placement | null> {
  const extra: D1PreparedStatement[] = []
  if (options.actor || options.sectionsAllowed) {
    const entry = await getEntry(stores.db, id)
    if (!entry) return null
    if (options.sectionsAllowed && !options.sectionsAllowed.has(entry.section)) throw new SectionForbiddenError(entry.section)
    if (options.actor) extra.push(auditDelete(stores.db, options.actor, now, id, (await getRecord(stores.kv, id, entry.version))?.title ?? null))
  }
  const before = await withRetry(() => unindexArticle(stores.db, id, now, extra))
  if (!before) return null
  // Out of the index already: a record KV fails to delete is named by nothing, so the delete still succeeded.
  await dropVersion(stores.kv, before)
  return before
}
