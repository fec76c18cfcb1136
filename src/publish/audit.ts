// The audit trail as the write path sees it: who writes (an API key, ADMIN_TOKEN or the pull) and which fields
// of an article an update changed (names only, never contents).
import type { Principal } from '../model/roles'
import type { Article } from '../model/types'
import { getRecord } from '../store/articles'
import { type AuditActor, type AuditDoor, appendAudit, auditWrite, pruneAudit } from '../store/audit-log'
import { type Stores, withRetry } from '../store/d1'

export type { AuditActor } from '../store/audit-log'

/** The fields an update may change, in the article's own order (the API's names). */
const FIELDS = ['section', 'title', 'summary', 'content', 'url', 'authors', 'published', 'updated', 'tags', 'dateline', 'image'] as const

/** The names of the fields whose values differ between two versions of an article. */
export function changedFields(before: Article, after: Article): string[] {
  return FIELDS.filter((field) => JSON.stringify(before[field] ?? null) !== JSON.stringify(after[field] ?? null))
}

/** The actor of a request by a key or the ADMIN_TOKEN. */
export function actorOf(principal: Principal, door: AuditDoor): AuditActor {
  return { name: principal.name, keyId: principal.keyId, door }
}

/** The actor of the scheduled pull of one source. */
export function pullActor(sourceId: string): AuditActor {
  return { name: `pull: ${sourceId}`, keyId: null, door: 'pull' }
}

/** Unchanged writes of the pull are not recorded: it re-reads up to 50 items of every source every few minutes. */
export function recordsUnchanged(actor: AuditActor): boolean {
  return actor.door !== 'pull'
}

/**
 * The audit statement for indexArticle's transaction: for an update, the previous version's record is read (1 KV
 * read) to name the fields that changed.
 */
export async function auditStatements(stores: Stores, actor: AuditActor | undefined, now: number, article: Article, previous: { hash: string; version: string } | null): Promise<D1PreparedStatement[]> {
  if (!actor) return []
  const before = previous && previous.hash !== article.hash ? await getRecord(stores.kv, article.id, previous.version) : null
  return [auditWrite(stores.db, actor, now, article, article.published > now, before ? changedFields(before, article) : [])]
}

/** Records a write that did not go through the index's transaction (unchanged, or a lost record written back). */
export async function auditAlone(stores: Stores, actor: AuditActor | undefined, now: number, article: Article, action: 'unchanged' | 'updated'): Promise<void> {
  if (!actor || (action === 'unchanged' && !recordsUnchanged(actor))) return
  await withRetry(() => appendAudit(stores.db, actor, now, { article: article.id, section: article.section, action, fields: action === 'updated' ? [] : null, title: article.title }))
}

const DAY_MS = 86_400_000

/**
 * The retention sweep, run by the cron: with AUDIT_RETENTION_DAYS set (a whole number of days, at least 1),
 * deletes the trail's rows older than that; unset keeps every row forever. Returns how many rows went.
 */
export async function sweepTrail(db: D1Database, retentionDays: string | undefined, now: number): Promise<number> {
  if (retentionDays === undefined || retentionDays === '') return 0
  const days = Number(retentionDays)
  if (!Number.isInteger(days) || days < 1) throw new Error(`AUDIT_RETENTION_DAYS must be a whole number of days, at least 1; got "${retentionDays}"`)
  return pruneAudit(db, now - days * DAY_MS)
}
