// /api/sections: the sections feeds are cut by (Arabic name, description, order).
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import type { AppEnv } from '../../env'
import { SETTINGS_BODY_LIMIT, limitBody } from '../../http/body-limit'
import { problem } from '../../http/problem'
import { validationHook } from '../../http/validation'
import { json, problemContent } from './responses'
import { toRfc3339 } from '../../model/dates'
import type { Section } from '../../model/types'
import { InvalidDraftError } from '../../publish/prepare'
import { SectionConflictError, allSections, findSectionBySlug, removeSection, upsertSection } from '../../publish/sections'
import { SectionInputSchema, SectionSchema, SlugParam } from './schemas'
import { purgeFeeds } from './notify'


function sectionOutput(section: Section) {
  return { slug: section.slug, name: section.name, description: section.description, order: section.order, updated: toRfc3339(section.updated) }
}

export const sectionRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })

sectionRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/sections',
    summary: 'List sections in directory order',
    responses: { 200: { description: 'Sections', content: json(z.object({ sections: z.array(SectionSchema) })) } },
  }),
  async (c) => c.json({ sections: (await allSections(c.env.DB)).map(sectionOutput) }, 200),
)

sectionRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/sections/{slug}',
    summary: 'Read a section',
    request: { params: SlugParam },
    responses: { 200: { description: 'The section', content: json(SectionSchema) }, 404: { description: 'No such section', content: problemContent } },
  }),
  async (c) => {
    const { slug } = c.req.valid('param')
    const section = await findSectionBySlug(c.env.DB, slug)
    if (!section) throw problem(404, 'Section not found', { detail: `No section "${slug}".` })
    return c.json(sectionOutput(section), 200)
  },
)

sectionRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/sections/{slug}',
    summary: 'Create or change a section',
    middleware: [limitBody(SETTINGS_BODY_LIMIT)] as const,
    request: { params: SlugParam, body: { content: json(SectionInputSchema), required: true } },
    responses: {
      200: { description: 'Changed or unchanged', content: json(z.object({ status: z.string(), section: SectionSchema })) },
      201: { description: 'Created', content: json(z.object({ status: z.string(), section: SectionSchema })) },
      409: { description: 'Another section has this name', content: problemContent },
      422: { description: 'Invalid fields', content: problemContent },
    },
  }),
  async (c) => {
    const { slug } = c.req.valid('param')
    try {
      // The clock stamps the section's change time here, in the request, never in rendering.
      const result = await upsertSection(c.env.DB, slug, c.req.valid('json'), c.var.now)
      if (result.status !== 'unchanged') await purgeFeeds(c, [slug])
      const body = { status: result.status, section: sectionOutput(result.section) }
      return result.status === 'created' ? c.json(body, 201) : c.json(body, 200)
    } catch (error) {
      if (error instanceof SectionConflictError) throw problem(409, 'Section name taken', { detail: error.message })
      if (error instanceof InvalidDraftError) {
        throw problem(422, 'Invalid request body', { errors: error.problems.map((p) => ({ pointer: `#/${p.field}`, detail: p.detail })) })
      }
      throw error
    }
  },
)

sectionRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/sections/{slug}',
    summary: 'Delete an empty section',
    request: { params: SlugParam },
    responses: {
      204: { description: 'Deleted' },
      404: { description: 'No such section', content: problemContent },
      409: { description: 'The section still has articles', content: problemContent },
    },
  }),
  async (c) => {
    const { slug } = c.req.valid('param')
    const outcome = await removeSection(c.env.DB, slug, c.var.now)
    if (outcome === 'missing') throw problem(404, 'Section not found', { detail: `No section "${slug}".` })
    if (outcome === 'not-empty') {
      throw problem(409, 'Section has articles', { detail: `Move or delete the articles of "${slug}" first.` })
    }
    await purgeFeeds(c, [slug])
    return c.body(null, 204)
  },
)
