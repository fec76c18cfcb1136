// The index in D1: which article is published where and when, its filters and search text, each scope's months
// and last change. Reads are bounded (LIMIT on an index); each write is one batch, so one transaction.
import { identityKey, normalizeArabic, searchWords } from '../model/arabic'
import { baghdadMonth, fromBaghdad } from '../model/dates'
import type { Article, Section } from '../model/types'
import { all, batch } from './d1'
import { SITE_SCOPE } from './keys'

/** Articles one second can hold in the sort key: sk = publication second × SK_SPAN + place in that second. */
export const SK_SPAN = 2 ** 21

/** One index row: what a feed needs to list, filter, validate and read an article. */
export interface IndexEntry {
  sk: number
  id: string
  section: string
  published: number
  updated: number
  hash: string
  /** The KV record of this version (store/keys.ts articleKey). */
  version: string
}

export interface Month {
  year: number
  month: number
}

/** The lowest sort key of the second `ms` falls in. */
export function skFloor(ms: number): number {
  return Math.floor(ms / 1000) * SK_SPAN
}

/** The highest sort key published at or before `now`: what a request at `now` may show. */
export function visibleSk(now: number): number {
  return skFloor(now) + SK_SPAN - 1
}

/** The sort keys of one Baghdad month, inclusive. */
export function monthSkRange({ year, month }: Month): [number, number] {
  const next = month === 12 ? fromBaghdad(year + 1, 1, 1) : fromBaghdad(year, month + 1, 1)
  return [skFloor(fromBaghdad(year, month, 1)), skFloor(next) - 1]
}

/** The Baghdad month of an instant as a number, YYYYMM. */
export function monthNumber(ms: number): number {
  const { year, month } = baghdadMonth(ms)
  return year * 100 + month
}

/** The Baghdad month a sort key is in. */
export function skMonth(sk: number): Month {
  return baghdadMonth(Math.floor(sk / SK_SPAN) * 1000)
}

/** A name as the search table's facets hold it: its identity key, without the separator. */
export function facetKey(text: string): string {
  return identityKey(text).replace(/\|/g, ' ')
}

function quote(text: string): string {
  return `"${text.replace(/"/g, '""')}"`
}


export interface IndexFilter {
  tag?: string | undefined
  author?: string | undefined
  q?: string | undefined
}

/**
 * The FTS5 expression of a scope and its filters, or null when nothing is filtered (the plain index serves it).
 * Tag and author match whole values (by identity key); every word of `q` must occur in the title or summary.
 */
export function matchExpression(scope: string, filter: IndexFilter): string | null {
  const facets: string[] = []
  if (filter.tag !== undefined) facets.push(`t:${facetKey(filter.tag)}`)
  if (filter.author !== undefined) facets.push(`a:${facetKey(filter.author)}`)
  const words = filter.q === undefined ? [] : searchWords(filter.q)
  if (facets.length === 0 && words.length === 0) return null
  if (scope !== SITE_SCOPE) facets.unshift(`s:${scope}`)
  return [...facets.map((f) => `facets:${quote(`|${f}|`)}`), ...words.map((w) => `body:${quote(w)}`)].join(' AND ')
}

/** What one listing asks: a scope, newest or oldest first between two sort keys, `limit` rows. */
export interface Listing {
  /** A section slug, or SITE_SCOPE. */
  scope: string
  /** FTS5 expression (matchExpression), or null. */
  match: string | null
  /** Rows with sk at most this. */
  upTo: number
  /** Rows with sk greater than this. */
  after: number
  order: 'newest' | 'oldest'
  limit: number
}

const COLUMNS = 'articles.sk AS sk, articles.id AS id, articles.section AS section, articles.published AS published, articles.updated AS updated, articles.hash AS hash, articles.version AS version'

function listing(db: D1Database, l: Listing): D1PreparedStatement {
  const order = l.order === 'newest' ? 'DESC' : 'ASC'
  if (l.match !== null) {
    return db
      .prepare(
        `SELECT ${COLUMNS} FROM article_search JOIN articles ON articles.sk = article_search.rowid ` +
          `WHERE article_search MATCH ? AND article_search.rowid <= ? AND article_search.rowid > ? ORDER BY article_search.rowid ${order} LIMIT ?`,
      )
      .bind(l.match, l.upTo, l.after, l.limit)
  }
  if (l.scope === SITE_SCOPE) {
    return db.prepare(`SELECT ${COLUMNS} FROM articles WHERE sk <= ? AND sk > ? ORDER BY sk ${order} LIMIT ?`).bind(l.upTo, l.after, l.limit)
  }
  return db
    .prepare(`SELECT ${COLUMNS} FROM articles WHERE section = ? AND sk <= ? AND sk > ? ORDER BY sk ${order} LIMIT ?`)
    .bind(l.scope, l.upTo, l.after, l.limit)
}

interface SectionRow {
  slug: string
  name: string
  description: string
  position: number
  updated: number
}

function toSection(row: SectionRow): Section {
  return { slug: row.slug, name: row.name, description: row.description, order: row.position, updated: row.updated }
}

/** What a feed request learns from the index in one round trip. */
export interface ScopeRead {
  /** The section (null for the site-wide scope, or when there is no such section). */
  section: Section | null
  /** When the scope last changed (0: never written), epoch ms. */
  changed: number
  /** The earliest scheduled article (published after `visibleAt`) of the scope, epoch ms; null when none. */
  nextScheduled: number | null
  /** One list of entries per listing asked, in its order. */
  listings: IndexEntry[][]
  /** D1 rows read, as billed. */
  rowsRead: number
}

/**
 * Reads a scope in one D1 batch: its section, its last change, its next scheduled article and `listings`.
 * Rows read: 1 + 1 + 1 + the rows each listing returns (an index range with LIMIT).
 */
export async function readScope(db: D1Database, scope: string, visibleAt: number, listings: Listing[]): Promise<ScopeRead> {
  const site = scope === SITE_SCOPE
  const statements = [
    site ? db.prepare('SELECT NULL AS slug WHERE 0') : db.prepare('SELECT slug, name, description, position, updated FROM sections WHERE slug = ?').bind(scope),
    db.prepare('SELECT changed FROM scopes WHERE scope = ?').bind(scope),
    site
      ? db.prepare('SELECT published FROM articles WHERE sk > ? ORDER BY sk LIMIT 1').bind(visibleSk(visibleAt))
      : db.prepare('SELECT published FROM articles WHERE section = ? AND sk > ? ORDER BY sk LIMIT 1').bind(scope, visibleSk(visibleAt)),
    ...listings.map((l) => listing(db, l)),
  ]
  const results = await batch(db, statements)
  const sectionRow = results[0]!.results[0] as SectionRow | undefined
  const changed = (results[1]!.results[0] as { changed?: number } | undefined)?.changed ?? 0
  const next = (results[2]!.results[0] as { published?: number } | undefined)?.published ?? null
  return {
    section: sectionRow?.slug ? toSection(sectionRow) : null,
    changed,
    nextScheduled: next,
    listings: results.slice(3).map((r) => r.results as unknown as IndexEntry[]),
    rowsRead: results.reduce((sum, r) => sum + (r.meta?.rows_read ?? 0), 0),
  }
}

/** The index row of one article, or null. */
export async function getEntry(db: D1Database, id: string): Promise<IndexEntry | null> {
  const rows = await all<IndexEntry>(db.prepare('SELECT sk, id, section, published, updated, hash, version FROM articles WHERE id = ?').bind(id))
  return rows[0] ?? null
}

/** The newest `limit` visible entries of each section, in one batch (the directory page). */
export async function newestPerSection(db: D1Database, slugs: string[], limit: number, visibleAt: number): Promise<{ entries: IndexEntry[][]; nextScheduled: (number | null)[] }> {
  if (slugs.length === 0) return { entries: [], nextScheduled: [] }
  const upTo = visibleSk(visibleAt)
  const statements = slugs.flatMap((slug) => [
    listing(db, { scope: slug, match: null, upTo, after: -1, order: 'newest', limit }),
    db.prepare('SELECT published FROM articles WHERE section = ? AND sk > ? ORDER BY sk LIMIT 1').bind(slug, upTo),
  ])
  const results = await batch(db, statements)
  const entries: IndexEntry[][] = []
  const nextScheduled: (number | null)[] = []
  for (let i = 0; i < results.length; i += 2) {
    entries.push(results[i]!.results as unknown as IndexEntry[])
    nextScheduled.push((results[i + 1]!.results[0] as { published?: number } | undefined)?.published ?? null)
  }
  return { entries, nextScheduled }
}

/** Sections with an article published in (since, now]: a scheduled article came due there. Rows read: those articles. */
export async function sectionsPublishedBetween(db: D1Database, since: number, now: number): Promise<string[]> {
  const rows = await all<{ section: string }>(
    db.prepare('SELECT DISTINCT section FROM articles WHERE sk > ? AND sk <= ?').bind(visibleSk(since), visibleSk(now)),
  )
  return rows.map((r) => r.section)
}

/** The Baghdad months that have articles in a scope, newest first (scheduled ones counted too). */
export async function monthsWithArticles(db: D1Database, scope: string): Promise<Month[]> {
  const rows = await all<{ month: number }>(db.prepare('SELECT month FROM months WHERE scope = ? AND n > 0 ORDER BY month DESC').bind(scope))
  return rows.map((r) => ({ year: Math.floor(r.month / 100), month: r.month % 100 }))
}

/**
 * What a write needs to know first, in one round trip: the article's row (null when new) and the first spelling
 * stored for each of its tag and author keys (by `t:key` / `a:key`; absent keys are new).
 */
export async function beforeWrite(db: D1Database, id: string, tagKeys: string[], authorKeys: string[]): Promise<{ entry: IndexEntry | null; spellings: Map<string, string> }> {
  const results = await batch(db, [
    db.prepare('SELECT sk, id, section, published, updated, hash, version FROM articles WHERE id = ?').bind(id),
    db
      .prepare("SELECT kind, key, name FROM names WHERE (kind = 't' AND key IN (SELECT value FROM json_each(?))) OR (kind = 'a' AND key IN (SELECT value FROM json_each(?)))")
      .bind(JSON.stringify(tagKeys), JSON.stringify(authorKeys)),
  ])
  const rows = results[1]!.results as { kind: string; key: string; name: string }[]
  return { entry: (results[0]!.results[0] as IndexEntry | undefined) ?? null, spellings: new Map(rows.map((r) => [`${r.kind}:${r.key}`, r.name])) }
}

function bumpScopes(db: D1Database, now: number, condition: string, ...params: unknown[]): D1PreparedStatement {
  // The parenthesised SELECT keeps SQLite's upsert parser from reading ON CONFLICT as a join constraint.
  return db
    .prepare(
      `INSERT INTO scopes (scope, changed) SELECT scope, ? FROM (${condition}) WHERE true ` +
        'ON CONFLICT (scope) DO UPDATE SET changed = max(changed, excluded.changed)',
    )
    .bind(now, ...params)
}

/** Statements that take an existing row of `id` out of the months and the search table (none when there is none). */
function unindex(db: D1Database, id: string): D1PreparedStatement[] {
  return [
    db
      .prepare("UPDATE months SET n = n - 1 WHERE scope IN ((SELECT section FROM articles WHERE id = ?1), '_all') AND month = (SELECT month FROM articles WHERE id = ?1)")
      .bind(id),
    db.prepare('DELETE FROM article_search WHERE rowid = (SELECT sk FROM articles WHERE id = ?)').bind(id),
  ]
}

/** The search text and facets of an article, as the search table holds them. */
export function searchFields(article: Pick<Article, 'title' | 'summary' | 'section' | 'tags' | 'authors'>): { body: string; facets: string } {
  const facets = [`s:${article.section}`, ...article.tags.map((t) => `t:${facetKey(t)}`), ...article.authors.map((a) => `a:${facetKey(a.name)}`)]
  return { body: normalizeArabic(`${article.title} ${article.summary}`), facets: facets.map((f) => `|${f}|`).join(' ') }
}

/**
 * Indexes `article` in one transaction: its row (a new sort key only when its publication time changed), its
 * search text and facets, its months, its tags' and authors' first spellings, and the change time of every scope
 * it enters or leaves (only when its hash changed). Returns the row as it was before, read inside the same
 * transaction: exactly one of several concurrent first writes of an id sees none. Throws ConstraintError
 * ('foreign-key') when its section does not exist (deleted meanwhile): then nothing was written. `extra` statements
 * (the audit row) run in the same transaction right after the first read, so they see the row as it was.
 */
export async function indexArticle(db: D1Database, article: Article, version: string, now: number, extra: D1PreparedStatement[] = []): Promise<IndexEntry | null> {
  const month = monthNumber(article.published)
  const base = skFloor(article.published)
  const { body, facets } = searchFields(article)
  const names = [
    ...article.tags.map((t) => ['t', facetKey(t), t]),
    ...article.authors.map((a) => ['a', facetKey(a.name), a.name]),
  ]
  const changedScopes = "SELECT section AS scope FROM articles WHERE id = ?1 AND hash <> ?2 UNION SELECT ?3 WHERE NOT EXISTS (SELECT 1 FROM articles WHERE id = ?1 AND hash = ?2) UNION SELECT '_all' WHERE NOT EXISTS (SELECT 1 FROM articles WHERE id = ?1 AND hash = ?2)"
  const statements = [
    db.prepare('SELECT sk, id, section, published, updated, hash, version FROM articles WHERE id = ?').bind(article.id),
    ...extra,
    bumpScopes(db, now, changedScopes.replace(/\?(\d)/g, (_, n: string) => `?${Number(n) + 1}`), article.id, article.hash, article.section),
    ...unindex(db, article.id),
    db
      .prepare('UPDATE articles SET section = ?, updated = ?, hash = ?, version = ?, month = ? WHERE id = ? AND published = ?')
      .bind(article.section, article.updated, article.hash, version, month, article.id, article.published),
    db.prepare('DELETE FROM articles WHERE id = ? AND published <> ?').bind(article.id, article.published),
    db
      .prepare(
        'INSERT INTO articles (sk, id, section, published, updated, hash, version, month) ' +
          'SELECT (SELECT coalesce(max(sk) + 1, ?1) FROM articles WHERE sk >= ?1 AND sk < ?1 + ?2), ?3, ?4, ?5, ?6, ?7, ?9, ?8 ' +
          'WHERE NOT EXISTS (SELECT 1 FROM articles WHERE id = ?3)',
      )
      .bind(base, SK_SPAN, article.id, article.section, article.published, article.updated, article.hash, month, version),
    db.prepare('INSERT INTO article_search (rowid, body, facets) SELECT sk, ?, ? FROM articles WHERE id = ?').bind(body, facets, article.id),
    db
      .prepare("INSERT INTO months (scope, month, n) VALUES (?1, ?2, 1), ('_all', ?2, 1) ON CONFLICT (scope, month) DO UPDATE SET n = n + 1")
      .bind(article.section, month),
    // One parameter (JSON), whatever the count: D1 binds at most 100 per statement, and 30 tags and 20 authors
    // would take 150.
    ...(names.length > 0
      ? [
          db
            .prepare("INSERT OR IGNORE INTO names (kind, key, name) SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]') FROM json_each(?) ORDER BY json_each.key")
            .bind(JSON.stringify(names)),
        ]
      : []),
  ]
  const results = await batch(db, statements)
  return (results[0]!.results[0] as IndexEntry | undefined) ?? null
}

/**
 * Takes an article out of the index in one transaction; returns its row as it was, or null when there was none.
 * `extra` statements (the audit row) run in it right after the first read, before the row goes.
 */
export async function unindexArticle(db: D1Database, id: string, now: number, extra: D1PreparedStatement[] = []): Promise<IndexEntry | null> {
  const results = await batch(db, [
    db.prepare('SELECT sk, id, section, published, updated, hash, version FROM articles WHERE id = ?').bind(id),
    ...extra,
    bumpScopes(db, now, "SELECT section AS scope FROM articles WHERE id = ?2 UNION SELECT '_all' WHERE EXISTS (SELECT 1 FROM articles WHERE id = ?2)", id),
    ...unindex(db, id),
    db.prepare('DELETE FROM articles WHERE id = ?').bind(id),
  ])
  return (results[0]!.results[0] as IndexEntry | undefined) ?? null
}

/** A page of a scope for editors (scheduled articles included), newest first, from before `before`. */
export async function listForEditors(db: D1Database, scope: string, before: number | null, limit: number): Promise<IndexEntry[]> {
  return all<IndexEntry>(listing(db, { scope, match: null, upTo: before === null ? Number.MAX_SAFE_INTEGER : before - 1, after: -1, order: 'newest', limit }))
}

// Sections.

/** Every section, in directory order (then by slug): one query. */
export async function listSectionRows(db: D1Database): Promise<Section[]> {
  return (await all<SectionRow>(db.prepare('SELECT slug, name, description, position, updated FROM sections ORDER BY position, slug'))).map(toSection)
}

export async function getSectionRow(db: D1Database, slug: string): Promise<Section | null> {
  const rows = await all<SectionRow>(db.prepare('SELECT slug, name, description, position, updated FROM sections WHERE slug = ?').bind(slug))
  return rows[0] ? toSection(rows[0]) : null
}

/**
 * Creates or changes a section and marks its scope and the site-wide one changed, in one transaction. Throws
 * ConstraintError ('unique') when another section's name has the same identity key.
 */
export async function putSectionRow(db: D1Database, section: Section, now: number): Promise<void> {
  await batch(db, [
    db
      .prepare(
        'INSERT INTO sections (slug, name, name_key, description, position, updated) VALUES (?, ?, ?, ?, ?, ?) ' +
          'ON CONFLICT (slug) DO UPDATE SET name = excluded.name, name_key = excluded.name_key, description = excluded.description, position = excluded.position, updated = excluded.updated',
      )
      .bind(section.slug, section.name, identityKey(section.name), section.description, section.order, section.updated),
    bumpScopes(db, now, "SELECT ?2 AS scope UNION SELECT '_all'", section.slug),
  ])
}

/** Deletes a section if it has no article, in one statement: 'deleted', 'missing' or 'not-empty'. */
export async function deleteSectionRow(db: D1Database, slug: string, now: number): Promise<'deleted' | 'missing' | 'not-empty'> {
  const results = await batch(db, [
    db.prepare('DELETE FROM sections WHERE slug = ?1 AND NOT EXISTS (SELECT 1 FROM articles WHERE section = ?1)').bind(slug),
    db.prepare('SELECT EXISTS (SELECT 1 FROM sections WHERE slug = ?) AS still').bind(slug),
    bumpScopes(db, now, "SELECT ?2 AS scope UNION SELECT '_all'", slug),
  ])
  if ((results[0]!.meta.changes ?? 0) > 0) return 'deleted'
  return (results[1]!.results[0] as { still: number }).still ? 'not-empty' : 'missing'
}

/** True when the section has any article (scheduled included): one row. */
export async function sectionHasArticles(db: D1Database, slug: string): Promise<boolean> {
  return (await all(db.prepare('SELECT 1 FROM articles WHERE section = ? LIMIT 1').bind(slug))).length > 0
}

/** The month `yyyymm` as a Month. */
export function toMonth(yyyymm: number): Month {
  return { year: Math.floor(yyyymm / 100), month: yyyymm % 100 }
}

export { baghdadMonth }
