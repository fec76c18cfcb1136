// The publishing API's schemas: they validate requests and generate /api/openapi.json, one source for both.
// An article input's own checks are the domain's (src/publish/article-input.ts); this adds the API's shapes.
import { z } from '@hono/zod-openapi'
import { isTimeZone } from '../../ingest/dates'
import { isEncoding } from '../../ingest/decode'
import { ARTICLE_ID_PATTERN, SECTION_SLUG_PATTERN, SOURCE_ID_PATTERN } from '../../model/ids'
import { ARTICLE_MESSAGES, ArticleInputSchema, AuthorSchema, HttpUrl, ImageSchema, LIMITS, NonBlank } from '../../publish/article-input'

export { ArticleInputSchema, AuthorSchema, ImageSchema, LIMITS }

const ArticleStateSchema = z
  .enum(['scheduled', 'published'])
  .openapi({ description: 'scheduled: published after now, so in no feed or page until that time' })

export const ArticleOutputSchema = z
  .object({
    id: z.string(),
    section: z.string(),
    section_name: z.string(),
    title: z.string(),
    summary: z.string(),
    content: z.string(),
    url: z.string(),
    authors: z.array(AuthorSchema),
    published: z.string(),
    updated: z.string(),
    state: ArticleStateSchema,
    tags: z.array(z.string()),
    dateline: z.string().optional(),
    image: ImageSchema.optional(),
  })
  .openapi('Article')

export const WriteResultSchema = z
  .object({
    status: z.enum(['created', 'updated', 'unchanged']),
    article: ArticleOutputSchema,
    removed: z.record(z.string(), z.number()).openapi({ description: 'what cleaning the HTML removed, by kind' }),
  })
  .openapi('WriteResult')

export const ArticleSummarySchema = z
  .object({ id: z.string(), section: z.string(), title: z.string(), url: z.string(), published: z.string(), updated: z.string(), state: ArticleStateSchema })
  .openapi('ArticleSummary')

export const ArticleListSchema = z
  .object({ items: z.array(ArticleSummarySchema), next_cursor: z.string().nullable() })
  .openapi('ArticleList')

export const BatchResultSchema = z
  .object({
    dry_run: z.boolean(),
    summary: z.object({ created: z.number(), updated: z.number(), unchanged: z.number(), failed: z.number() }),
    results: z.array(
      z.object({
        index: z.number(),
        line: z.number().optional().openapi({ description: 'NDJSON: the line of the body the item is on, counting from 1' }),
        id: z.string().nullable(),
        status: z.enum(['created', 'updated', 'unchanged', 'failed']),
        errors: z.array(z.object({ pointer: z.string(), detail: z.string() })).optional(),
        retryable: z.boolean().optional().openapi({ description: 'true when the item failed for storage, not its content: send it again' }),
      }),
    ),
  })
  .openapi('BatchResult')

export const SectionInputSchema = z
  .strictObject({
    name: NonBlank(LIMITS.sectionName).openapi({ example: 'تقارير' }),
    description: z.string().max(LIMITS.sectionDescription).optional(),
    order: z.number().int().min(0).max(1_000_000).optional(),
  })
  .openapi('SectionInput')

export const SectionSchema = z
  .object({ slug: z.string(), name: z.string(), description: z.string(), order: z.number(), updated: z.string() })
  .openapi('Section')

export const SourceInputSchema = z
  .strictObject({
    url: HttpUrl.openapi({ example: 'https://old-cms.example/rss.xml' }),
    section: NonBlank(80).openapi({ description: 'section slug or Arabic name' }),
    interval: z.number().int().min(5).max(1_440).optional().openapi({ description: 'minutes between pulls (default 15)' }),
    time_zone: z
      .string()
      .max(64)
      .refine(isTimeZone, 'an IANA time zone, e.g. Asia/Baghdad')
      .optional()
      .openapi({ description: 'where the upstream\'s dates without a zone are local time (default Asia/Baghdad)' }),
    encoding: z
      .string()
      .max(40)
      .refine(isEncoding, 'an encoding label, e.g. windows-1256')
      .optional()
      .openapi({ description: 'the upstream\'s encoding, for a feed that does not say it (tried after a byte-order mark, before the HTTP charset and the XML declaration)' }),
  })
  .openapi('SourceInput')

export const SourceSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    section: z.string(),
    interval: z.number(),
    time_zone: z.string(),
    encoding: z.string().nullable(),
    last_checked: z.string().nullable(),
    last_success: z.string().nullable(),
    last_status: z.string().nullable(),
    last_error: z.string().nullable().openapi({ description: 'at most 1,000 bytes' }),
    failures: z.number().int().openapi({ description: 'failed pulls in a row; each doubles the wait, up to a day' }),
    next_attempt: z.string().nullable().openapi({ description: 'not pulled before this time (Retry-After or backoff); null: by its interval' }),
  })
  .openapi('Source')

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    detail: z.string().optional(),
    errors: z.array(z.object({ pointer: z.string().optional(), parameter: z.string().optional(), detail: z.string() })).optional(),
  })
  .openapi('Problem')

export const IdParam = z.object({
  id: z
    .string()
    .regex(ARTICLE_ID_PATTERN, ARTICLE_MESSAGES.id)
    .openapi({ param: { name: 'id', in: 'path' }, example: '2024-02-18-qaani-baghdad' }),
})
export const SourceIdParam = z.object({
  id: z
    .string()
    .regex(SOURCE_ID_PATTERN, 'letters, digits, ".", "_" or "-", at most 64')
    .openapi({ param: { name: 'id', in: 'path' }, example: 'old-cms' }),
})
export const SlugParam = z.object({
  slug: z.string().regex(SECTION_SLUG_PATTERN, 'lower-case ASCII letters, digits and "-", at most 40').openapi({ param: { name: 'slug', in: 'path' }, example: 'reports' }),
})
