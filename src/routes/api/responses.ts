// OpenAPI response shapes the API routes share.
import type { z } from '@hono/zod-openapi'
import { ProblemSchema } from './schemas'

/** An RFC 9457 problem body. */
export const problemContent = { 'application/problem+json': { schema: ProblemSchema } }

/** A JSON body of `schema`. */
export const json = (schema: z.ZodType) => ({ 'application/json': { schema } })
