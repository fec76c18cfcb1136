// /stats: the audience dashboard for the publisher. Behind the API token: a sign-in form posts it once, and it is
// kept in a Secure, HttpOnly, SameSite=Strict cookie scoped to /stats (never in a URL), checked on every visit.
import { Hono } from 'hono'
import type { Context } from 'hono'
import { embedsReport, pollShares, subscribersReport } from '../audience/report'
import type { AppEnv } from '../env'
import { allSections } from '../feeds/sections'
import { readsAudience } from '../model/roles'
import { renderSignIn, renderStats } from '../views/stats'
import { principalOfToken } from './api/authorize'
import { statsRange } from './api/stats'

const COOKIE = 'nashra_stats'
/** The cookie's attributes: never sent elsewhere or by another site, never read by a script; a working day long. */
const COOKIE_ATTRIBUTES = 'Path=/stats; Secure; HttpOnly; SameSite=Strict; Max-Age='
const COOKIE_MAX_AGE_S = 8 * 3600
const DAY_MS = 86_400_000
const TOP_PARTNERS = 10
/** The page loads the site's style sheet, typeface and script, and posts only to itself. */
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; font-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

type Ctx = Context<AppEnv>

function html(c: Ctx, body: string, status: 200 | 401): Response {
  return c.body(body, status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': CSP,
    'Referrer-Policy': 'no-referrer',
    'X-Robots-Tag': 'noindex',
  })
}

/** Whether `token` may read the statistics (an admin or viewer key, or ADMIN_TOKEN). */
async function mayRead(c: Ctx, token: string | undefined): Promise<boolean> {
  if (!token) return false
  const principal = await principalOfToken(c, token)
  return principal !== null && readsAudience(principal)
}

/** The days from..to, each. */
function daysOf(from: string, to: string): string[] {
  const days: string[] = []
  for (let t = Date.parse(from); t <= Date.parse(to); t += DAY_MS) days.push(new Date(t).toISOString().slice(0, 10))
  return days
}

async function dashboard(c: Ctx): Promise<string> {
  const { from, to } = statsRange(c)
  const db = c.env.DB
  const [subscribers, shares, embeds, sections] = await Promise.all([subscribersReport(db, from, to, null), pollShares(db, from, to), embedsReport(db, from, to), allSections(db)])
  const names = new Map(sections.map((s) => [`/feeds/${s.slug}/*`, s.name]))
  const labelOf = (feed: string): string => (feed === '/feeds/*' ? 'كل الأقسام' : (names.get(feed) ?? feed))
  const groups = [...new Set(subscribers.days.filter((d) => d.feed.endsWith('/*')).map((d) => d.feed))].sort()
  const series = groups.map((feed) => ({ feed, label: labelOf(feed), byDay: subscribers.days.filter((d) => d.feed === feed) }))
  const partners = new Map<string, number>()
  for (const e of embeds.days) partners.set(e.ref, (partners.get(e.ref) ?? 0) + e.views)
  return renderStats({
    siteName: c.var.config.siteName,
    from,
    to,
    days: daysOf(from, to),
    series,
    latest: series.flatMap((s) => (s.byDay.length > 0 ? [{ label: s.label, day: s.byDay[s.byDay.length - 1]! }] : [])),
    shares,
    partners: [...partners].map(([ref, views]) => ({ ref, views })).sort((a, b) => b.views - a.views).slice(0, TOP_PARTNERS),
  })
}

export const statsPages = new Hono<AppEnv>()

statsPages.get('/stats', async (c) => {
  const raw = /(?:^|;\s*)nashra_stats=([^;]+)/.exec(c.req.header('Cookie') ?? '')?.[1]
  let token: string | undefined
  try {
    token = raw && decodeURIComponent(raw)
  } catch {
    // a cookie we did not write: signed out
  }
  if (!(await mayRead(c, token))) return html(c, renderSignIn(c.var.config.siteName, false), 200)
  return html(c, await dashboard(c), 200)
})

statsPages.post('/stats', async (c) => {
  const form = await c.req.parseBody()
  const token = typeof form.token === 'string' ? form.token.trim() : ''
  if (!(await mayRead(c, token))) return html(c, renderSignIn(c.var.config.siteName, true), 401)
  // An API token is URL-safe text (nashra_… or the ADMIN_TOKEN): it goes in the cookie as is.
  c.header('Set-Cookie', `${COOKIE}=${encodeURIComponent(token)}; ${COOKIE_ATTRIBUTES}${COOKIE_MAX_AGE_S}`)
  return c.redirect('/stats', 303)
})

statsPages.post('/stats/sign-out', (c) => {
  c.header('Set-Cookie', `${COOKIE}=; ${COOKIE_ATTRIBUTES}0`)
  return c.redirect('/stats', 303)
})
