// Pings the WebSub hub about the feeds a request changed, once per request, off the response path.
import type { Context } from 'hono'
import type { AppEnv } from '../../env'
import { servedOrigins } from '../../http/config'
import { purgeScopes } from '../../http/feed-cache'
import { affectedFeedUrls, pingHub } from '../../websub/notify'
import type { WriteEffects } from '../../publish/write'
import { SITE_SCOPE } from '../../store/keys'

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

/**
 * Purges every cached representation of these sections' feeds and the site-wide ones (pages, filters, archives)
 * in this isolate and this data centre's Cache API; awaited, so a poll after the write's answer sees it.
 * Scheduled articles count too: the copies must learn when they enter.
 */
export async function purgeFeeds(c: Context<AppEnv>, sections: Iterable<string>): Promise<void> {
  await purgeScopes(c.var.config, [...sections, SITE_SCOPE], Math.max(c.var.now, Date.now()))
}

/** What a write changed (publish/write.ts writeEffects): purged before the answer, pinged after it. */
export async function applyEffects(c: Context<AppEnv>, effects: WriteEffects): Promise<void> {
  if (effects.purge.length > 0) await purgeScopes(c.var.config, effects.purge, Math.max(c.var.now, Date.now()))
  notifyHub(c, effects.ping)
}
