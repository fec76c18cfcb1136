// Every query of the audience tables (migrations/0004_audience.sql): a flush of an isolate's pending counts, the
// day's roll-up, the monthly retention and the statistics' reads.
//
// D1 cost (rows written, as D1 bills them; each table is WITHOUT ROWID, so a row is one b-tree write): a seen row
// is 1 row written when new or raised, 0 when a flush repeats one; a counter row (polls, embeds) 1 per flush.
import { all, batch } from './d1'

/** A day row of from..to (?1, ?2), or a month row (YYYY-MM) of a month they touch. */
const IN_RANGE = '(day BETWEEN ?1 AND ?2 OR (length(day) = 7 AND day BETWEEN substr(?1, 1, 7) AND substr(?2, 1, 7)))'

/** One follower of one feed on one day: `who` is a keyed hash; `n` 1 for a direct reader, else the stated count. */
export interface SeenRow {
  day: string
  feed: string
  who: string
  reader: string
  n: number
}

/** Polls of one feed on one day by readers (`agent` '') or by one crawler; `notModified` of them answered 304. */
export interface PollRow {
  day: string
  feed: string
  agent: string
  polls: number
  notModified: number
}

export interface EmbedRow {
  day: string
  section: string
  ref: string
  views: number
}

/** Writes pending counts in one batch (one transaction, one round trip); returns the rows written. */
export async function flushAudience(db: D1Database, seen: SeenRow[], polls: PollRow[], embeds: EmbedRow[]): Promise<number> {
  const statements = [
    ...seen.map((r) =>
      db
        .prepare('INSERT INTO audience_seen (day, feed, who, reader, n) VALUES (?, ?, ?, ?, ?) ON CONFLICT (day, feed, who) DO UPDATE SET n = excluded.n WHERE excluded.n > audience_seen.n')
        .bind(r.day, r.feed, r.who, r.reader, r.n),
    ),
    ...polls.map((r) =>
      db
        .prepare('INSERT INTO audience_polls (day, feed, agent, polls, not_modified) VALUES (?, ?, ?, ?, ?) ON CONFLICT (day, feed, agent) DO UPDATE SET polls = polls + excluded.polls, not_modified = not_modified + excluded.not_modified')
        .bind(r.day, r.feed, r.agent, r.polls, r.notModified),
    ),
    ...embeds.map((r) =>
      db
        .prepare('INSERT INTO audience_embeds (day, section, ref, views) VALUES (?, ?, ?, ?) ON CONFLICT (day, section, ref) DO UPDATE SET views = views + excluded.views')
        .bind(r.day, r.section, r.ref, r.views),
    ),
  ]
  if (statements.length === 0) return 0
  const results = await batch(db, statements)
  return results.reduce((sum, r) => sum + (r.meta.rows_written ?? 0), 0)
}

/**
 * The days before `day` leave the working set: their followers are summed per feed and reader into
 * audience_days, and their hashed rows deleted, in one transaction. Returns the seen rows deleted.
 */
export async function rollUpDays(db: D1Database, day: string): Promise<number> {
  const results = await batch(db, [
    db
      .prepare(
        'INSERT INTO audience_days (day, feed, reader, subscribers) SELECT day, feed, reader, SUM(n) FROM audience_seen WHERE day < ? GROUP BY day, feed, reader ' +
          'ON CONFLICT (day, feed, reader) DO UPDATE SET subscribers = subscribers + excluded.subscribers',
      )
      .bind(day),
    db.prepare('DELETE FROM audience_seen WHERE day < ?').bind(day),
  ])
  return results[1]?.meta.changes ?? 0
}

/** Each table's key after the day and its summed columns: what the monthly retention sums. */
const SUMMED: [table: string, keys: string, sums: string[]][] = [
  ['audience_days', 'feed, reader', ['subscribers', 'days']],
  ['audience_polls', 'feed, agent', ['polls', 'not_modified']],
  ['audience_embeds', 'section, ref', ['views']],
]

/** Daily rows of days before `day` are summed into their month's row (`day` = YYYY-MM) and deleted, in one transaction. */
export async function sumOldDays(db: D1Database, day: string): Promise<void> {
  const old = 'length(day) = 10 AND day < ?'
  await batch(
    db,
    SUMMED.flatMap(([table, keys, sums]) => [
      db
        .prepare(
          `INSERT INTO ${table} (day, ${keys}, ${sums.join(', ')}) SELECT substr(day, 1, 7), ${keys}, ${sums.map((c) => `SUM(${c})`).join(', ')} FROM ${table} WHERE ${old} GROUP BY 1, ${keys} ` +
            `ON CONFLICT (day, ${keys}) DO UPDATE SET ${sums.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`,
        )
        .bind(day),
      db.prepare(`DELETE FROM ${table} WHERE ${old}`).bind(day),
    ]),
  )
}

/** Subscribers per day (or month: `day` YYYY-MM, `days` summed), feed and reader, from..to; today's from the working set. */
export interface SubscriberRow {
  day: string
  feed: string
  reader: string
  subscribers: number
  days: number
}

/**
 * Subscriber rows of days from..to and of the months they touch (`feed` null: every feed). Rows read: the rows
 * of the range in audience_days, plus the working set's rows of the range (today's followers).
 */
export async function subscriberRows(db: D1Database, from: string, to: string, feed: string | null): Promise<SubscriberRow[]> {
  const byFeed = feed === null ? '' : ' AND feed = ?3'
  return all<SubscriberRow>(
    db
      .prepare(
        `SELECT day, feed, reader, subscribers, days FROM audience_days WHERE ${IN_RANGE}${byFeed} ` +
          `UNION ALL SELECT day, feed, reader, SUM(n), 1 FROM audience_seen WHERE day BETWEEN ?1 AND ?2${byFeed} GROUP BY day, feed, reader ORDER BY 1, 2, 4 DESC, 3`,
      )
      .bind(from, to, ...(feed === null ? [] : [feed])),
  )
}

/** Polls per day (or month), feed and agent, from..to. */
export async function pollRows(db: D1Database, from: string, to: string): Promise<PollRow[]> {
  return all<PollRow>(
    db
      .prepare(
        `SELECT day, feed, agent, polls, not_modified AS notModified FROM audience_polls WHERE ${IN_RANGE} ORDER BY 1, 2, 3`,
      )
      .bind(from, to),
  )
}

/** Embed views per day (or month), section and ref, from..to. */
export async function embedRows(db: D1Database, from: string, to: string): Promise<EmbedRow[]> {
  return all<EmbedRow>(
    db
      .prepare(`SELECT day, section, ref, views FROM audience_embeds WHERE ${IN_RANGE} ORDER BY 1, 2, 4 DESC, 3`)
      .bind(from, to),
  )
}
