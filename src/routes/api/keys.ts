// /api/keys (admin only): create a named key with a role and sections (its secret shown once), list, revoke.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import type { AppEnv } from '../../env'
import { SETTINGS_BODY_LIMIT, limitBody } from '../../http/body-limit'
import { problem } from '../../http/problem'
import { validationHook } from '../../http/validation'
import { toRfc3339 } from '../../model/dates'
import { ROLES, SECTION_ROLES } from '../../model/roles'
import { createKey } from '../../publish/api-keys'
import { allSections, findSection } from '../../publish/sections'
import { type KeyRow, listKeys, revokeKey } from '../../store/api-keys'
import { ConstraintError } from '../../store/d1'
import { json, problemContent } from './responses'

const KeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    sections: z.array(z.string()).openapi({ description: 'section slugs (editor and importer keys); [] for admin and viewer, which act on all' }),
    created: z.string(),
    created_by: z.string(),
    last_used: z.string().nullable().openapi({ description: 'the start of the UTC hour it was last used in' }),
    revoked: z.string().nullable(),
    revoked_by: z.string().nullable(),
  })
  .openapi('ApiKey')

const KeyInputSchema = z
  .object({
    name: z.string().trim().min(1, 'must not be blank').max(100),
    role: z.enum(ROLES),
    sections: z.array(z.string().min(1)).max(50).optional().openapi({ description: 'slugs or Arabic names; required (one or more) for editor and importer keys' }),
  })
  .strict()
  .openapi('ApiKeyInput')

const KeyIdParam = z.object({ id: z.string().regex(/^[0-9a-f]{12}$/, '12 hex digits').openapi({ param: { name: 'id', in: 'path' } }) })

function keyOutput(row: KeyRow) {
  const time = (ms: number | null) => (ms === null ? null : toRfc3339(ms))
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    sections: row.sections,
    created: toRfc3339(row.created),
    created_by: row.createdBy,
    last_used: time(row.lastUsed),
    revoked: time(row.revoked),
    revoked_by: row.revokedBy,
  }
}

const errors = {
  401: { description: 'Missing or wrong token', content: problemContent },
  403: { description: 'Not an admin key', content: problemContent },
}

export const keyRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })

keyRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/keys',
    summary: 'Create an API key (admin)',
    description: 'Answers the key once, in `key`; only its SHA-256 is stored. Editor and importer keys act on their sections only.',
    middleware: [limitBody(SETTINGS_BODY_LIMIT)] as const,
    request: { body: { content: json(KeyInputSchema), required: true } },
    responses: {
      201: { description: 'Created', content: json(KeySchema.extend({ key: z.string().openapi({ description: 'nashra_{id}_{secret}: shown this once' }) })) },
      409: { description: 'A live key has this name', content: problemContent },
      422: { description: 'Invalid fields', content: problemContent },
      ...errors,
    },
  }),
  async (c) => {
    const input = c.req.valid('json')
    const slugs: string[] = []
    if (SECTION_ROLES.has(input.role)) {
      if (!input.sections || input.sections.length === 0) {
        throw problem(422, 'Invalid request body', { errors: [{ pointer: '#/sections', detail: `required: one or more sections for an ${input.role} key` }] })
      }
      const sections = await allSections(c.env.DB)
      const bad = input.sections.flatMap((wanted, i) => {
        const section = findSection(sections, wanted)
        if (section) slugs.push(section.slug)
        return section ? [] : [{ pointer: `#/sections/${i}`, detail: `no section "${wanted}"` }]
      })
      if (bad.length > 0) throw problem(422, 'Invalid request body', { errors: bad })
    } else if (input.sections && input.sections.length > 0) {
      throw problem(422, 'Invalid request body', { errors: [{ pointer: '#/sections', detail: `an ${input.role} key acts on every section: leave sections out` }] })
    }
    try {
      const { row, secret } = await createKey(c.env.DB, { name: input.name, role: input.role, sections: slugs }, c.var.now, c.var.principal.name)
      return c.json({ ...keyOutput(row), key: secret }, 201, { Location: `/api/keys/${row.id}` })
    } catch (error) {
      if (error instanceof ConstraintError && error.kind === 'unique') throw problem(409, 'Name taken', { detail: `A live key is already named "${input.name}".` })
      throw error
    }
  },
)

keyRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/keys',
    summary: 'List API keys (admin): names, roles, sections, created, last used (to the hour), revoked',
    responses: { 200: { description: 'Every key, newest first; never a secret', content: json(z.object({ keys: z.array(KeySchema) })) }, ...errors },
  }),
  async (c) => c.json({ keys: (await listKeys(c.env.DB)).map(keyOutput) }, 200),
)

keyRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/keys/{id}',
    summary: 'Revoke an API key (admin): refused from the next request on',
    request: { params: KeyIdParam },
    responses: { 204: { description: 'Revoked' }, 404: { description: 'No live key of this id', content: problemContent }, ...errors },
  }),
  async (c) => {
    const { id } = c.req.valid('param')
    if (!(await revokeKey(c.env.DB, id, c.var.now, c.var.principal.name))) throw problem(404, 'Key not found', { detail: `No live key "${id}".` })
    return c.body(null, 204)
  },
)
