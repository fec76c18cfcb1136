// Cross-cutting response headers: nosniff everywhere, no-store on the authenticated API, CORS for readers'
// scripts, and 405 for a method a read-only route does not take.
import type { Hono } from 'hono'
import { cors } from 'hono/cors'
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'
import { NO_STORE } from './cache-control'
import { problem } from './problem'

/** Methods of a read-only route, and of one scripts on other sites may read (the preflight is OPTIONS). */
export const READ_METHODS = ['GET', 'HEAD'] as const
export const CORS_READ_METHODS = ['GET', 'HEAD', 'OPTIONS'] as const
/** What a reader's script may read of a response besides the safelisted headers. */
const CORS_EXPOSED = ['ETag', 'Last-Modified', 'Link'] as const
const EXPOSED_LIST = CORS_EXPOSED.join(',')

/** What is answered behind the bearer token, 401s included, is never stored by any cache (RFC 9111 §5.2.2.5). */
export const noStore = createMiddleware<AppEnv>(async (c, next) => {
  await next()
  c.res.headers.set('Cache-Control', NO_STORE)
})

/** Hono's CORS middleware, for the preflight (OPTIONS). */
const preflight = cors({
  origin: '*',
  allowMethods: [...CORS_READ_METHODS],
  allowHeaders: ['If-None-Match', 'If-Modified-Since'],
  exposeHeaders: [...CORS_EXPOSED],
  maxAge: 86400,
})

/**
 * Public, credential-free CORS (`Access-Control-Allow-Origin: *`): a reader's script may read the document,
 * its validators and its links, and revalidate it (a preflight allows the conditional headers). Other methods
 * get their two headers on the answer itself, after the handler: Hono's `cors` sets them on a placeholder
 * response first, which then costs every answer a second Response and a copy of its headers (a cache hit's
 * largest cost after the runtime's own).
 */
export const publicCors = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.method === 'OPTIONS') return preflight(c, next)
  await next()
  c.res.headers.set('Access-Control-Allow-Origin', '*')
  c.res.headers.set('Access-Control-Expose-Headers', EXPOSED_LIST)
})

/**
 * Makes `path` read-only: any method but GET and HEAD (and OPTIONS, the preflight, with `cors`) is a 405
 * problem with `Allow` (RFC 9110 §15.5.6); with `cors`, public CORS. Call it before registering the GET handler.
 */
export function readOnly(router: Hono<AppEnv>, path: string, options: { cors?: boolean } = {}): void {
  const allowed: readonly string[] = options.cors ? CORS_READ_METHODS : READ_METHODS
  const list = allowed.join(', ')
  if (options.cors) router.use(path, publicCors)
  router.use(path, async (c, next) => {
    if (!allowed.includes(c.req.method)) {
      throw problem(405, 'Method Not Allowed', { detail: `${c.req.method} is not allowed here; use ${list}.`, headers: { Allow: list } })
    }
    await next()
  })
}
