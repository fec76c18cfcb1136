// The one place a request reads the clock: routes take `c.var.now` and pass it down; the domain and
// rendering never read a clock of their own.
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'

/**
 * Sets `c.var.now` (epoch ms) once per request. Tests pin it by calling the Worker's fetch with a `TEST_CLOCK`
 * function in its environment: a Worker's configured bindings are text, JSON or services, never functions,
 * so no deployment can set it; only code that builds the environment object itself (the tests) can.
 */
export const withClock = createMiddleware<AppEnv>(async (c, next) => {
  const clock = c.env.TEST_CLOCK
  c.set('now', typeof clock === 'function' ? clock() : Date.now())
  await next()
})
