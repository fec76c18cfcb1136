// Parses the Worker's vars into a Config once per environment and hands it to handlers as c.var.config.
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'
import { type Config, parseConfig } from '../model/config'

const parsed = new WeakMap<object, Config>()

export const withConfig = createMiddleware<AppEnv>(async (c, next) => {
  let config = parsed.get(c.env)
  if (!config) {
    config = parseConfig(c.env)
    parsed.set(c.env, config)
  }
  c.set('config', config)
  await next()
})

/** The origin feeds are served from: PUBLIC_URL, or the request's own. */
export function publicBase(config: Config, requestUrl: string): string {
  return config.publicUrl || new URL(requestUrl).origin
}
