// Pings the WebSub hub about the feeds a request changed, once per request, off the response path.
import type { Context } from 'hono'
import type { AppEnv } from '../../env'
import { servedOrigins } from '../../http/config'
import { affectedFeedUrls, pingHub } from '../../publish/notify'

/** Schedules one ping per affected feed URL with waitUntil; does nothing without HUB_URL or changes. */
export function notifyHub(c: Context<AppEnv>, sections: Iterable<string>): void {
  const hub = c.var.config.hubUrl
  const slugs = [...new Set(sections)]
  if (!hub || slugs.length === 0) return
  // Each served origin's documents link to themselves, so each origin's feed URLs are topics.
  const urls = servedOrigins(c.var.config, c.req.url).flatMap((origin) => affectedFeedUrls(origin, slugs))
  c.executionCtx.waitUntil(
    pingHub(hub, urls).then((results) => {
      const failed = results.filter((r) => r.error)
      if (failed.length > 0) console.warn(`WebSub: ${failed.length} of ${results.length} pings failed: ${failed[0]?.error}`)
    }),
  )
}
