// Gets an upstream document's bytes, bounded: every hop's URL is checked before it is fetched (redirects are
// followed by hand, at most 5), the body is streamed and cut at the cap, counted in bytes after the content
// decoding (gzip) whatever the headers claim, and the whole exchange runs under one timeout.
import { checkUpstreamUrl, type UpstreamUrlPolicy } from '../model/upstream-url'

export const FETCH_LIMITS = {
  timeoutMs: 10_000,
  /** Decoded bytes of one document. */
  bytes: 5 * 1024 * 1024,
  /** Redirects followed from the source's URL to the document. */
  redirects: 5,
}
const USER_AGENT = 'Nashra-feed-puller/1.0'
const ACCEPT = 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.5'
/** workerd's fetch decodes gzip itself (tested), so the stream we read is already decoded. */
const ACCEPT_ENCODING = 'gzip'
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308])

/** A failure to get the document; `retryAfter` is the upstream's Retry-After header, if it sent one. */
export class UpstreamError extends Error {
  constructor(
    message: string,
    readonly retryAfter: string | null = null,
  ) {
    super(message)
    this.name = 'UpstreamError'
  }
}

export interface FetchUpstreamOptions {
  fetcher: typeof fetch
  policy: UpstreamUrlPolicy
  limits: typeof FETCH_LIMITS
  /** Validators of the last document, sent back for a conditional GET. */
  etag?: string | null
  lastModified?: string | null
}

export type Upstream =
  | { status: 'not-modified'; url: string; headers: Headers }
  | { status: 'ok'; url: string; headers: Headers; bytes: Uint8Array }

/**
 * Fetches `url` for the pull.
 * @throws UpstreamError for a refused URL or hop, a non-2xx answer, too many redirects, or a body over the cap;
 *   the timeout's own TimeoutError when the exchange takes too long
 */
export async function fetchUpstream(url: string, options: FetchUpstreamOptions): Promise<Upstream> {
  const { fetcher, policy, limits } = options
  const signal = AbortSignal.timeout(limits.timeoutMs)
  const headers: Record<string, string> = { Accept: ACCEPT, 'Accept-Encoding': ACCEPT_ENCODING, 'User-Agent': USER_AGENT }
  if (options.etag) headers['If-None-Match'] = options.etag
  if (options.lastModified) headers['If-Modified-Since'] = options.lastModified
  let target = checkUpstreamUrl(url, undefined, policy)
  for (let hop = 0; ; hop++) {
    if (!target.ok) throw new UpstreamError(hop === 0 ? `refused: ${target.detail}` : `redirect refused: ${target.detail}`)
    const here = target.url.href
    const res = await fetcher(here, { headers, redirect: 'manual', signal })
    if (REDIRECT_STATUSES.has(res.status)) {
      await discard(res)
      const location = res.headers.get('Location')
      if (!location) throw new UpstreamError(`upstream answered ${res.status} without a Location`)
      if (hop >= limits.redirects) throw new UpstreamError(`more than ${limits.redirects} redirects`)
      target = checkUpstreamUrl(location, here, policy)
      continue
    }
    if (res.status === 304) {
      await discard(res)
      return { status: 'not-modified', url: here, headers: res.headers }
    }
    if (!res.ok) {
      await discard(res)
      throw new UpstreamError(`upstream answered ${res.status}`, res.headers.get('Retry-After'))
    }
    // A declared length over the cap ends it early; the stream is counted anyway, whatever the headers say.
    const declared = Number(res.headers.get('Content-Length') ?? 0)
    if (declared > limits.bytes) {
      await discard(res)
      throw new UpstreamError(`document of ${declared} bytes exceeds ${limits.bytes}`)
    }
    return { status: 'ok', url: here, headers: res.headers, bytes: await readCapped(res.body, limits.bytes) }
  }
}

async function discard(res: Response): Promise<void> {
  await res.body?.cancel().catch(() => undefined)
}

/**
 * Reads the whole body, or stops reading (and cancels the stream) as soon as it passes `cap` bytes. The fetch's
 * timeout signal covers the body too: a stalled read rejects with it.
 */
async function readCapped(body: ReadableStream<Uint8Array> | null, cap: number): Promise<Uint8Array> {
  if (!body) return new Uint8Array()
  const reader = body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > cap) {
      await reader.cancel().catch(() => undefined)
      throw new UpstreamError(`document exceeds ${cap} bytes`)
    }
    chunks.push(value)
  }
  const bytes = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return bytes
}
