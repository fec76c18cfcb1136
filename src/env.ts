// The Hono environment: the Worker's bindings (generated into worker-configuration.d.ts) and per-request vars.
import type { Config } from './model/config'

export type AppEnv = {
  Bindings: Env
  Variables: { config: Config }
}
