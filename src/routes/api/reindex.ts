// POST /api/reindex: one step of the migration of the KV index into D1 (publish/reindex.ts); call until done.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import type { AppEnv } from '../../env'
import { validationHook } from '../../http/validation'
import { reindexStep } from '../../publish/reindex'
import { storesOf } from '../../store/d1'
import { purgeFeeds } from './notify'

export const reindexRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })

reindexRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/reindex',
    summary: 'Migrate data written before the index moved to D1 (one step; repeat until done)',
    description: 'Idempotent: with nothing left it changes nothing and answers done. `npm run reindex -- --url URL` repeats it.',
    responses: {
      200: {
        description: 'What this step migrated',
        content: { 'application/json': { schema: z.object({ sections: z.number(), articles: z.number(), deleted: z.number(), done: z.boolean() }) } },
      },
    },
  }),
  async (c) => {
    const step = await reindexStep(storesOf(c.env), c.var.now)
    if (step.sections + step.articles > 0) await purgeFeeds(c, [])
    return c.json(step, 200)
  },
)
