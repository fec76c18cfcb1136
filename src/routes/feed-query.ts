// The query of a feed or archive request, validated with zod: ?limit= ?page= ?tag= ?author= ?q=. Anything bad is
// one 400 problem naming each parameter; unknown parameters are ignored (they reach neither the canonical URL nor
// the ETag).
import { z } from 'zod'
import { type ArchiveBound, DEFAULT_LIMIT, type FeedFilters, type FeedQuery, MAX_LIMIT, decodePageToken } from '../feeds/query'
import { MIN_WORD_CHARS, searchWords } from '../model/arabic'
import type { FieldError } from '../http/problem'
import { problem } from '../http/problem'

const MAX_FILTER_CHARS = 100
const FILTER_DETAIL = `1 to ${MAX_FILTER_CHARS} characters`

/** A parameter given exactly once: its value. */
const once = z.array(z.string()).length(1, 'give it once').transform((values) => values[0]!)

/** A filter: NFC, trimmed, 1 to MAX_FILTER_CHARS characters (code points, as readers count them). */
const filter = once.pipe(
  z
    .string()
    .transform((value) => value.normalize('NFC').trim())
    .refine((value) => value !== '' && Array.from(value).length <= MAX_FILTER_CHARS, FILTER_DETAIL),
)

const limit = once.pipe(
  z
    .string()
    .refine((value) => /^\d{1,3}$/.test(value) && +value >= 1 && +value <= MAX_LIMIT, {
      error: (issue) => `a whole number from 1 to ${MAX_LIMIT}, got ${JSON.stringify(issue.input)}`,
    })
    .transform(Number),
)

const page = once.pipe(
  z.string().transform((value, ctx) => {
    const token = decodePageToken(value)
    if (token) return token
    ctx.addIssue({ code: 'custom', message: "not a page token of this feed (follow the feed's next and previous links)" })
    return z.NEVER
  }),
)

/** A search: at least one word the index can find (MIN_WORD_CHARS letters or more). */
const search = filter.refine((value) => searchWords(value).length > 0, `at least one word of ${MIN_WORD_CHARS} or more letters`)

/** An archive document's bound: a sort key, as the archive's own links give it. */
const sortKey = once.pipe(
  z
    .string()
    .refine((value) => /^\d{1,16}$/.test(value) && Number.isSafeInteger(Number(value)), "a position from the archive's own links")
    .transform(Number),
)

const FILTERS = { tag: filter.optional(), author: filter.optional(), q: search.optional() }
const archiveSchema = z.object({ ...FILTERS, from: sortKey.optional(), until: sortKey.optional() })
const feedQuerySchema = z.object({ ...FILTERS, limit: limit.optional(), page: page.optional() })

/** Throws the feed's 400 problem listing `errors`. */
export function invalidQuery(errors: FieldError[]): never {
  throw problem(400, 'Invalid query', { detail: errors.map((e) => `${e.parameter}: ${e.detail}`).join('; '), errors })
}

type Queries = (name: string) => string[] | undefined

function read<T extends z.ZodObject>(schema: T, queries: Queries): { data?: z.output<T>; errors: FieldError[] } {
  const input = Object.fromEntries(Object.keys(schema.shape).map((name) => [name, queries(name)]))
  const result = schema.safeParse(input)
  if (result.success) return { data: result.data, errors: [] }
  return { errors: result.error.issues.map((issue) => ({ parameter: String(issue.path[0] ?? ''), detail: issue.message })) }
}

function definedFilters(data: { tag?: string | undefined; author?: string | undefined; q?: string | undefined }): FeedFilters {
  const filters: FeedFilters = {}
  if (data.tag !== undefined) filters.tag = data.tag
  if (data.author !== undefined) filters.author = data.author
  if (data.q !== undefined) filters.q = data.q
  return filters
}

/** ?limit=N (1 to 100), ?page=TOKEN and the filters of a subscription feed. */
export function parseFeedQuery(queries: Queries): FeedQuery {
  const { data, errors } = read(feedQuerySchema, queries)
  if (!data) invalidQuery(errors)
  return { limit: data.limit ?? DEFAULT_LIMIT, page: data.page ?? null, ...definedFilters(data) }
}

/**
 * The filters and the document bound of an archive (`from` or `until`, not both); the errors come back for the
 * route to add its path's own.
 */
export function parseArchiveQuery(queries: Queries): { filters: FeedFilters; bound: ArchiveBound; errors: FieldError[] } {
  const { data, errors } = read(archiveSchema, queries)
  if (!data) return { filters: {}, bound: null, errors }
  if (data.from !== undefined && data.until !== undefined) {
    return { filters: {}, bound: null, errors: [{ parameter: 'until', detail: 'give from or until, not both' }] }
  }
  const bound: ArchiveBound = data.from !== undefined ? { from: data.from } : data.until !== undefined ? { until: data.until } : null
  return { filters: definedFilters(data), bound, errors }
}
