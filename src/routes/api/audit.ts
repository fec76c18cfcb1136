// /api/audit: the trail of article writes and deletes, newest first, and failed authentications per hour.
// Read-only: no route updates or deletes a row.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import type { AppEnv } from '../../env'
import { problem } from '../../http/problem'
import { validationHook } from '../../http/validation'
import { toRfc3339 } from '../../model/dates'
import { ARTICLE_ID_PATTERN } from '../../model/ids'
import { failuresBetween } from '../../store/api-keys'
import { type AuditRow, listAudit } from '../../store/audit-log'
import { json, problemContent } from './responses'

const LIST_DEFAULT = 50
const LIST_MAX = 200
const HOUR_MS = 3_600_000
/** Failures are listed for the last two days unless `from` says otherwise. */
const FAILURES_DEFAULT_SPAN_MS = 48 * HOUR_MS
/** RFC 3339 with an offset (or Z): a bound without one would mean a different instant on every machine. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/

const Instant = z.string().regex(INSTANT, 'an RFC 3339 time with an offset, e.g. 2024-02-18T00:00:00+03:00')

const AuditEntrySchema = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    actor: z.string().openapi({ description: 'the key name when written, "ADMIN_TOKEN", or "pull: {source id}"' }),
    key: z.string().nullable().openapi({ description: 'the key id (null for ADMIN_TOKEN and the pull)' }),
    door: z.enum(['api', 'batch', 'pull']),
    article: z.string(),
    section: z.string(),
    action: z.enum(['created', 'updated', 'deleted', 'scheduled', 'unchanged']),
    fields: z.array(z.string()).nullable().openapi({ description: 'for updates: the names of the fields that changed' }),
    title: z.string().openapi({ description: 'the title written (for a delete: the last title)' }),
  })
  .openapi('AuditEntry')

function entryOutput(row: AuditRow) {
  return { seq: row.seq, at: toRfc3339(row.at), actor: row.actor, key: row.keyId, door: row.door, article: row.article, section: row.section, action: row.action, fields: row.fields, title: row.title }
}

function instant(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const ms = Date.parse(value)
  if (Number.isNaN(ms)) throw problem(400, 'Invalid query', { errors: [{ parameter: 'from/to', detail: `not a real time: ${JSON.stringify(value)}` }] })
  return ms
}

const errors = { 400: { description: 'Malformed query', content: problemContent }, 401: { description: 'Missing or wrong token', content: problemContent } }

export const auditRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })

auditRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/audit',
    summary: 'The audit trail: one row per article write or delete, newest first',
    request: {
      query: z.object({
        from: Instant.optional(),
        to: Instant.optional(),
        article: z.string().regex(ARTICLE_ID_PATTERN).optional(),
        key: z.string().regex(/^[0-9a-f]{12}$/).optional().openapi({ description: 'a key id' }),
        limit: z.coerce.number().int().min(1).max(LIST_MAX).default(LIST_DEFAULT),
        cursor: z.string().regex(/^\d{1,15}$/).optional().openapi({ description: 'next_cursor of the previous page' }),
      }),
    },
    responses: { 200: { description: 'A page of the trail', content: json(z.object({ items: z.array(AuditEntrySchema), next_cursor: z.string().nullable() })) }, ...errors },
  }),
  async (c) => {
    const q = c.req.valid('query')
    const { rows, more } = await listAudit(c.env.DB, {
      from: instant(q.from),
      to: instant(q.to),
      article: q.article,
      keyId: q.key,
      before: q.cursor === undefined ? undefined : Number(q.cursor),
      limit: q.limit,
    })
    const last = rows.at(-1)
    return c.json({ items: rows.map(entryOutput), next_cursor: more && last ? String(last.seq) : null }, 200)
  },
)

auditRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/audit/failures',
    summary: 'Failed authentications per UTC hour (for /stats): a credential sent that was not valid',
    request: { query: z.object({ from: Instant.optional(), to: Instant.optional() }) },
    responses: {
      200: { description: 'Hours with failures, oldest first (the last 48 hours unless from/to say)', content: json(z.object({ hours: z.array(z.object({ hour: z.string(), count: z.number().int() })) })) },
      ...errors,
    },
  }),
  async (c) => {
    const q = c.req.valid('query')
    const to = instant(q.to) ?? c.var.now
    const from = instant(q.from) ?? to - FAILURES_DEFAULT_SPAN_MS
    const rows = await failuresBetween(c.env.DB, Math.floor(from / HOUR_MS) * HOUR_MS, to)
    return c.json({ hours: rows.map((r) => ({ hour: toRfc3339(r.hour), count: r.n })) }, 200)
  },
)
