// The audience as the API and the dashboard show it: subscribers per day and feed with their readers, months
// summed by retention, crawlers apart, the share of 304s, and partners' embed views.
import { embedRows, pollRows, subscriberRows } from '../store/audience'

export interface ReaderCount {
  reader: string
  subscribers: number
}

export interface FeedDay {
  day: string
  feed: string
  subscribers: number
  readers: ReaderCount[]
}

/** A month whose days were summed: the average a day over the days it had followers. */
export interface FeedMonth {
  month: string
  feed: string
  days: number
  subscribers: number
  readers: ReaderCount[]
}

export interface SubscribersReport {
  days: FeedDay[]
  months: FeedMonth[]
  /** Crawlers, monitors and validators: polls, never subscribers. */
  crawlers: { day: string; crawler: string; polls: number }[]
}

export interface PollShare {
  feed: string
  polls: number
  notModified: number
}

export interface EmbedViews {
  day: string
  section: string
  ref: string
  views: number
}

/** Whether a poll row's feed is `feed` or one of the formats `feed` (a `…/*` path) stands for. */
function within(feed: string | null, rowFeed: string): boolean {
  if (feed === null || feed === rowFeed) return true
  return feed.endsWith('/*') && rowFeed.startsWith(feed.slice(0, -1)) && !rowFeed.slice(feed.length - 1).includes('/')
}

function byCount(a: ReaderCount, b: ReaderCount): number {
  return b.subscribers - a.subscribers || (a.reader < b.reader ? -1 : 1)
}

/** Subscribers of days from..to (Baghdad days, inclusive), of one feed or all. */
export async function subscribersReport(db: D1Database, from: string, to: string, feed: string | null): Promise<SubscribersReport> {
  const [rows, polls] = await Promise.all([subscriberRows(db, from, to, feed), pollRows(db, from, to)])
  const groups = new Map<string, { day: string; feed: string; days: number; readers: Map<string, number> }>()
  for (const row of rows) {
    const key = `${row.day}\n${row.feed}`
    const group = groups.get(key) ?? { day: row.day, feed: row.feed, days: 0, readers: new Map() }
    group.days = Math.max(group.days, row.days)
    group.readers.set(row.reader, (group.readers.get(row.reader) ?? 0) + row.subscribers)
    groups.set(key, group)
  }
  const days: FeedDay[] = []
  const months: FeedMonth[] = []
  for (const g of groups.values()) {
    const perDay = g.day.length === 7 ? Math.max(1, g.days) : 1
    const readers = [...g.readers].map(([reader, n]) => ({ reader, subscribers: Math.round(n / perDay) })).sort(byCount)
    const subscribers = readers.reduce((sum, r) => sum + r.subscribers, 0)
    if (g.day.length === 7) months.push({ month: g.day, feed: g.feed, days: g.days, subscribers, readers })
    else days.push({ day: g.day, feed: g.feed, subscribers, readers })
  }
  const crawlers = new Map<string, { day: string; crawler: string; polls: number }>()
  for (const p of polls) {
    if (p.agent === '' || !within(feed, p.feed)) continue
    const key = `${p.day}\n${p.agent}`
    const c = crawlers.get(key) ?? { day: p.day, crawler: p.agent, polls: 0 }
    c.polls += p.polls
    crawlers.set(key, c)
  }
  return { days, months, crawlers: [...crawlers.values()].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : b.polls - a.polls)) }
}

/** Polls by readers (crawlers left out) per feed over from..to, and how many were answered 304. */
export async function pollShares(db: D1Database, from: string, to: string): Promise<PollShare[]> {
  const shares = new Map<string, PollShare>()
  for (const p of await pollRows(db, from, to)) {
    if (p.agent !== '') continue
    const share = shares.get(p.feed) ?? { feed: p.feed, polls: 0, notModified: 0 }
    share.polls += p.polls
    share.notModified += p.notModified
    shares.set(p.feed, share)
  }
  return [...shares.values()].sort((a, b) => b.polls - a.polls || (a.feed < b.feed ? -1 : 1))
}

/** Embed views per day (or month) and `ref` over from..to. */
export async function embedsReport(db: D1Database, from: string, to: string): Promise<{ days: EmbedViews[]; months: { month: string; section: string; ref: string; views: number }[] }> {
  const rows = await embedRows(db, from, to)
  return {
    days: rows.filter((r) => r.day.length === 10),
    months: rows.filter((r) => r.day.length === 7).map(({ day, ...rest }) => ({ month: day, ...rest })),
  }
}
