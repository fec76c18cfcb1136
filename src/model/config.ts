// The service's settings, read from the Worker's vars once and checked: a bad one fails at start.
import { parseUrl } from './urls'

export interface Config {
  /** The publisher's site, e.g. https://www.mawazin.net (no trailing slash). */
  siteUrl: string
  siteName: string
  siteDescription: string
  /** RFC 4151 tagging entity of every id, e.g. `mawazin.net,2024`: fixed forever, whatever the URLs do. */
  tagAuthority: string
  /**
   * The canonical origin the feeds are served from (the first of PUBLIC_URL), e.g. https://feeds.example.com;
   * empty in development, where only a loopback request origin is trusted.
   */
  publicUrl: string
  /** Every origin PUBLIC_URL lists (the canonical first): a request at one of them is linked to itself. */
  publicOrigins: string[]
  iconUrl: string
  logoUrl: string
  /** Cache-Control max-age in seconds; RSS <ttl> is the same in minutes. */
  maxAge: number
  staleWhileRevalidate: number
  /** WebSub hub feeds advertise and writes ping; empty for none. */
  hubUrl: string
  /** The first month with an archive document (RFC 5005 prev-archive links stop there). */
  archiveStart: { year: number; month: number }
  /** Articles in one archive document at most (RFC 5005); a bigger month is split into documents of this size. */
  archiveMaxItems: number
  /** Development only: upstream sources may be on loopback (ALLOW_LOOPBACK_SOURCES=true). Off by default. */
  allowLoopbackSources: boolean
  /** How long a feed or page waits on KV and D1 before it answers with its last good bytes (or a 503). */
  storeDeadlineMs: number
}

export interface ConfigVars {
  SITE_URL?: string
  SITE_NAME?: string
  SITE_DESCRIPTION?: string
  TAG_AUTHORITY?: string
  PUBLIC_URL?: string
  ICON_URL?: string
  LOGO_URL?: string
  CACHE_MAX_AGE?: string
  CACHE_SWR?: string
  HUB_URL?: string
  ARCHIVE_START?: string
  ARCHIVE_MAX_ITEMS?: string
  ALLOW_LOOPBACK_SOURCES?: string
  STORE_DEADLINE_MS?: string
}

export class ConfigError extends Error {}

export const DEFAULT_MAX_AGE = 300
export const DEFAULT_SWR = 600
export const DEFAULT_ARCHIVE_START = '2020-01'
/** Articles an archive document holds at most unless ARCHIVE_MAX_ITEMS says otherwise (1 to 1,000). */
export const DEFAULT_ARCHIVE_MAX_ITEMS = 100
const MAX_ARCHIVE_ITEMS = 1000
/** How long a feed waits on storage unless STORE_DEADLINE_MS says otherwise (1 to 9,999 ms). */
export const DEFAULT_STORE_DEADLINE_MS = 3_000
/** RFC 4151: taggingEntity = authorityName "," date. */
const TAG_AUTHORITY_PATTERN = /^[a-z0-9.-]+,\d{4}(-\d{2}(-\d{2})?)?$/

function origin(name: string, value: string | undefined, required: boolean): string {
  if (!value) {
    if (required) throw new ConfigError(`${name} is required`)
    return ''
  }
  const url = parseUrl(value)
  if (!url) throw new ConfigError(`${name} must be an absolute URL, got "${value}"`)
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(`${name} must be http(s)`)
  return url.href.replace(/\/+$/, '')
}

/** PUBLIC_URL: a comma-separated list of origins (scheme, host, port; no path), the first canonical. */
function origins(name: string, value: string | undefined): string[] {
  const list = (value ?? '').split(',').map((v) => v.trim()).filter(Boolean)
  return list.map((text) => {
    const href = origin(name, text, true)
    const url = new URL(href)
    if (url.origin !== href) throw new ConfigError(`${name} must list origins only (no path, query or user), got "${text}"`)
    return url.origin
  })
}

function seconds(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback
  if (!/^\d{1,7}$/.test(value)) throw new ConfigError(`${name} must be a whole number of seconds, got "${value}"`)
  return Number(value)
}

function month(name: string, value: string | undefined): { year: number; month: number } {
  const match = /^(\d{4})-(\d{2})$/.exec(value || DEFAULT_ARCHIVE_START)
  const m = Number(match?.[2])
  if (!match || m < 1 || m > 12) throw new ConfigError(`${name} must be a month like 2023-01, got "${value}"`)
  return { year: Number(match[1]), month: m }
}

function count(name: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined || value === '') return fallback
  if (!/^\d{1,4}$/.test(value) || +value < 1 || +value > max) throw new ConfigError(`${name} must be a whole number from 1 to ${max}, got "${value}"`)
  return Number(value)
}

function flag(name: string, value: string | undefined): boolean {
  if (value === undefined || value === '' || value === 'false') return false
  if (value === 'true') return true
  throw new ConfigError(`${name} must be "true" or "false", got "${value}"`)
}

/**
 * The settings that shape what is served, as one string: all but how long a request waits on storage. A feed's
 * ETag and its cache entries are made of it, so changing the deadline changes no ETag.
 */
export function shapeOf(config: Config): string {
  const { storeDeadlineMs: _, ...shape } = config
  return JSON.stringify(shape)
}

/** Checks and completes the vars. Throws ConfigError naming the bad one. */
export function parseConfig(vars: ConfigVars): Config {
  const siteUrl = origin('SITE_URL', vars.SITE_URL, true)
  const siteName = (vars.SITE_NAME ?? '').normalize('NFC').trim()
  if (!siteName) throw new ConfigError('SITE_NAME is required')
  const tagAuthority = (vars.TAG_AUTHORITY ?? '').trim()
  if (!TAG_AUTHORITY_PATTERN.test(tagAuthority)) {
    throw new ConfigError(`TAG_AUTHORITY must look like "example.com,2024" (RFC 4151), got "${tagAuthority}"`)
  }
  const publicOrigins = origins('PUBLIC_URL', vars.PUBLIC_URL)
  return {
    siteUrl,
    siteName,
    siteDescription: (vars.SITE_DESCRIPTION ?? '').normalize('NFC').trim() || `آخر الأخبار من ${siteName}`,
    tagAuthority,
    publicUrl: publicOrigins[0] ?? '',
    publicOrigins,
    iconUrl: origin('ICON_URL', vars.ICON_URL, false) || `${siteUrl}/favicon.ico`,
    logoUrl: origin('LOGO_URL', vars.LOGO_URL, false) || `${siteUrl}/logo.png`,
    maxAge: seconds('CACHE_MAX_AGE', vars.CACHE_MAX_AGE, DEFAULT_MAX_AGE),
    staleWhileRevalidate: seconds('CACHE_SWR', vars.CACHE_SWR, DEFAULT_SWR),
    hubUrl: origin('HUB_URL', vars.HUB_URL, false),
    archiveStart: month('ARCHIVE_START', vars.ARCHIVE_START),
    archiveMaxItems: count('ARCHIVE_MAX_ITEMS', vars.ARCHIVE_MAX_ITEMS, DEFAULT_ARCHIVE_MAX_ITEMS, MAX_ARCHIVE_ITEMS),
    allowLoopbackSources: flag('ALLOW_LOOPBACK_SOURCES', vars.ALLOW_LOOPBACK_SOURCES),
    storeDeadlineMs: count('STORE_DEADLINE_MS', vars.STORE_DEADLINE_MS, DEFAULT_STORE_DEADLINE_MS, 9_999),
  }
}
