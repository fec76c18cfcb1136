// Who polls a feed, read from its User-Agent alone: a hosted aggregator stating how many subscribers it polls
// for, a crawler or monitor (no subscriber), or a direct reader (one person). Pure; nothing here is stored.

/** What a poll's User-Agent says about its audience. */
export type Poller =
  /** `id`: what tells this aggregator's feeds apart (its own feed id, else the User-Agent without the number). */
  | { kind: 'aggregator'; reader: string; subscribers: number; id: string }
  | { kind: 'crawler'; reader: string }
  | { kind: 'direct' }

/** The reader name the API gives every direct reader (NetNewsWire, newsboat, browsers…): one person each. */
export const DIRECT = 'direct'

/** Hosted aggregators by a word of their User-Agent; any other that states "N subscribers" is named by its first word. */
const AGGREGATORS: [RegExp, string][] = [
  [/feedly/i, 'Feedly'],
  [/inoreader/i, 'Inoreader'],
  [/feedbin/i, 'Feedbin'],
  [/newsblur/i, 'NewsBlur'],
  [/theoldreader/i, 'The Old Reader'],
  [/bazqux/i, 'BazQux'],
  [/dreamwidth/i, 'Dreamwidth'],
  [/feedspot/i, 'Feedspot'],
  [/feedwrangler/i, 'Feed Wrangler'],
  [/tt-rss|tiny tiny rss/i, 'Tiny Tiny RSS'],
  [/miniflux/i, 'Miniflux'],
  [/freshrss/i, 'FreshRSS'],
]

/** "462 subscribers", "2 readers", "1 subscriber": how aggregators state their count. */
const STATED = /(\d{1,9})\s+(?:subscribers?|readers?)\b/i
/** Feedbin `feed-id:1697787`, The Old Reader `feed-id=cead6c…`, NewsBlur `/site/7704055/`. */
const FEED_ID = /feed-?id[:=]\s*([\w-]{1,64})|newsblur\.com\/site\/(\d{1,20})/i

/**
 * Crawlers, monitors and validators: they poll, nobody reads through them. Matched before anything else, so a
 * crawler that names a browser is still a crawler.
 */
const CRAWLERS: [RegExp, string][] = [
  [/googlebot|google-inspectiontool|feedfetcher-google/i, 'Googlebot'],
  [/bingbot|bingpreview|msnbot/i, 'Bingbot'],
  [/applebot/i, 'Applebot'],
  [/yandex/i, 'YandexBot'],
  [/baiduspider/i, 'Baiduspider'],
  [/duckduckbot/i, 'DuckDuckBot'],
  [/ahrefs/i, 'AhrefsBot'],
  [/semrush/i, 'SemrushBot'],
  [/mj12bot|dotbot|petalbot|bytespider|gptbot|ccbot|claudebot|amazonbot|facebookexternalhit|meta-externalagent/i, 'other crawler'],
  [/uptimerobot|pingdom|statuscake|site24x7|betteruptime|uptime-kuma|hetrixtools|freshping|datadog|checkly/i, 'monitor'],
  [/validator|w3c_|feedvalidator/i, 'validator'],
]

/**
 * Reads a User-Agent. The empty one is a crawler (no reader sends none).
 * @example readPoller('Feedbin feed-id:1697787 - 102 subscribers') // { kind: 'aggregator', reader: 'Feedbin', subscribers: 102, id: '1697787' }
 */
export function readPoller(userAgent: string): Poller {
  const ua = userAgent.trim()
  if (ua === '') return { kind: 'crawler', reader: 'no User-Agent' }
  for (const [pattern, reader] of CRAWLERS) if (pattern.test(ua)) return { kind: 'crawler', reader }
  const stated = STATED.exec(ua)
  if (!stated) return { kind: 'direct' }
  const reader = AGGREGATORS.find(([pattern]) => pattern.test(ua))?.[1] ?? firstWord(ua)
  const idMatch = FEED_ID.exec(ua)
  const id = idMatch ? (idMatch[1] ?? idMatch[2] ?? '') : ua.replace(STATED, '').replace(/\s+/g, ' ')
  return { kind: 'aggregator', reader, subscribers: Number(stated[1]), id }
}

/** An unknown aggregator's name: the first product token that is not "Mozilla/5.0". */
function firstWord(ua: string): string {
  const words = ua.replace(/^Mozilla\/[\d.]+\s*(\(compatible;\s*)?/i, '').split(/[\s/;()]+/)
  return (words.find((w) => /[a-z]/i.test(w)) ?? 'aggregator').slice(0, 40)
}
