// The publishing API's schemas: they validate requests and generate /api/openapi.json, one source for both.
import { z } from '@hono/zod-openapi'
import { isTimeZone } from '../ingest/dates'
import { parseIsoDateTime } from '../model/dates'
import { ARTICLE_ID_PATTERN, SECTION_SLUG_PATTERN, SOURCE_ID_PATTERN } from '../model/ids'

// Every message names what was wrong: a missing field is "required", a field of the wrong type says what type
// was expected ("expected a string"), never "required".
z.config({
  customError: (issue) => {
    if (issue.code !== 'invalid_type') return undefined
    if (issue.input === undefined) return 'required'
    const input = issue.input
    const got = input === null ? 'null' : Array.isArray(input) ? 'an array' : Number.isNaN(input) ? 'something else' : `a ${typeof input}`
    const expected = issue.expected === 'array' || issue.expected === 'object' ? `an ${issue.expected}` : `a ${issue.expected}`
    return `expected ${expected}, got ${got}`
  },
})

export const LIMITS = {
  title: 300,
  summary: 1_000,
  content: 200_000,
  url: 2_048,
  authors: 20,
  tags: 30,
  tag: 60,
  sectionName: 60,
  sectionDescription: 300,
  batch: 500,
} as const

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return url.protocol === 'https:' || url.protocol === 'http:'
  } catch {
    return false
  }
}

const HttpUrl = z
  .string()
  .max(LIMITS.url)
  .refine(isHttpUrl, 'an absolute http(s) URL')
  .openapi({ format: 'uri', example: 'https://www.mawazin.net/news/123' })

/** Epoch ms of a date-time the schema accepted (NaN otherwise). */
function timeOf(text: string): number {
  const parsed = parseIsoDateTime(text)
  return 'ms' in parsed ? parsed.ms : Number.NaN
}

/**
 * A real calendar date-time with an offset: 2024-02-30 and T24:00 are refused, never moved to another day.
 * Its range (1990 to a year after the request) depends on the clock, so the write path checks it.
 */
const DateTime = z
  .string()
  .superRefine((text, ctx) => {
    const parsed = parseIsoDateTime(text)
    if ('error' in parsed) ctx.addIssue({ code: 'custom', message: parsed.error })
  })
  .openapi({
    format: 'date-time',
    example: '2024-02-18T12:13:00+03:00',
    description: 'from 1990-01-01T00:00:00+03:00 to a year after the request; a future time schedules the article',
  })

const NonBlank = (max: number) => z.string().max(max).refine((s) => s.trim() !== '', 'must not be blank')

export const ImageSchema = z
  .strictObject({
    url: HttpUrl,
    type: z.string().regex(/^image\/[a-z0-9.+-]+$/, 'an image MIME type, e.g. image/jpeg'),
    length: z.number().int().min(0).openapi({ description: 'size in bytes' }),
    width: z.number().int().positive().optional(),
    height: z.number().int().positive().optional(),
    caption: z.string().max(500).optional(),
    credit: z.string().max(200).optional(),
  })
  .openapi('Image')

export const AuthorSchema = z.strictObject({ name: NonBlank(100), url: HttpUrl.optional() }).openapi('Author')

export const ArticleInputSchema = z
  .strictObject({
    id: z.string().regex(ARTICLE_ID_PATTERN, 'letters, digits, ".", "_" or "-", at most 128').openapi({ example: '2024-02-18-qaani-baghdad' }),
    section: NonBlank(80).openapi({ description: 'section slug or Arabic name', example: 'reports' }),
    title: NonBlank(LIMITS.title),
    summary: z.string().max(LIMITS.summary).optional().openapi({ description: 'plain text; defaults to the start of the content' }),
    content: NonBlank(LIMITS.content).openapi({ description: 'HTML; cleaned to an allowlist when written' }),
    url: HttpUrl,
    authors: z.array(AuthorSchema).max(LIMITS.authors).optional(),
    published: DateTime,
    updated: DateTime.optional().openapi({ description: 'defaults to published' }),
    tags: z.array(NonBlank(LIMITS.tag)).max(LIMITS.tags).optional(),
    dateline: z.string().max(100).optional(),
    image: ImageSchema.optional(),
  })
  .superRefine((a, ctx) => {
    if (a.updated !== undefined && timeOf(a.updated) < timeOf(a.published)) {
      ctx.addIssue({ code: 'custom', path: ['updated'], message: 'must not be before published' })
    }
  })
  .openapi('ArticleInput')

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
  })
  .openapi('SourceInput')

export const SourceSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    section: z.string(),
    interval: z.number(),
    time_zone: z.string(),
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
    .regex(ARTICLE_ID_PATTERN, 'letters, digits, ".", "_" or "-", at most 128')
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
