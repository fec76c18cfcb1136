// What an article input must be: the one set of article checks and their messages. The API validates request
// bodies with it (and documents it in /api/openapi.json), the importer and the upstream pull validate items with it,
// and the write path (prepare.ts) reports the same messages for what it checks again after cleaning.
import { z } from '@hono/zod-openapi'
import { parseIsoDateTime } from '../model/dates'
import { ARTICLE_ID_PATTERN } from '../model/ids'
import { parseHttpUrl } from '../model/urls'

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

/** The messages an article's checks give, here and in the write path. */
export const ARTICLE_MESSAGES = {
  id: 'letters, digits, ".", "_" or "-", at most 128',
  url: 'an absolute http(s) URL',
  blank: 'must not be blank',
  updatedBeforePublished: 'must not be before published',
} as const

export const HttpUrl = z
  .string()
  .max(LIMITS.url)
  .refine((value) => parseHttpUrl(value) !== null, ARTICLE_MESSAGES.url)
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
export const DateTime = z
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

export const NonBlank = (max: number) => z.string().max(max).refine((s) => s.trim() !== '', ARTICLE_MESSAGES.blank)

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
    id: z.string().regex(ARTICLE_ID_PATTERN, ARTICLE_MESSAGES.id).openapi({ example: '2024-02-18-qaani-baghdad' }),
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
      ctx.addIssue({ code: 'custom', path: ['updated'], message: ARTICLE_MESSAGES.updatedBeforePublished })
    }
  })
  .openapi('ArticleInput')
