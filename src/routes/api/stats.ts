// /api/stats: the audience of the feeds (subscribers per day, feed and reader) and partners' embed views.
// An admin's or a viewer's (model/roles.ts readsAudience): readership is the publisher's, not a desk's.
import { Hono } from 'hono'
import type { Context } from 'hono'
import { embedsReport, subscribersReport } from '../../audience/report'
import type { AppEnv } from '../../env'
import { type FieldError, problem } from '../../http/problem'
import { baghdadDay, dayBefore, isDay, subscriptionFeed } from '../../model/audience'

/** A range is at most this many days (the retention's default): one read stays bounded. */
const MAX_SPAN_DAYS = 400
/** Without `from`, the 30 days up to `to`. */
const DEFAULT_SPAN_DAYS = 30
const DAY_MS = 86_400_000

/** The Baghdad days from..to a request asks for (default: the last 30 up to today), or a 400 naming each bad one. */
export function statsRange(c: Context<AppEnv>): { from: string; to: string } {
  const errors: FieldError[] = []
  const given = { from: c.req.query('from'), to: c.req.query('to') }
  for (const [name, value] of Object.entries(given)) {
    if (value !== undefined && !isDay(value)) errors.push({ parameter: name, detail: `a Baghdad day as YYYY-MM-DD, got ${JSON.stringify(value)}` })
  }
  if (errors.length > 0) throw problem(400, 'Invalid query', { errors })
  const to = given.to ?? baghdadDay(c.var.now)
  const from = given.from ?? dayBefore(Date.parse(`${to}T12:00:00+03:00`), DEFAULT_SPAN_DAYS - 1)
  const span = (Date.parse(to) - Date.parse(from)) / DAY_MS
  if (span < 0) throw problem(400, 'Invalid query', { errors: [{ parameter: 'from', detail: `not after to (${to})` }] })
  if (span >= MAX_SPAN_DAYS) throw problem(400, 'Invalid query', { errors: [{ parameter: 'from', detail: `at most ${MAX_SPAN_DAYS} days before to` }] })
  return { from, to }
}

/** A feed's path (/feeds/reports/rss.xml) or its formats together (/feeds/reports/*, /feeds/*). */
function feedParam(c: Context<AppEnv>): string | null {
  const feed = c.req.query('feed')
  if (feed === undefined) return null
  const together = /^\/feeds\/(?:[a-z0-9][a-z0-9-]{0,39}\/)?\*$/.test(feed)
  if (!together && subscriptionFeed(feed) === null) {
    throw problem(400, 'Invalid query', { errors: [{ parameter: 'feed', detail: 'a feed path, e.g. /feeds/reports/rss.xml, or /feeds/reports/* for its three formats' }] })
  }
  return feed
}

export const statsRoutes = new Hono<AppEnv>()

statsRoutes.get('/subscribers', async (c) => {
  const { from, to } = statsRange(c)
  return c.json({ from, to, ...(await subscribersReport(c.env.DB, from, to, feedParam(c))) })
})

statsRoutes.get('/embeds', async (c) => {
  const { from, to } = statsRange(c)
  return c.json({ from, to, ...(await embedsReport(c.env.DB, from, to)) })
})
