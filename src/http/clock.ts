// The one place a request reads the clock: routes take `c.var.now` and pass it down; the domain and
// rendering never read a clock of their own.
import type { Bindings } from '../env'

/**
 * The request's time (epoch ms), read once per request into `c.var.now` (every-request.ts). Tests pin it by
 * calling the Worker's fetch with a `TEST_CLOCK` function in its environment: a Worker's configured bindings are
 * text, JSON or services, never functions, so no deployment can set it; only code that builds the environment
 * object itself (the tests) can.
 */
export function clockOf(env: Bindings): number {
  const clock = env.TEST_CLOCK
  return typeof clock === 'function' ? clock() : Date.now()
}
