// Turns schema validation failures into RFC 9457 problems with one entry per bad field.
import type { Hook } from '@hono/zod-openapi'
import type { ZodError } from 'zod'
import type { AppEnv } from '../env'
import type { FieldError } from './problem'
import { problem } from './problem'

/** A JSON Pointer (RFC 6901) as a URI fragment: `#/image/url`. */
export function pointer(path: readonly PropertyKey[]): string {
  return '#' + path.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('')
}

/** One FieldError per bad field (its first complaint); an unknown field is named, not just its parent. */
export function fieldErrors(error: ZodError, prefix: readonly PropertyKey[] = []): FieldError[] {
  const all = error.issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path]
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ pointer: pointer([...path, key]), detail: 'unknown field' }))
    }
    return [{ pointer: pointer(path), detail: issue.message }]
  })
  const seen = new Set<string>()
  return all.filter((e) => !seen.has(e.pointer) && seen.add(e.pointer))
}

/** The hook every API route uses: a bad body is 422, a bad path or query parameter 400. */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (result.success) return
  if (result.target === 'json') {
    throw problem(422, 'Invalid request body', { errors: fieldErrors(result.error) })
  }
  throw problem(400, 'Invalid request', {
    errors: result.error.issues.map((i) => ({ parameter: String(i.path[0] ?? ''), detail: i.message })),
  })
}
