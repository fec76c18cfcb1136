// WebSub publish pings (https://www.w3.org/TR/websub/): after a write, tell the hub which feeds changed.
import { FEED_FORMATS, feedUrl } from '../model/urls'

const PING_TIMEOUT_MS = 10_000

/** Every feed URL an article in these sections appears in: each section's three formats and the site-wide three. */
export function affectedFeedUrls(base: string, sections: Iterable<string>): string[] {
  const urls = new Set<string>()
  for (const format of FEED_FORMATS) urls.add(feedUrl(base, null, format))
  for (const slug of sections) for (const format of FEED_FORMATS) urls.add(feedUrl(base, slug, format))
  return [...urls]
}

export interface PingResult {
  url: string
  status: number | null
  error?: string
}

/**
 * Sends `hub.mode=publish` for each URL (one POST each, in parallel). Never throws: a failing hub must
 * not fail a publish; the results say what happened.
 */
export async function pingHub(hubUrl: string, urls: readonly string[], fetcher: typeof fetch = fetch): Promise<PingResult[]> {
  return Promise.all(
    urls.map(async (url): Promise<PingResult> => {
      try {
        const res = await fetcher(hubUrl, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': url }).toString(),
          signal: AbortSignal.timeout(PING_TIMEOUT_MS),
        })
        await res.body?.cancel()
        return res.ok ? { url, status: res.status } : { url, status: res.status, error: `hub answered ${res.status}` }
      } catch (error) {
        return { url, status: null, error: error instanceof Error ? error.message : String(error) }
      }
    }),
  )
}
