// Every query of the audit table (migrations/0003_keys_audit.sql): the statements a write appends in its own
// D1 transaction, the trail's pages, and the retention sweep. Nothing here updates a row (a trigger refuses it).
import { all, batch } from './d1'

export type AuditAction = 'created' | 'updated' | 'deleted' | 'scheduled' | 'unchanged'
export type AuditDoor = 'api' | 'batch' | 'pull'

/** Who wrote, and through which door. */
export interface AuditActor {
  name: string
  keyId: string | null
  door: AuditDoor
}

/** One row of the trail. */
export interface AuditRow {
  seq: number
  at: number
  actor: string
  keyId: string | null
  door: AuditDoor
  article: string
  section: string
  action: AuditAction
  fields: string[] | null
  title: string
}

const COLUMNS = 'INSERT INTO audit (at, actor, key_id, door, article, section, action, fields, title) '

/**
 * The row of an article write, for indexArticle's transaction, placed before its row changes: the action is read
 * there from the row as it was (none: `created`; the same hash: `unchanged`; else `updated`), so it agrees with
 * the status the write answers even under concurrent writes. `scheduled` replaces created/updated for an article
 * published after the write. `fields` (JSON) is kept for updates only.
 */
export function auditWrite(
  db: D1Database,
  actor: AuditActor,
  at: number,
  article: { id: string; section: string; title: string; hash: string },
  scheduled: boolean,
  fields: string[],
): D1PreparedStatement {
  return db
    .prepare(
      COLUMNS +
        'SELECT ?1, ?2, ?3, ?4, ?5, ?6, ' +
        'CASE WHEN NOT EXISTS (SELECT 1 FROM articles WHERE id = ?5) THEN ?7 WHEN EXISTS (SELECT 1 FROM articles WHERE id = ?5 AND hash = ?8) THEN ?9 ELSE ?10 END, ' +
        'CASE WHEN EXISTS (SELECT 1 FROM articles WHERE id = ?5 AND hash <> ?8) THEN ?11 END, ?12',
    )
    .bind(at, actor.name, actor.keyId, actor.door, article.id, article.section, scheduled ? 'scheduled' : 'created', article.hash, 'unchanged', scheduled ? 'scheduled' : 'updated', JSON.stringify(fields), article.title)
}

/**
 * The row of a delete, for unindexArticle's transaction before its row goes (nothing when there is no row). The
 * last title is the record's; when that is lost, the last one the trail holds.
 */
export function auditDelete(db: D1Database, actor: AuditActor, at: number, id: string, title: string | null): D1PreparedStatement {
  return db
    .prepare(
      COLUMNS +
        "SELECT ?1, ?2, ?3, ?4, id, section, 'deleted', NULL, coalesce(?6, (SELECT title FROM audit WHERE article = ?5 ORDER BY seq DESC LIMIT 1), '') FROM articles WHERE id = ?5",
    )
    .bind(at, actor.name, actor.keyId, actor.door, id, title)
}

/** Appends one row on its own (a write that changed nothing, or a record written back): 1 row written. */
export async function appendAudit(db: D1Database, actor: AuditActor, at: number, row: { article: string; section: string; action: AuditAction; fields: string[] | null; title: string }): Promise<void> {
  await batch(db, [
    db
      .prepare(COLUMNS + 'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .bind(at, actor.name, actor.keyId, actor.door, row.article, row.section, row.action, row.fields === null ? null : JSON.stringify(row.fields), row.title),
  ])
}

export interface AuditQuery {
  from?: number | undefined
  to?: number | undefined
  article?: string | undefined
  keyId?: string | undefined
  /** The seq of the last row of the previous page: this page is older. */
  before?: number | undefined
  limit: number
}

interface RawAuditRow {
  seq: number
  at: number
  actor: string
  key_id: string | null
  door: AuditDoor
  article: string
  section: string
  action: AuditAction
  fields: string | null
  title: string
}

/** A page of the trail, newest first; reads at most `limit` + 1 rows through an index. */
export async function listAudit(db: D1Database, query: AuditQuery): Promise<{ rows: AuditRow[]; more: boolean }> {
  const where: string[] = []
  const params: unknown[] = []
  const add = (clause: string, value: unknown) => {
    where.push(clause)
    params.push(value)
  }
  if (query.article !== undefined) add('article = ?', query.article)
  if (query.keyId !== undefined) add('key_id = ?', query.keyId)
  if (query.from !== undefined) add('at >= ?', query.from)
  if (query.to !== undefined) add('at <= ?', query.to)
  if (query.before !== undefined) add('seq < ?', query.before)
  const sql = `SELECT * FROM audit ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`
  const raw = await all<RawAuditRow>(db.prepare(sql).bind(...params, query.limit + 1))
  const rows = raw.slice(0, query.limit).map((r) => ({
    seq: r.seq,
    at: r.at,
    actor: r.actor,
    keyId: r.key_id,
    door: r.door,
    article: r.article,
    section: r.section,
    action: r.action,
    fields: r.fields === null ? null : (JSON.parse(r.fields) as string[]),
    title: r.title,
  }))
  return { rows, more: raw.length > query.limit }
}

/** The retention sweep: deletes rows older than `before` (epoch ms); returns how many went. */
export async function pruneAudit(db: D1Database, before: number): Promise<number> {
  const results = await batch(db, [db.prepare('DELETE FROM audit WHERE at < ?').bind(before)])
  return results[0]?.meta.changes ?? 0
}
