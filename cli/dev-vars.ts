// Local secrets for `wrangler dev`: .dev.vars (never committed). `npm start` creates it with a random
// ADMIN_TOKEN when it is missing and says where it is.
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

export const DEV_VARS = '.dev.vars'

/** A value from .dev.vars (KEY=value lines, optional quotes), or undefined. */
export function readDevVar(name: string): string | undefined {
  if (!existsSync(DEV_VARS)) return undefined
  for (const line of readFileSync(DEV_VARS, 'utf8').split('\n')) {
    const match = /^\s*([A-Z0-9_]+)\s*=\s*"?([^"\n]*)"?\s*$/.exec(line)
    if (match?.[1] === name) return match[2]
  }
  return undefined
}

/** Creates .dev.vars with a fresh token when there is none. */
export function ensureDevVars(): void {
  if (readDevVar('ADMIN_TOKEN')) {
    console.log(`dev-vars: the admin token is ADMIN_TOKEN in ${resolve(DEV_VARS)}`)
    return
  }
  const token = randomBytes(32).toString('base64url')
  const existing = existsSync(DEV_VARS) ? readFileSync(DEV_VARS, 'utf8').replace(/\n?$/, '\n') : ''
  writeFileSync(DEV_VARS, `${existing}ADMIN_TOKEN="${token}"\n`, { mode: 0o600 })
  console.log(`dev-vars: created ${resolve(DEV_VARS)} with a new random ADMIN_TOKEN (the API's bearer token)`)
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) ensureDevVars()
