// /api/stats: the audience of the feeds (subscribers per day, feed and reader) and partners' embed views.
// An admin's or a viewer's (model/roles.ts readsAudience): readership is the publisher's, not a desk's.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { embedsReport, subscribersReport } from '../../audience/report'
import type { AppEnv } from '../../env'
import { type FieldError, problem } from '../../http/problem'
import { validationHook } from '../../http/validation'
import { baghdadDay, dayBefore, isDay, subscriptionFeed } from '../../model/audience'
import { json, problemContent } from './responses'

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

// The document's view of the range. statsRange alone checks it (the dashboard, /stats, shares it, and it names every
// bad parameter at once); these only say it.
const Day = z.string().openapi({ format: 'date', example: '2026-12-01' })
const RangeQuery = {
  from: Day.optional().openapi({ description: `the first Baghdad day (default: ${DEFAULT_SPAN_DAYS} days up to to); at most ${MAX_SPAN_DAYS} days before to` }),
  to: Day.optional().openapi({ description: 'the last Baghdad day, inclusive (default: today in Baghdad)' }),
}
const Readers = z.array(z.object({ reader: z.string(), subscribers: z.number().int() }))
const SubscribersSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    days: z.array(z.object({ day: z.string(), feed: z.string(), subscribers: z.number().int(), readers: Readers })),
    months: z.array(z.object({ month: z.string(), feed: z.string(), days: z.number().int(), subscribers: z.number().int().openapi({ description: 'the average a day over the days it had followers' }), readers: Readers })),
    crawlers: z.array(z.object({ day: z.string(), crawler: z.string(), polls: z.number().int() })).openapi({ description: 'crawlers, monitors and validators: polls, never subscribers' }),
  })
  .openapi('Subscribers')
const EmbedsSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    days: z.array(z.object({ day: z.string(), section: z.string(), ref: z.string(), views: z.number().int() })),
    months: z.array(z.object({ month: z.string(), section: z.string(), ref: z.string(), views: z.number().int() })),
  })
  .openapi('EmbedViews')
const errors = {
  400: { description: 'A bad day, feed or range; the problem names each', content: problemContent },
  401: { description: 'Missing or wrong token', content: problemContent },
  403: { description: 'Not an admin or viewer key', content: problemContent },
}

export const statsRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })

statsRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/subscribers',
    summary: 'Subscribers per Baghdad day and feed, with their readers; older days summed by month',
    request: {
      query: z.object({
        ...RangeQuery,
        feed: z.string().optional().openapi({ description: 'a feed path, e.g. /feeds/reports/rss.xml, or /feeds/reports/* for its three formats' }),
      }),
    },
    responses: { 200: { description: 'The audience of the range', content: json(SubscribersSchema) }, ...errors },
  }),
  async (c) => {
    const { from, to } = statsRange(c)
    return c.json({ from, to, ...(await subscribersReport(c.env.DB, from, to, feedParam(c))) }, 200)
  },
)

statsRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/embeds',
    summary: "Partners' views of the headline widget per Baghdad day, section and referring site",
    request: { query: z.object(RangeQuery) },
    responses: { 200: { description: 'The views of the range', content: json(EmbedsSchema) }, ...errors },
  }),
  async (c) => {
    const { from, to } = statsRange(c)
    return c.json({ from, to, ...(await embedsReport(c.env.DB, from, to)) }, 200)
  },
)
