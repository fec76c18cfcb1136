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
