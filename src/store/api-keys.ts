// Every query of the api_keys and auth_failures tables (migrations/0003_keys_audit.sql). The secret of a key is
// never here: only its SHA-256.
import type { Role } from '../model/roles'
import { all, batch } from './d1'

/** One key as stored. */
export interface KeyRow {
  id: string
  name: string
  role: Role
  sections: string[]
  hash: string
  created: number
  createdBy: string
  lastUsed: number | null
  revoked: number | null
  revokedBy: string | null
}

interface RawKeyRow {
  id: string
  name: string
  role: Role
  sections: string
  hash: string
  created: number
  created_by: string
  last_used: number | null
  revoked: number | null
  revoked_by: string | null
}

function fromRaw(row: RawKeyRow): KeyRow {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    sections: JSON.parse(row.sections) as string[],
    hash: row.hash,
    created: row.created,
    createdBy: row.created_by,
    lastUsed: row.last_used,
    revoked: row.revoked,
    revokedBy: row.revoked_by,
  }
}

/** Stores a new key (1 row written). Throws ConstraintError('unique') when a live key has the name. */
export async function insertKey(db: D1Database, key: Omit<KeyRow, 'lastUsed' | 'revoked' | 'revokedBy'>): Promise<void> {
  await batch(db, [
    db
      .prepare('INSERT INTO api_keys (id, name, role, sections, hash, created, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .bind(key.id, key.name, key.role, JSON.stringify(key.sections), key.hash, key.created, key.createdBy),
  ])
}

/** A key by id, revoked or not (1 row read, by primary key). */
export async function getKey(db: D1Database, id: string): Promise<KeyRow | null> {
  const rows = await all<RawKeyRow>(db.prepare('SELECT * FROM api_keys WHERE id = ?').bind(id))
  return rows[0] ? fromRaw(rows[0]) : null
}

/** Every key, newest first (revoked ones included: the trail names them). */
export async function listKeys(db: D1Database): Promise<KeyRow[]> {
  return (await all<RawKeyRow>(db.prepare('SELECT * FROM api_keys ORDER BY created DESC, id'))).map(fromRaw)
}

/** Revokes a live key; false when there is no live key of that id. */
export async function revokeKey(db: D1Database, id: string, at: number, by: string): Promise<boolean> {
  const results = await batch(db, [db.prepare('UPDATE api_keys SET revoked = ?, revoked_by = ? WHERE id = ? AND revoked IS NULL').bind(at, by, id)])
  return (results[0]?.meta.changes ?? 0) > 0
}

/** Stamps a key's last use to the hour; writes only when the hour changed (at most one write per key an hour). */
export async function touchKey(db: D1Database, id: string, hour: number): Promise<void> {
  await batch(db, [db.prepare('UPDATE api_keys SET last_used = ?1 WHERE id = ?2 AND (last_used IS NULL OR last_used < ?1)').bind(hour, id)])
}

/** Counts one failed authentication in its hour (1 row written). */
export async function countFailure(db: D1Database, hour: number): Promise<void> {
  await batch(db, [db.prepare('INSERT INTO auth_failures (hour, n) VALUES (?, 1) ON CONFLICT (hour) DO UPDATE SET n = n + 1').bind(hour)])
}

/** Failed authentications per hour from `from` to `to` (epoch ms, inclusive), oldest first. */
export async function failuresBetween(db: D1Database, from: number, to: number): Promise<{ hour: number; n: number }[]> {
  return all<{ hour: number; n: number }>(db.prepare('SELECT hour, n FROM auth_failures WHERE hour BETWEEN ? AND ? ORDER BY hour').bind(from, to))
}
