// The Hono environment: the Worker's bindings (generated into worker-configuration.d.ts) and per-request vars.
import type { Config } from './model/config'

/**
 * Secrets are set with `wrangler secret put` (locally: .dev.vars, which is not committed), so the generated
 * Env cannot know them; they are declared here.
 */
export interface Secrets {
  ADMIN_TOKEN?: string
  /** Development only, never in wrangler.toml: "true" lets upstream sources point at loopback (local tests). */
  ALLOW_LOOPBACK_SOURCES?: string
}

export type Bindings = Env & Secrets

export type AppEnv = {
  Bindings: Bindings
  Variables: { config: Config }
}
