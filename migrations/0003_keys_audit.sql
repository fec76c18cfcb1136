-- Who may publish what, and what they did: API keys, the audit trail and failed sign-ins per hour.
-- Every query of these tables is in src/store/api-keys.ts and src/store/audit-log.ts.

-- One row per API key. The secret itself is never stored: hash is the hex SHA-256 of the whole key
-- (nashra_{id}_{secret}, 256 random bits), looked up by id and compared in constant time. sections is a JSON
-- array of section slugs (editor and importer keys; [] for admin and viewer, which are not bound to sections).
-- A revoked key keeps its row (revoked, revoked_by) so the trail's names stay explained; it never works again.
CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'importer', 'viewer')),
  sections TEXT NOT NULL,
  hash TEXT NOT NULL,
  created INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  last_used INTEGER,
  revoked INTEGER,
  revoked_by TEXT
) STRICT;
-- Two live keys never share a name: the trail names the key.
CREATE UNIQUE INDEX api_keys_live_name ON api_keys(name) WHERE revoked IS NULL;

-- The audit trail: one row per article write (created, updated, scheduled, unchanged) or delete, appended in the
-- write's own transaction. actor is the key's name at the time, 'ADMIN_TOKEN', or 'pull: {source id}'; key_id the
-- key (null otherwise); door 'api' (one article), 'batch' (POST /api/articles, the importer) or 'pull'. fields is
-- a JSON array of the names of the fields an update changed (names, never contents); title is the article's title
-- when written (for a delete: its last title). seq orders the trail and is never reused (AUTOINCREMENT).
CREATE TABLE audit (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  key_id TEXT,
  door TEXT NOT NULL CHECK (door IN ('api', 'batch', 'pull')),
  article TEXT NOT NULL,
  section TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('created', 'updated', 'deleted', 'scheduled', 'unchanged')),
  fields TEXT,
  title TEXT NOT NULL
) STRICT;
CREATE INDEX audit_by_article ON audit(article, seq);
CREATE INDEX audit_by_key ON audit(key_id, seq);
CREATE INDEX audit_by_time ON audit(at);
-- Rows are never changed: only the retention sweep (AUDIT_RETENTION_DAYS) ever deletes, and only old rows.
CREATE TRIGGER audit_append_only BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit rows are never updated'); END;

-- Failed authentications (a credential sent but not valid) per UTC hour (epoch ms of the hour's start).
CREATE TABLE auth_failures (
  hour INTEGER PRIMARY KEY,
  n INTEGER NOT NULL
) STRICT;
