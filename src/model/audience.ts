// What the audience count is about: the Baghdad day of a poll, which paths are feeds people subscribe to (and
// the path that stands for a feed's three formats together), and the audience settings. Pure.
import { BAGHDAD_OFFSET_MS } from './dates'
import { isSectionSlug } from './ids'
import { FEED_FILES } from './urls'

/** Daily rows are kept this long unless AUDIENCE_RETENTION_DAYS says otherwise, then summed by month. */
export const DEFAULT_RETENTION_DAYS = 400
/** An isolate writes its pending counts once it holds this many (AUDIENCE_BATCH) … */
export const DEFAULT_BATCH = 50
/** … or once its oldest pending count is this old (AUDIENCE_FLUSH_SECONDS), at the next poll it answers. */
export const DEFAULT_FLUSH_SECONDS = 30

const DAY_MS = 86_400_000
const FILES: ReadonlySet<string> = new Set(Object.values(FEED_FILES))

export interface AudienceSettings {
  /** AUDIENCE=off: nothing is counted (the bench's comparison). */
  enabled: boolean
  retentionDays: number
  batch: number
  flushMs: number
}

export interface AudienceVars {
  AUDIENCE?: string
  AUDIENCE_RETENTION_DAYS?: string
  AUDIENCE_BATCH?: string
  AUDIENCE_FLUSH_SECONDS?: string
}

function whole(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback
  if (!/^\d{1,6}$/.test(value) || +value < min || +value > max) throw new Error(`${name} must be a whole number from ${min} to ${max}, got "${value}"`)
  return Number(value)
}

/** Checks the audience vars; a bad one throws, naming it. */
export function parseAudienceSettings(vars: AudienceVars): AudienceSettings {
  if (vars.AUDIENCE !== undefined && vars.AUDIENCE !== '' && vars.AUDIENCE !== 'on' && vars.AUDIENCE !== 'off') {
    throw new Error(`AUDIENCE must be "on" or "off", got "${vars.AUDIENCE}"`)
  }
  return {
    enabled: vars.AUDIENCE !== 'off',
    retentionDays: whole('AUDIENCE_RETENTION_DAYS', vars.AUDIENCE_RETENTION_DAYS, DEFAULT_RETENTION_DAYS, 1, 100_000),
    batch: whole('AUDIENCE_BATCH', vars.AUDIENCE_BATCH, DEFAULT_BATCH, 1, 500),
    flushMs: whole('AUDIENCE_FLUSH_SECONDS', vars.AUDIENCE_FLUSH_SECONDS, DEFAULT_FLUSH_SECONDS, 0, 86_400) * 1000,
  }
}

/** The Baghdad day of an instant: `2026-12-02`. */
export function baghdadDay(ms: number): string {
  return new Date(ms + BAGHDAD_OFFSET_MS).toISOString().slice(0, 10)
}

/** The Baghdad day `days` before the day of `ms`. */
export function dayBefore(ms: number, days: number): string {
  return baghdadDay(ms - days * DAY_MS)
}

/** `YYYY-MM-DD` that is a real day. */
export function isDay(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text)
}

/**
 * A subscription feed's path and the path of its formats together, or null for anything else: archive
 * documents (a reader walks them once, nobody subscribes to one) and non-canonical names (they answer 301, and
 * the reader is counted where it lands).
 * @example subscriptionFeed('/feeds/reports/rss.xml') // { feed: '/feeds/reports/rss.xml', group: '/feeds/reports/*' }
 */
export function subscriptionFeed(pathname: string): { feed: string; group: string; section: string | null } | null {
  const match = /^\/feeds\/(?:([^/]+)\/)?([^/]+)$/.exec(pathname)
  if (!match || !FILES.has(match[2] ?? '')) return null
  const section = match[1] ?? null
  if (section !== null && !isSectionSlug(section)) return null
  return { feed: pathname, group: section === null ? '/feeds/*' : `/feeds/${section}/*`, section }
}

/** A partner's `ref` as the embed takes it (letters, digits, `.`, `_`, `-`; at most 64), else '' (none). */
export function partnerRef(ref: string | null | undefined): string {
  return ref && /^[A-Za-z0-9._-]{1,64}$/.test(ref) ? ref : ''
}
