// What every request gets before its route, in one middleware (each middleware is a step of Hono's dispatch that
// even a cache hit pays for): its parsed config, the origin check, its clock; and `X-Content-Type-Options:
// nosniff` on every answer, set after the handler, so 304s and preflights carry it too (problems carry it
// themselves, problem.ts: an error thrown here, a bad configuration, is answered without this middleware). Hono's
// secureHeaders would also add CORP same-origin and X-Frame-Options, which break the partner widget and script.
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'
import { clockOf } from './clock'
import { configOf, misdirected } from './config'

export const everyRequest = createMiddleware<AppEnv>(async (c, next) => {
  const config = configOf(c.env)
  const refused = misdirected(config, c.req.url)
  if (refused) return refused
  c.set('config', config)
  c.set('now', clockOf(c.env))
  await next()
  c.res.headers.set('X-Content-Type-Options', 'nosniff')
})
