// /api/articles: create, replace, read, delete and list articles; batches of up to 500.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import type { AppEnv } from '../../env'
import { listArticles } from '../../feeds/list-articles'
import { limitBody } from '../../http/body-limit'
import { problem } from '../../http/problem'
import { fieldErrors, validationHook } from '../../http/validation'
import { problemContent } from './responses'
import { articleState, articleToOutput, draftFromInput } from '../../model/article-json'
import { toRfc3339 } from '../../model/dates'
import type { Section } from '../../model/types'
import { InvalidDraftError } from '../../publish/prepare'
import { allSections, findSection, resolveSection } from '../../publish/sections'
import { SectionForbiddenError, SectionGoneError, type Where, type WriteResult, findArticle, removeArticle, saveArticle, writeEffects } from '../../publish/write'
import { articleWriteRefusal, may, writableSections } from '../../model/roles'
import { actorOf } from '../../publish/audit'
import { forbidden } from './authorize'
import { storesOf } from '../../store/d1'
import { StoreUnavailableError } from '../../store/guard'
import { applyEffects } from './notify'
import {
  ArticleInputSchema,
  ArticleListSchema,
  ArticleOutputSchema,
  BatchResultSchema,
  IdParam,
  LIMITS,
  WriteResultSchema,
} from './schemas'

/** One article's body: 1 MiB; a batch: 16 MiB (Workers accept up to 100 MB). */
const ARTICLE_BODY_LIMIT = 1024 * 1024
const BATCH_BODY_LIMIT = 16 * 1024 * 1024
const BATCH_CONCURRENCY = 10
const LIST_DEFAULT = 50
const LIST_MAX = 100

const errors = {
  400: { description: 'Malformed request', content: problemContent },
  401: { description: 'Missing or wrong token', content: problemContent },
  403: { description: 'The key may not write this section (or schedule, or delete); the problem says what it may do', content: problemContent },
  413: { description: 'Body too large', content: problemContent },
  422: { description: 'Invalid fields, one entry per field', content: problemContent },
}

/** Errors from the write path, as JSON pointers into the article. */
function draftErrors(error: InvalidDraftError, prefix = '#') {
  return error.problems.map((p) => ({ pointer: `${prefix}/${p.field}`, detail: p.detail }))
}


export const articleRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })

articleRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/articles/{id}',
    summary: 'Create or replace an article',
    description: 'Creates (201) or replaces (200) the article. The same article twice changes nothing (status "unchanged").',
    middleware: [limitBody(ARTICLE_BODY_LIMIT)] as const,
    request: { params: IdParam, body: { content: { 'application/json': { schema: ArticleInputSchema } }, required: true } },
    responses: {
      200: { description: 'Replaced, or unchanged', content: { 'application/json': { schema: WriteResultSchema } } },
      201: { description: 'Created', content: { 'application/json': { schema: WriteResultSchema } } },
      ...errors,
    },
  }),
  async (c) => {
    const { id } = c.req.valid('param')
    const input = c.req.valid('json')
    if (input.id !== id) throw problem(422, 'Invalid request body', { errors: [{ pointer: '#/id', detail: 'must equal the id in the path' }] })
    const section = await resolveSection(c.env.DB, input.section)
    if (!section) throw problem(422, 'Invalid request body', { errors: [{ pointer: '#/section', detail: `no section "${input.section}"` }] })
    const principal = c.var.principal
    const draft = { ...draftFromInput(input), section: section.slug }
    const refusal = articleWriteRefusal(principal, section.slug, draft.published > c.var.now)
    if (refusal) throw forbidden(principal, refusal)
    let result: WriteResult
    try {
      const access = { actor: actorOf(principal, 'api'), sectionsAllowed: writableSections(principal) }
      result = await saveArticle(storesOf(c.env), draft, { sections: new Map([[section.slug, section]]), now: c.var.now, ...access })
    } catch (error) {
      if (error instanceof InvalidDraftError) throw problem(422, 'Invalid request body', { errors: draftErrors(error) })
      if (error instanceof SectionForbiddenError) throw forbidden(principal, `write articles in ${error.slug}`)
      throw error
    }
    if (result.status !== 'unchanged') await applyEffects(c, writeEffects([result.article, result.previous], c.var.now))
    const body = { status: result.status, article: articleToOutput(result.article, c.var.now), removed: result.removed }
    if (result.status === 'created') return c.json(body, 201, { Location: `/api/articles/${encodeURIComponent(id)}` })
    return c.json(body, 200)
  },
)

articleRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/articles/{id}',
    summary: 'Read an article',
    request: { params: IdParam },
    responses: {
      200: {
        description: 'The article; `history` (and a Link rel="history") is its audit trail',
        content: { 'application/json': { schema: ArticleOutputSchema.extend({ history: z.string() }) } },
      },
      404: { description: 'No such article', content: problemContent },
      401: errors[401],
    },
  }),
  async (c) => {
    const { id } = c.req.valid('param')
    const article = await findArticle(storesOf(c.env), id)
    if (!article) throw problem(404, 'Article not found', { detail: `No article "${id}".` })
    const history = `/api/audit?article=${encodeURIComponent(id)}`
    return c.json({ ...articleToOutput(article, c.var.now), history }, 200, { Link: `<${history}>; rel="history"` })
  },
)

articleRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/articles/{id}',
    summary: 'Delete an article',
    request: { params: IdParam },
    responses: { 204: { description: 'Deleted' }, 404: { description: 'No such article', content: problemContent }, 401: errors[401], 403: errors[403] },
  }),
  async (c) => {
    const { id } = c.req.valid('param')
    const principal = c.var.principal
    if (!may(principal, 'delete')) throw forbidden(principal, 'delete articles')
    let deleted: Awaited<ReturnType<typeof removeArticle>>
    try {
      deleted = await removeArticle(storesOf(c.env), id, c.var.now, { actor: actorOf(principal, 'api'), sectionsAllowed: writableSections(principal) })
    } catch (error) {
      if (error instanceof SectionForbiddenError) throw forbidden(principal, `delete articles in ${error.slug}`)
      throw error
    }
    if (!deleted) throw problem(404, 'Article not found', { detail: `No article "${id}".` })
    await applyEffects(c, writeEffects([deleted], c.var.now))
    return c.body(null, 204)
  },
)

articleRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/articles',
    summary: 'List articles, newest first, scheduled ones included (with their state)',
    request: {
      query: z.object({
        section: z.string().optional().openapi({ description: 'slug or Arabic name; all sections when absent' }),
        limit: z.coerce.number().int().min(1).max(LIST_MAX).default(LIST_DEFAULT),
        cursor: z.string().max(2048).optional().openapi({ description: 'next_cursor of the previous page' }),
      }),
    },
    responses: {
      200: { description: 'A page of articles', content: { 'application/json': { schema: ArticleListSchema } } },
      400: errors[400],
      401: errors[401],
      404: { description: 'No such section', content: problemContent },
    },
  }),
  async (c) => {
    const { section: wanted, limit, cursor } = c.req.valid('query')
    let slug: string | null = null
    if (wanted !== undefined) {
      const section = await resolveSection(c.env.DB, wanted)
      if (!section) throw problem(404, 'Unknown section', { detail: `There is no section "${wanted}".` })
      slug = section.slug
    }
    const page = await listArticles(storesOf(c.env), slug, limit, cursor)
    return c.json(
      {
        items: page.articles.map((a) => ({
          id: a.id,
          section: a.section,
          title: a.title,
          url: a.url,
          published: toRfc3339(a.published),
          updated: toRfc3339(a.updated),
          state: articleState(a, c.var.now),
        })),
        next_cursor: page.cursor,
      },
      200,
    )
  },
)

type BatchItem = z.infer<typeof BatchResultSchema>['results'][number]

interface BatchInput {
  value?: unknown
  error?: string
  /** NDJSON: the physical line (from 1) the item is on. */
  line?: number
}

/** The items of a batch body: a JSON array, or NDJSON (one article a line; a bad line fails alone, blank lines are skipped). */
function parseBatch(text: string, contentType: string): BatchInput[] {
  if (/ndjson|jsonl|json-seq/i.test(contentType)) {
    return text.split('\n').flatMap((raw, i): BatchInput[] => {
      const line = raw.replace(/^\u001e/, '').trim()
      if (line === '') return []
      try {
        return [{ value: JSON.parse(line) as unknown, line: i + 1 }]
      } catch {
        return [{ error: `line ${i + 1} is not valid JSON`, line: i + 1 }]
      }
    })
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw problem(400, 'Malformed JSON', { detail: 'Send a JSON array of articles, or NDJSON with Content-Type: application/x-ndjson.' })
  }
  if (!Array.isArray(parsed)) throw problem(400, 'Expected an array', { detail: 'A batch is a JSON array of articles.' })
  return parsed.map((value: unknown) => ({ value }))
}

/** `?dry_run`: absent, `true` or `false`, given once; anything else is a 400 (a typo must never write). */
function dryRunParam(values: string[] | undefined): boolean {
  if (values === undefined) return false
  if (values.length === 1 && (values[0] === 'true' || values[0] === 'false')) return values[0] === 'true'
  throw problem(400, 'Invalid query', {
    detail: 'dry_run must be given once, as true or false',
    errors: [{ parameter: 'dry_run', detail: `true or false, got ${JSON.stringify(values.join(','))}` }],
  })
}

articleRoutes.openAPIRegistry.registerPath({
  method: 'post',
  path: '/articles',
  summary: 'Publish a batch of up to 500 articles',
  description: 'A JSON array, or NDJSON (application/x-ndjson). One result per item; a bad item never blocks the rest. `?dry_run=true` validates without writing.',
  security: [{ bearer: [] }],
  request: {
    query: z.object({ dry_run: z.enum(['true', 'false']).optional() }),
    body: {
      content: {
        'application/json': { schema: z.array(ArticleInputSchema).max(LIMITS.batch) },
        'application/x-ndjson': { schema: z.string().openapi({ description: 'one ArticleInput per line' }) },
      },
    },
  },
  responses: {
    200: { description: 'One result per item', content: { 'application/json': { schema: BatchResultSchema } } },
    ...errors,
  },
})

articleRoutes.post('/articles', limitBody(BATCH_BODY_LIMIT), async (c) => {
  const dryRun = dryRunParam(c.req.queries('dry_run'))
  // Bytes then UTF-8: workerd warns when .text() reads a body whose type (NDJSON) names no charset.
  const items = parseBatch(new TextDecoder().decode(await c.req.arrayBuffer()), c.req.header('Content-Type') ?? '')
  if (items.length > LIMITS.batch) {
    throw problem(413, 'Batch too large', { detail: `At most ${LIMITS.batch} articles a batch; got ${items.length}.` })
  }
  const principal = c.var.principal
  if (!may(principal, 'write')) throw forbidden(principal, 'write articles')
  const access = { actor: actorOf(principal, 'batch'), sectionsAllowed: writableSections(principal) }
  const stores = storesOf(c.env)
  const sections: Section[] = await allSections(c.env.DB)
  const bySlug = new Map(sections.map((s) => [s.slug, s]))
  const results: BatchItem[] = []
  const placements: (Where | null)[] = []

  async function one(item: BatchInput, index: number): Promise<BatchItem> {
    const rawId = (item.value as { id?: unknown } | undefined)?.id
    const id = typeof rawId === 'string' ? rawId : null
    const at = item.line === undefined ? { index } : { index, line: item.line }
    const failed = (errors: { pointer: string; detail: string }[]): BatchItem => ({ ...at, id, status: 'failed', errors })
    if (item.error) return failed([{ pointer: `#/${index}`, detail: item.error }])
    const parsed = ArticleInputSchema.safeParse(item.value)
    if (!parsed.success) return failed(fieldErrors(parsed.error, [index]).map((e) => ({ pointer: e.pointer ?? '', detail: e.detail })))
    const input = parsed.data
    const section = findSection(sections, input.section)
    if (!section) return failed([{ pointer: `#/${index}/section`, detail: `no section "${input.section}"` }])
    const draft = { ...draftFromInput(input), section: section.slug }
    const refusal = articleWriteRefusal(principal, section.slug, draft.published > c.var.now)
    if (refusal) return failed([{ pointer: `#/${index}/section`, detail: `this key may not ${refusal}` }])
    try {
      const result = await saveArticle(stores, draft, { sections: bySlug, dryRun, now: c.var.now, ...access })
      if (result.status !== 'unchanged' && !dryRun) placements.push(result.article, result.previous)
      return { ...at, id, status: result.status }
    } catch (error) {
      if (error instanceof InvalidDraftError) return failed(draftErrors(error, `#/${index}`))
      if (error instanceof SectionGoneError || error instanceof SectionForbiddenError) return failed([{ pointer: `#/${index}/section`, detail: error.message }])
      console.error(`batch item ${index} failed:`, error instanceof Error ? error.message : error)
      const retryable = error instanceof StoreUnavailableError
      const detail = retryable ? 'storage did not answer after retries; nothing was left half-written: send it again' : 'could not be stored; try again'
      return retryable ? { ...failed([{ pointer: `#/${index}`, detail }]), retryable } : failed([{ pointer: `#/${index}`, detail }])
    }
  }

  for (let i = 0; i < items.length; i += BATCH_CONCURRENCY) {
    results.push(...(await Promise.all(items.slice(i, i + BATCH_CONCURRENCY).map((item, j) => one(item, i + j)))))
  }
  await applyEffects(c, writeEffects(placements, c.var.now))
  const count = (status: BatchItem['status']) => results.filter((r) => r.status === status).length
  return c.json({
    dry_run: dryRun,
    summary: { created: count('created'), updated: count('updated'), unchanged: count('unchanged'), failed: count('failed') },
    results,
  })
})
