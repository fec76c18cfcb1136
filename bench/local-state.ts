// A fresh local state folder for a bench (KV and D1 as `wrangler dev --persist-to` keeps them), with the D1
// migrations applied by wrangler itself.
import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const ENV = { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' }

/** Runs the project's wrangler with `args` (quietly; its errors are thrown). */
export function wrangler(args: string[]): void {
  execFileSync(join(process.cwd(), 'node_modules/.bin/wrangler'), args, { env: ENV, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 })
}

/** A new state folder with migrations/ applied to its D1; getPlatformProxy takes `join(state, 'v3')`. */
export function freshState(prefix: string): string {
  const state = mkdtempSync(join(tmpdir(), prefix))
  wrangler(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', state])
  return state
}
