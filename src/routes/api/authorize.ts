// Who is calling the publishing API and whether they may: the bearer is an API key (nashra_…, looked up in D1 on
// every request: no cache, so a revocation holds from the next request) or the ADMIN_TOKEN bootstrap secret
// (compared in constant time; unset it to turn it off). Every failure is the same 401, counted per hour.
import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import type { HTTPException } from 'hono/http-exception'
import type { AppEnv } from '../../env'
import { sameSecret } from '../../http/auth'
import { problem } from '../../http/problem'
import { type Permission, type Principal, may, readsAudience, rights } from '../../model/roles'
import { isKeyShaped, principalOf, verifyKey } from '../../publish/api-keys'
import { countFailure, touchKey } from '../../store/api-keys'

const REALM = 'Bearer realm="nashra"'
const HOUR_MS = 3_600_000

/** The principal of the ADMIN_TOKEN, as the trail names it. */
export const ADMIN_TOKEN_PRINCIPAL: Principal = { name: 'ADMIN_TOKEN', keyId: null, role: 'admin', sections: null }

/** The start of the UTC hour of `ms`. */
export function hourOf(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS
}

/**
 * The principal a token stands for, or null (counted as a failure of this hour): an API key, looked up in D1,
 * or the ADMIN_TOKEN. The /stats dashboard resolves its cookie's token with it too.
 */
export async function principalOfToken(c: Context<AppEnv>, token: string): Promise<Principal | null> {
  let principal: Principal | null = null
  if (isKeyShaped(token)) {
    const row = await verifyKey(c.env.DB, token)
    if (row) {
      principal = principalOf(row)
      const hour = hourOf(c.var.now)
      if (row.lastUsed === null || row.lastUsed < hour) c.executionCtx.waitUntil(touchKey(c.env.DB, row.id, hour).catch(() => undefined))
    }
  } else if (c.env.ADMIN_TOKEN && (await sameSecret(token, c.env.ADMIN_TOKEN))) {
    principal = ADMIN_TOKEN_PRINCIPAL
  }
  if (!principal) c.executionCtx.waitUntil(countFailure(c.env.DB, hourOf(c.var.now)).catch(() => undefined))
  return principal
}

/** Resolves the bearer to c.var.principal, or answers 401 (the same answer whatever was wrong). */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('Authorization') ?? '')
  if (!match) {
    throw problem(401, 'Unauthorized', { detail: 'Send an API key as "Authorization: Bearer <key>".', headers: { 'WWW-Authenticate': REALM } })
  }
  const principal = await principalOfToken(c, match[1] ?? '')
  if (!principal) {
    throw problem(401, 'Unauthorized', { detail: 'The token is not valid.', headers: { 'WWW-Authenticate': `${REALM}, error="invalid_token"` } })
  }
  c.set('principal', principal)
  await next()
})

/** A 403 naming what was asked and what the key may do. */
export function forbidden(principal: Principal, asked: string): HTTPException {
  return problem(403, 'Forbidden', {
    detail: `The key "${principal.name}" (${principal.role}) may not ${asked}. It may: ${rights(principal)}.`,
    role: principal.role,
    ...(principal.sections === null ? {} : { sections: principal.sections }),
  })
}

const ASKED: Record<Permission, string> = {
  read: 'read the API',
  write: 'write articles',
  schedule: 'schedule articles',
  delete: 'delete articles',
  manage: 'manage sections, sources, reindex or keys',
}

/**
 * Reads (GET, HEAD) need `read`; other methods need `other` (null: the handler checks, per section).
 * Runs after authenticate.
 */
export function permit(other: Permission | null) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const needed = c.req.method === 'GET' || c.req.method === 'HEAD' ? 'read' : other
    if (needed !== null && !may(c.var.principal, needed)) throw forbidden(c.var.principal, ASKED[needed])
    await next()
  })
}

/** Keys are admin's, reads included (names, roles and who made them). Runs after authenticate. */
export const adminOnly = createMiddleware<AppEnv>(async (c, next) => {
  if (!may(c.var.principal, 'manage')) throw forbidden(c.var.principal, 'list, create or revoke keys')
  await next()
})

/** The audience statistics are the admin's and the viewer's (model/roles.ts readsAudience). Runs after authenticate. */
export const audienceReaders = createMiddleware<AppEnv>(async (c, next) => {
  if (!readsAudience(c.var.principal)) throw forbidden(c.var.principal, 'read the audience statistics')
  await next()
})
