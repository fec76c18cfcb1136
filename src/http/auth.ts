// Bearer-token auth for the publishing API. The token is the ADMIN_TOKEN secret; it is compared in constant
// time and never logged or echoed.
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'
import { problem } from './problem'

const REALM = 'Bearer realm="nashra"'

async function digest(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))
}

/** Compares two secrets in constant time: both are hashed first, so length leaks nothing either. */
export async function sameSecret(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([digest(given), digest(expected)])
  let difference = 0
  for (let i = 0; i < a.length; i++) difference |= (a[i] ?? 0) ^ (b[i] ?? 0)
  return difference === 0
}

export const requireToken = createMiddleware<AppEnv>(async (c, next) => {
  const expected = c.env.ADMIN_TOKEN
  if (!expected) {
    throw problem(503, 'Publishing is not configured', { detail: 'The ADMIN_TOKEN secret is not set on this Worker.' })
  }
  const header = c.req.header('Authorization') ?? ''
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
  if (!match) {
    throw problem(401, 'Unauthorized', {
      detail: 'Send the admin token as "Authorization: Bearer <token>".',
      headers: { 'WWW-Authenticate': REALM },
    })
  }
  if (!(await sameSecret(match[1] ?? '', expected))) {
    throw problem(401, 'Unauthorized', {
      detail: 'The token is not valid.',
      headers: { 'WWW-Authenticate': `${REALM}, error="invalid_token"` },
    })
  }
  await next()
})
