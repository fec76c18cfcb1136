// /api/sources: upstream feeds the scheduled pull brings into a section.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import type { AppEnv } from '../../env'
import { SETTINGS_BODY_LIMIT, limitBody } from '../../http/body-limit'
import { problem } from '../../http/problem'
import { validationHook } from '../../http/validation'
import { json, problemContent } from './responses'
import { DEFAULT_TIME_ZONE } from '../../ingest/dates'
import { toRfc3339 } from '../../model/dates'
import type { Source, SourceStatus } from '../../model/types'
import { checkUpstreamUrl } from '../../model/upstream-url'
import { SourceIdParam, SourceInputSchema, SourceSchema } from './schemas'
import { resolveSection } from '../../publish/sections'
import { DEFAULT_INTERVAL_MINUTES, allSources, findSource, removeSource, saveSource } from '../../publish/sources'

const time = (ms: number | null | undefined) => (ms == null ? null : toRfc3339(ms))

function sourceOutput(source: Source, status: SourceStatus | null) {
  return {
    id: source.id,
    url: source.url,
    section: source.section,
    interval: source.interval,
    time_zone: source.timeZone ?? DEFAULT_TIME_ZONE,
    encoding: source.encoding ?? null,
    last_checked: time(status?.lastChecked),
    last_success: time(status?.lastSuccess),
    last_status: status?.lastStatus ?? null,
    last_error: status?.lastError ?? null,
    failures: status?.failures ?? 0,
    next_attempt: time(status?.nextAttempt),
  }
}

export const sourceRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })

sourceRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/sources',
    summary: 'List upstream sources and how their last pull went',
    responses: { 200: { description: 'Sources', content: json(z.object({ sources: z.array(SourceSchema) })) } },
  }),
  async (c) => c.json({ sources: (await allSources(c.env.ARTICLES)).map((s) => sourceOutput(s.source, s.status)) }, 200),
)

sourceRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/sources/{id}',
    summary: 'Read a source',
    request: { params: SourceIdParam },
    responses: { 200: { description: 'The source', content: json(SourceSchema) }, 404: { description: 'No such source', content: problemContent } },
  }),
  async (c) => {
    const { id } = c.req.valid('param')
    const found = await findSource(c.env.ARTICLES, id)
    if (!found) throw problem(404, 'Source not found', { detail: `No source "${id}".` })
    return c.json(sourceOutput(found.source, found.status), 200)
  },
)

sourceRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/sources/{id}',
    summary: 'Create or change an upstream source',
    middleware: [limitBody(SETTINGS_BODY_LIMIT)] as const,
    request: { params: SourceIdParam, body: { content: json(SourceInputSchema), required: true } },
    responses: {
      200: { description: 'Changed', content: json(SourceSchema) },
      201: { description: 'Created', content: json(SourceSchema) },
      422: { description: 'Invalid fields', content: problemContent },
    },
  }),
  async (c) => {
    const { id } = c.req.valid('param')
    const input = c.req.valid('json')
    const kv = c.env.ARTICLES
    const config = c.var.config
    const section = await resolveSection(c.env.DB, input.section)
    // Never inward: not loopback, private, link-local..., and not this service (PUBLIC_URL's hosts, the host asked).
    const selfHosts = [new URL(c.req.url).hostname, ...config.publicOrigins.map((origin: string) => new URL(origin).hostname)]
    const checked = checkUpstreamUrl(input.url, undefined, { selfHosts, allowLoopback: config.allowLoopbackSources })
    const errors = [
      ...(checked.ok ? [] : [{ pointer: '#/url', detail: checked.detail }]),
      ...(section ? [] : [{ pointer: '#/section', detail: `no section "${input.section}"` }]),
    ]
    if (!checked.ok || !section) throw problem(422, 'Invalid request body', { errors })
    const source: Source = { id, url: checked.url.href, section: section.slug, interval: input.interval ?? DEFAULT_INTERVAL_MINUTES }
    if (input.time_zone) source.timeZone = input.time_zone
    if (input.encoding) source.encoding = input.encoding.trim().toLowerCase()
    const outcome = await saveSource(kv, source)
    const found = await findSource(kv, id)
    const body = sourceOutput(source, found?.status ?? null)
    return outcome === 'created' ? c.json(body, 201) : c.json(body, 200)
  },
)

sourceRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/sources/{id}',
    summary: 'Delete a source (its articles stay)',
    request: { params: SourceIdParam },
    responses: { 204: { description: 'Deleted' }, 404: { description: 'No such source', content: problemContent } },
  }),
  async (c) => {
    const { id } = c.req.valid('param')
    if (!(await removeSource(c.env.ARTICLES, id))) throw problem(404, 'Source not found', { detail: `No source "${id}".` })
    return c.body(null, 204)
  },
)
