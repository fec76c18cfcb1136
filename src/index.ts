// Builds the Worker: the Hono app with its routes and error handling, and the scheduled upstream pull.
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv, Bindings } from './env'
import { withConfig } from './http/config'
import { PROBLEM_TYPE, problemResponse } from './http/problem'
import { parseConfig } from './model/config'
import { affectedFeedUrls, pingHub } from './publish/notify'
import { pullDueSources } from './publish/pull'
import { apiRoutes } from './routes/api'
import { feedRoutes } from './routes/feeds'
import { pageRoutes } from './routes/pages'

const app = new Hono<AppEnv>()

app.use(withConfig)
app.route('/', feedRoutes)
app.route('/', pageRoutes)
app.route('/api', apiRoutes)

app.notFound((c) =>
  problemResponse(404, 'Not Found', { detail: `Nothing at ${new URL(c.req.url).pathname}. Feeds are listed at /feeds.` }),
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
  console.error(`${c.req.method} ${new URL(c.req.url).pathname} failed:`, error instanceof Error ? error.message : error)
  return problemResponse(500, 'Internal Server Error', { detail: 'The request could not be completed.' })
})

/** The Cron Trigger: pull due upstream sources, then ping the hub about the feeds that changed. */
async function scheduled(controller: ScheduledController, env: Bindings): Promise<void> {
  const config = parseConfig(env)
  const { reports, touched } = await pullDueSources(env.ARTICLES, { now: controller.scheduledTime })
  for (const r of reports) {
    console.log(`pull ${r.source}: ${r.outcome} (${r.created} created, ${r.updated} updated, ${r.failed} failed)${r.error ? ` — ${r.error}` : ''}`)
  }
  if (config.hubUrl && config.publicUrl && touched.length > 0) {
    await pingHub(config.hubUrl, affectedFeedUrls(config.publicUrl, touched))
  }
}

export default {
  fetch: app.fetch,
  scheduled: (controller, env, ctx) => ctx.waitUntil(scheduled(controller, env)),
} satisfies ExportedHandler<Bindings>
