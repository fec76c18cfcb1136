// The audience hook: mounted before the feed and embed routes, it lets the route answer (from the cache, a 304
// or a render), then counts the poll off the response path (waitUntil). Counting never changes or fails an answer.
import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { countEmbed, countPoll, flush, flushDue } from '../audience/count'
import type { AppEnv } from '../env'
import { perEnvironment } from '../http/per-environment'
import { type AudienceSettings, parseAudienceSettings, partnerRef, subscriptionFeed } from '../model/audience'

/** The audience settings of an environment, checked once (a bad one throws at the first request). */
export const audienceSettings = perEnvironment(parseAudienceSettings)

/**
 * Counts the answered request, if it is one to count: at once, or with the promise of the work left (a poll of a
 * reader this isolate has not seen today). False when it is not counted.
 */
function record(c: Context<AppEnv>, now: number, pathname: string): Promise<void> | null | false {
  const embed = /^\/embed\/([a-z0-9][a-z0-9-]{0,39})$/.exec(pathname)
  if (embed) {
    if (c.res.status !== 200) return false
    countEmbed({ now, section: embed[1] ?? '', ref: partnerRef(c.req.query('ref')) })
    return null
  }
  const feed = subscriptionFeed(pathname)
  if (!feed || (c.res.status !== 200 && c.res.status !== 304)) return false
  // A script on a partner's page (/embed.js) fetches the JSON Feed cross-origin: a view of the embed, not a reader.
  const origin = c.req.header('Origin')
  if (origin !== undefined && origin !== new URL(c.req.url).origin) {
    countEmbed({ now, section: feed.section ?? '*', ref: partnerRef(c.req.query('ref')) })
    return null
  }
  const poll = { now, feed: feed.feed, group: feed.group, status: c.res.status, ip: c.req.header('CF-Connecting-IP') ?? '', userAgent: c.req.header('User-Agent') ?? '' }
  return countPoll(poll, c.env.AUDIENCE_SECRET)
}

/**
 * Counts GETs of subscription feeds and embeds that were answered 200 or 304. Nothing here fails the answer: a
 * bad audience var is logged (and nothing counted) rather than turning every poll into a 500. A repeat poll is
 * counted in memory before the answer leaves; `waitUntil` carries only what must wait (a new reader's keyed hash,
 * a batch's write), so most polls cost no promise and no call into the runtime.
 */
export const countAudience = createMiddleware<AppEnv>(async (c, next) => {
  await next()
  if (c.req.method !== 'GET') return
  let pending: Promise<void> | null | false
  let settings: AudienceSettings
  const now = c.var.now
  try {
    settings = audienceSettings(c.env)
    pending = settings.enabled ? record(c, now, c.req.path) : false
  } catch (error) {
    console.error(`audience: ${error instanceof Error ? error.message : error}`)
    return
  }
  if (pending === false || (pending === null && !flushDue(settings, now))) return
  const db = c.env.DB
  const work = (pending ?? Promise.resolve())
    .then(() => (flushDue(settings, now) ? flush(db) : 0))
    .catch((error: unknown) => console.error(`audience: ${error instanceof Error ? error.message : error}`))
  c.executionCtx.waitUntil(work)
})
