// The Hono environment: the Worker's bindings (generated into worker-configuration.d.ts) and per-request vars.
import type { Config } from './model/config'
import type { Principal } from './model/roles'

/**
 * Secrets are set with `wrangler secret put` (locally: .dev.vars, which is not committed), so the generated
 * Env cannot know them; they are declared here.
 */
export interface Secrets {
  ADMIN_TOKEN?: string
  /** Development only, never in wrangler.toml: "true" lets upstream sources point at loopback (local tests). */
  ALLOW_LOOPBACK_SOURCES?: string
  /** Days the audit trail keeps a row (the cron deletes older ones); unset: forever. */
  AUDIT_RETENTION_DAYS?: string
  /** The key the day's reader hashes are derived from (README, Audience); unset: one made up per isolate. */
  AUDIENCE_SECRET?: string
  /** "off": nothing is counted. Then the retention in days, the batch size and age (README, Audience). */
  AUDIENCE?: string
  AUDIENCE_RETENTION_DAYS?: string
  AUDIENCE_BATCH?: string
  AUDIENCE_FLUSH_SECONDS?: string
}

/** A clock that tests hand to the Worker's fetch (see http/clock.ts); no configuration can set a function. */
export interface TestSeams {
  TEST_CLOCK?: () => number
}

export type Bindings = Env & Secrets & TestSeams

export type AppEnv = {
  Bindings: Bindings
  /** `now`: the request's clock, epoch ms, read once (http/clock.ts); `principal`: who calls the API (routes/api/authorize.ts). */
  Variables: { config: Config; now: number; principal: Principal }
}
