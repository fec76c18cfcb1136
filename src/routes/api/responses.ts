// OpenAPI response shapes the API routes share.
import type { z } from '@hono/zod-openapi'
import { ProblemSchema } from './schemas'

/** An RFC 9457 problem body. */
export const problemContent = { 'application/problem+json': { schema: ProblemSchema } }

/** A JSON body of `schema`; its type is kept, so `c.req.valid('json')` is typed by the schema. */
export const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } })
