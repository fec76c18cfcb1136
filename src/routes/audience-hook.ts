// The audience hook: mounted before the feed and embed routes, it lets the route answer (from the cache, a 304
// or a render), then counts the poll off the response path (waitUntil). Counting never changes or fails an answer.
import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { countEmbed, countPoll, flush, flushDue } from '../audience/count'
import type { AppEnv, Bindings } from '../env'
import { type AudienceSettings, parseAudienceSettings, partnerRef, subscriptionFeed } from '../model/audience'

const SETTINGS = new WeakMap<object, AudienceSettings>()

/** The audience settings of an environment, checked once (a bad one throws at the first request). */
export function audienceSettings(env: Bindings): AudienceSettings {
  let settings = SETTINGS.get(env)
  if (!settings) {
    settings = parseAudienceSettings(env)
    SETTINGS.set(env, settings)
  }
  return settings
}

/** What the answered request counts as, read before the answer leaves: afterwards only this is kept. */
function record(c: Context<AppEnv>, now: number, pathname: string): (() => Promise<void>) | null {
  const embed = /^\/embed\/([a-z0-9][a-z0-9-]{0,39})$/.exec(pathname)
  if (embed) {
    if (c.res.status !== 200) return null
    const view = { now, section: embed[1] ?? '', ref: partnerRef(c.req.query('ref')) }
    return async () => countEmbed(view)
  }
  const feed = subscriptionFeed(pathname)
  if (!feed || (c.res.status !== 200 && c.res.status !== 304)) return null
  // A script on a partner's page (/embed.js) fetches the JSON Feed cross-origin: a view of the embed, not a reader.
  const origin = c.req.header('Origin')
  if (origin !== undefined && origin !== new URL(c.req.url).origin) {
    const view = { now, section: feed.section ?? '*', ref: partnerRef(c.req.query('ref')) }
    return async () => countEmbed(view)
  }
  const poll = { now, feed: feed.feed, group: feed.group, status: c.res.status, ip: c.req.header('CF-Connecting-IP') ?? '', userAgent: c.req.header('User-Agent') ?? '' }
  const secret = c.env.AUDIENCE_SECRET
  return () => countPoll(poll, secret)
}

/**
 * Counts GETs of subscription feeds and embeds that were answered 200 or 304. Nothing here fails the answer: a
 * bad audience var is logged (and nothing counted) rather than turning every poll into a 500.
 */
export const countAudience = createMiddleware<AppEnv>(async (c, next) => {
  await next()
  if (c.req.method !== 'GET') return
  let count: (() => Promise<void>) | null
  let settings: AudienceSettings
  try {
    settings = audienceSettings(c.env)
    count = settings.enabled ? record(c, c.var.now, c.req.path) : null
  } catch (error) {
    console.error(`audience: ${error instanceof Error ? error.message : error}`)
    return
  }
  if (!count) return
  const db = c.env.DB
  const now = c.var.now
  const work = count()
    .then(() => (flushDue(settings, now) ? flush(db) : 0))
    .catch((error: unknown) => console.error(`audience: ${error instanceof Error ? error.message : error}`))
  c.executionCtx.waitUntil(work)
})
