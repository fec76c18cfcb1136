// Builds the Worker: the Hono app with its routes and error handling, and the scheduled upstream pull.
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv, Bindings } from './env'
import { sectionsDueBetween } from './feeds/due'
import { everyRequest } from './http/every-request'
import { perEnvironment } from './http/per-environment'
import { purgeScopes } from './http/feed-cache'
import { PROBLEM_TYPE, problemResponse } from './http/problem'
import { parseConfig } from './model/config'
import { affectedFeedUrls, pingHub } from './websub/notify'
import { pullDueSources } from './ingest/pull'
import { SectionGoneError, mergeEffects, writeEffects } from './publish/write'
import { StoreUnavailableError, guardKv } from './store/guard'
import { apiRoutes } from './routes/api'
import { sweepTrail } from './publish/audit'
import { feedRoutes } from './routes/feeds'
import { pageRoutes } from './routes/pages'
import { crawlRoutes } from './routes/crawl'
import { audienceSettings, countAudience } from './routes/audience-hook'
import { keepAudience } from './audience/retention'
import { statsPages } from './routes/stats'

/** How long a client waits before repeating a request KV could not serve. */
const RETRY_AFTER_SECONDS = 5

/** The bindings a request sees: KV behind guardKv, so its failures are told apart from bugs (a copy per environment). */
const guarded = perEnvironment((env): Bindings => ({ ...env, ARTICLES: guardKv(env.ARTICLES) }))

const app = new Hono<AppEnv>()

app.use(everyRequest)
// Before the routes, so that answers from the feed cache and 304s are counted too.
for (const path of ['/feeds/*', '/embed/*']) app.use(path, countAudience)
app.route('/', feedRoutes)
app.route('/', pageRoutes)
app.route('/', crawlRoutes)
app.route('/', statsPages)
app.route('/api', apiRoutes)

app.notFound((c) =>
  problemResponse(404, 'Not Found', { detail: `Nothing at ${c.req.path}. Feeds are listed at /feeds.` }),
)

app.onError((error, c) => {
  if (error instanceof HTTPException) {
    const res = error.getResponse()
    if (res.headers.get('Content-Type') === PROBLEM_TYPE) return res
    const headers: Record<string, string> = {}
    const challenge = res.headers.get('WWW-Authenticate')
    if (challenge) headers['WWW-Authenticate'] = challenge
    return problemResponse(error.status, error.message || 'Error', { headers })
  }
  if (error instanceof StoreUnavailableError) {
    console.error(`${c.req.method} ${c.req.path}: ${error.message}`)
    return problemResponse(503, 'Service Unavailable', {
      detail: 'Storage did not answer. Nothing was left half-written: send the same request again.',
      headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
    })
  }
  if (error instanceof SectionGoneError) {
    return problemResponse(409, 'Section deleted', { detail: error.message, errors: [{ pointer: '#/section', detail: error.message }] })
  }
  console.error(`${c.req.method} ${c.req.path} failed:`, error instanceof Error ? error.message : error)
  return problemResponse(500, 'Internal Server Error', { detail: 'The request could not be completed.' })
})

/** How often the Cron Trigger runs (wrangler.toml `crons`): each run covers the articles that came due since the last. */
const CRON_INTERVAL_MS = 5 * 60_000

/**
 * The Cron Trigger: pull due upstream sources, then ping the hub about the feeds that changed, including those
 * a scheduled article entered since the previous run.
 */
async function scheduled(controller: ScheduledController, env: Bindings): Promise<void> {
  const config = parseConfig(env)
  const now = controller.scheduledTime
  const stores = { kv: guardKv(env.ARTICLES), db: env.DB }
  // A cron has no request: this service is PUBLIC_URL's hosts (the API refused the request's own host at PUT).
  const self = { hosts: config.publicOrigins.map((origin) => new URL(origin).hostname), tagAuthority: config.tagAuthority }
  const { reports, effects } = await pullDueSources(stores, { now, self, allowLoopback: config.allowLoopbackSources })
  // The audit trail's retention (AUDIT_RETENTION_DAYS; unset: forever).
  await sweepTrail(stores.db, env.AUDIT_RETENTION_DAYS, now).catch((error: unknown) => console.error(`audit retention: ${error instanceof Error ? error.message : error}`))
  // The audience: finished days rolled up (their hashed rows deleted), old days summed by month.
  await keepAudience(stores.db, audienceSettings(env), now).catch((error: unknown) => console.error(`audience retention: ${error instanceof Error ? error.message : error}`))
  // Scheduled articles that came due since the last run changed their feeds without a write: the same effects.
  const due = await sectionsDueBetween(stores.db, now - CRON_INTERVAL_MS, now)
  const { purge, ping } = mergeEffects(effects, writeEffects(due.map((section) => ({ section, published: now })), now))
  for (const r of reports) {
    console.log(`pull ${r.source}: ${r.outcome} (${r.created} created, ${r.updated} updated, ${r.failed} failed)${r.error ? ` — ${r.error}` : ''}`)
  }
  // This data centre's cached feeds of the touched sections; elsewhere they turn stale within the cache's bound.
  if (purge.length > 0) await purgeScopes(config, purge, Date.now())
  // A cron has no request origin: only configured origins are pinged (each one's feeds are topics).
  if (config.hubUrl && config.publicOrigins.length > 0 && ping.length > 0) {
    await pingHub(config.hubUrl, config.publicOrigins.flatMap((origin) => affectedFeedUrls(origin, ping)))
  }
}

export default {
  fetch: (request: Request, env: Bindings, ctx: ExecutionContext) => app.fetch(request, guarded(env), ctx),
  scheduled: (controller, env, ctx) => ctx.waitUntil(scheduled(controller, env)),
} satisfies ExportedHandler<Bindings>
