// Date formats the feeds use. The publisher's clock is Baghdad time: UTC+3 all year (no daylight saving).

/** Baghdad's offset from UTC in milliseconds (UTC+3, no DST since 2008). */
export const BAGHDAD_OFFSET_MS = 3 * 60 * 60 * 1000
const BAGHDAD_SUFFIX = '+03:00'

/** RFC 822 / RFC 1123 date as RSS 2.0 wants it, in GMT: `Sun, 18 Feb 2024 09:13:00 GMT`. */
export function toRfc822(ms: number): string {
  return new Date(ms).toUTCString()
}

/** RFC 3339 in Baghdad local time, whole seconds: `2024-02-18T12:13:00+03:00`. */
export function toRfc3339(ms: number): string {
  return new Date(ms + BAGHDAD_OFFSET_MS).toISOString().slice(0, 19) + BAGHDAD_SUFFIX
}

/** Year and month (1-12) of an instant on Baghdad's calendar: monthly archives follow the publisher's months. */
export function baghdadMonth(ms: number): { year: number; month: number } {
  const local = new Date(ms + BAGHDAD_OFFSET_MS)
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1 }
}

/** Milliseconds of a Baghdad wall-clock time. */
export function fromBaghdad(year: number, month: number, day: number, hour = 0, minute = 0): number {
  return Date.UTC(year, month - 1, day, hour, minute) - BAGHDAD_OFFSET_MS
}

/** Drops the milliseconds: every format shows whole seconds, so the stored time does too. */
export function wholeSeconds(ms: number): number {
  return Math.floor(ms / 1000) * 1000
}

/** Month names as Iraqi readers use them (the Syriac names: كانون الثاني، شباط، …). */
const IRAQI_MONTHS = ['كانون الثاني', 'شباط', 'آذار', 'نيسان', 'أيار', 'حزيران', 'تموز', 'آب', 'أيلول', 'تشرين الأول', 'تشرين الثاني', 'كانون الأول']

/**
 * A date as the publisher prints it, in Baghdad time: `18 شباط 2024، 12:13`. Deterministic: no ICU,
 * no locale data, the same everywhere.
 */
export function formatArabicDate(ms: number): string {
  const local = new Date(ms + BAGHDAD_OFFSET_MS)
  const time = `${String(local.getUTCHours()).padStart(2, '0')}:${String(local.getUTCMinutes()).padStart(2, '0')}`
  return `${local.getUTCDate()} ${IRAQI_MONTHS[local.getUTCMonth()]} ${local.getUTCFullYear()}، ${time}`
}

/** A Baghdad calendar month as readers name it: `شباط 2024`. */
export function formatArabicMonth(year: number, month: number): string {
  return `${IRAQI_MONTHS[month - 1] ?? ''} ${year}`
}

/** The earliest publication time accepted: 1 January 1990, midnight in Baghdad. */
export const EARLIEST_PUBLISHED = Date.UTC(1990, 0, 1) - BAGHDAD_OFFSET_MS
/** How far ahead an article may be scheduled: 366 days after the request (a year, leap years included). */
export const MAX_SCHEDULE_AHEAD_MS = 366 * 24 * 60 * 60 * 1000

/** ISO 8601 date-time as the API takes it: seconds and fraction optional, an offset (Z or ±hh:mm) required. */
const ISO_PARTS = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|([+-])(\d{2}):(\d{2}))$/

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/**
 * Reads an ISO 8601 date-time with an offset, refusing what the calendar does not have: `Date.parse` moves
 * 2024-02-30 to 1 March and T24:00 to the next day; here they are errors. Returns epoch ms, or the reason.
 * @example parseIsoDateTime('2024-02-18T12:13:00+03:00') // { ms: 1708247580000 }
 */
export function parseIsoDateTime(text: string): { ms: number } | { error: string } {
  const m = ISO_PARTS.exec(text)
  if (!m) return { error: 'ISO 8601 with an offset, e.g. 2024-02-18T12:13:00+03:00' }
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number]
  const second = m[6] === undefined ? 0 : Number(m[6])
  if (month < 1 || month > 12) return { error: `no month ${m[2]}` }
  if (day < 1 || day > daysInMonth(year, month)) return { error: `no day ${m[3]} in ${m[1]}-${m[2]}` }
  if (hour > 23) return { error: `no hour ${m[4]} (00 to 23)` }
  if (minute > 59) return { error: `no minute ${m[5]} (00 to 59)` }
  if (second > 59) return { error: `no second ${m[6]} (00 to 59)` }
  if (m[8] !== 'Z' && (Number(m[10]) > 23 || Number(m[11]) > 59)) return { error: `no offset ${m[8]}` }
  const ms = Date.parse(text)
  return Number.isNaN(ms) ? { error: 'not a real date' } : { ms }
}

/**
 * Where a publication time may fall, given the request's `now`: from EARLIEST_PUBLISHED to
 * MAX_SCHEDULE_AHEAD_MS after `now`. Null when inside, else the reason (with the range).
 */
export function publishedOutOfRange(published: number, now: number): string | null {
  const latest = now + MAX_SCHEDULE_AHEAD_MS
  if (published >= EARLIEST_PUBLISHED && published <= latest) return null
  return `must be from ${toRfc3339(EARLIEST_PUBLISHED)} to ${toRfc3339(latest)} (a year after now)`
}
