// Builds the Worker: the Hono app with its routes and error handling.
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from './env'
import { withConfig } from './http/config'
import { PROBLEM_TYPE, problemResponse } from './http/problem'
import { feedRoutes } from './routes/feeds'

const app = new Hono<AppEnv>()

app.use(withConfig)
app.route('/', feedRoutes)

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

export default app
