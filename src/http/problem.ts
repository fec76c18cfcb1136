// RFC 9457 problem details: every error the service answers is application/problem+json.
import { HTTPException } from 'hono/http-exception'
import { NO_STORE } from './cache-control'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

export const PROBLEM_TYPE = 'application/problem+json'

/** One bad input: a JSON pointer into the body, or the name of a query parameter. */
export interface FieldError {
  pointer?: string
  parameter?: string
  detail: string
}

export interface ProblemExtras {
  detail?: string
  errors?: FieldError[]
  headers?: Record<string, string>
  [key: string]: unknown
}

/**
 * A problem+json Response. It carries nosniff itself: an error thrown before the route (a bad configuration, in
 * every-request.ts) never reaches the middleware that sets it on other answers.
 */
export function problemResponse(status: ContentfulStatusCode, title: string, extras: ProblemExtras = {}): Response {
  const { headers, ...fields } = extras
  const body = { type: 'about:blank', title, status, ...fields }
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': PROBLEM_TYPE, 'Cache-Control': NO_STORE, 'X-Content-Type-Options': 'nosniff', ...headers },
  })
}

/**
 * An HTTPException carrying a problem Response, to `throw` from a handler.
 * @example throw problem(400, 'Invalid query', { errors: [{ parameter: 'limit', detail: '1 to 100' }] })
 */
export function problem(status: ContentfulStatusCode, title: string, extras: ProblemExtras = {}): HTTPException {
  return new HTTPException(status, { res: problemResponse(status, title, extras) })
}
