// When a source is pulled next: its interval after a success; after a failure, the later of the upstream's
// Retry-After and an exponential backoff on consecutive failures. Pure: the time is always passed in.
import type { Source, SourceStatus } from '../model/types'

/** The longest wait we accept from Retry-After or backoff: a source is tried at least once a day. */
export const MAX_DELAY_MS = 24 * 60 * 60_000

/**
 * Retry-After (RFC 9110 §10.2.3) as a delay in ms from `now`: delay-seconds or an HTTP-date; null when absent
 * or unreadable. Capped at MAX_DELAY_MS; a date in the past is 0.
 */
export function retryAfterMs(value: string | null, now: number): number | null {
  if (value === null) return null
  const trimmed = value.trim()
  let delay: number
  if (/^\d+$/.test(trimmed)) delay = Number(trimmed) * 1000
  else {
    const at = Date.parse(trimmed)
    if (Number.isNaN(at) || !/[a-z]/i.test(trimmed)) return null
    delay = at - now
  }
  return Math.min(MAX_DELAY_MS, Math.max(0, delay))
}

/**
 * When to try again after the `failures`-th failure in a row: the interval, doubled for each further failure
 * (1×, 2×, 4×, ... up to a day), or later if the upstream asked for it.
 */
export function nextAttemptAfterFailure(now: number, intervalMinutes: number, failures: number, retryAfter: number | null): number {
  const backoff = Math.min(MAX_DELAY_MS, intervalMinutes * 60_000 * 2 ** Math.min(20, Math.max(0, failures - 1)))
  return now + Math.max(backoff, retryAfter ?? 0)
}

/** Whether a source is due at `now`: its scheduled next attempt when it has one, else its interval. */
export function isDue(source: Source, status: SourceStatus | null, now: number): boolean {
  if (status?.lastChecked == null) return true
  if (status.nextAttempt != null) return now >= status.nextAttempt
  return now - status.lastChecked >= source.interval * 60_000
}

/** Sources due at `now`, least recently checked first, at most `max`. */
export function dueSources<T extends { source: Source; status: SourceStatus | null }>(all: T[], now: number, max: number): T[] {
  return all
    .filter(({ source, status }) => isDue(source, status, now))
    .sort((a, b) => (a.status?.lastChecked ?? 0) - (b.status?.lastChecked ?? 0))
    .slice(0, max)
}
