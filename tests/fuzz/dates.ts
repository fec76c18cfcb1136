// Dates for the fuzz: ISO 8601 with every offset form, in range, near month ends, long ago, scheduled,
// outside the accepted range, impossible on the calendar, or malformed.
import fc from 'fast-check'
import type { Bugs } from './bugs'

const DAY = 86_400_000
const BAGHDAD = 3 * 3_600_000

export interface DateGen {
  /** What is sent: usually a string. */
  value: unknown
  /** The instant it names (valid ones only). */
  ms?: number
  kind: 'recent' | 'month-edge' | 'old' | 'future' | 'out-of-range' | 'impossible' | 'malformed'
}

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0')

/** `ms` written at the given offset (minutes east of UTC), with or without seconds and fractions. */
export function isoAt(ms: number, offsetMin: number, style: number): string {
  const local = new Date(ms + offsetMin * 60_000)
  const date = `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`
  let time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`
  if (style % 3 !== 0 || local.getUTCSeconds() !== 0 || local.getUTCMilliseconds() !== 0) time += `:${pad(local.getUTCSeconds())}`
  if (style % 3 === 2) time += `.${pad(local.getUTCMilliseconds(), 3)}${'0'.repeat(style % 7)}`
  const zone = offsetMin === 0 && style % 2 === 0 ? 'Z' : `${offsetMin < 0 ? '-' : '+'}${pad(Math.trunc(Math.abs(offsetMin) / 60))}:${pad(Math.abs(offsetMin) % 60)}`
  return `${date}T${time}${zone}`
}

const OFFSETS = [180, 0, 0, -300, 840, -720, 330, 180, 60]

function instant(min: number, max: number) {
  return fc.tuple(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.constantFrom(...OFFSETS), fc.nat(20), fc.nat(999)).map(([r, offset, style, msPart]) => {
    const second = Math.floor((min + Math.floor((r / 2 ** 31) * (max - min))) / 1000) * 1000
    const ms = second + (style % 3 === 2 ? msPart : 0)
    return { value: isoAt(ms, offset, style), ms }
  })
}

/** Within a few hours of a Baghdad month's start, so the archive month depends on the offset being read right. */
function monthEdge(first: { y: number; m: number }, now: number) {
  const months = (new Date(now).getUTCFullYear() - first.y) * 12 + new Date(now).getUTCMonth() - (first.m - 1)
  return fc.tuple(fc.nat(Math.max(0, months - 1)), fc.integer({ min: -4 * 3600, max: 4 * 3600 }), fc.constantFrom(...OFFSETS), fc.nat(20)).map(([k, sec, offset, style]) => {
    const start = Date.UTC(first.y, first.m - 1 + k + 1, 1) - BAGHDAD
    const ms = Math.min(start + sec * 1000, now - DAY)
    return { value: isoAt(ms, offset, style), ms }
  })
}

const IMPOSSIBLE = [
  '2024-02-30T10:00:00+03:00', '2023-02-29T10:00:00+03:00', '2023-04-31T08:00:00Z', '2024-13-01T00:00:00+03:00',
  '2024-00-10T00:00:00+03:00', '2024-02-18T24:00:00+03:00', '2024-02-18T23:60:00+03:00', '2024-02-18T12:13:61+03:00',
  '2024-02-18T12:13:00+25:00',
]
const MALFORMED: unknown[] = ['2024-02-18', '18/02/2024 12:13', '2024-02-18T12:13:00', '', 'أمس', '2024-02-18 12:13:00+03:00', 1708240380000, null]
const OUT_OF_RANGE = ['0001-01-01T00:00:00Z', '1000-06-15T12:00:00+03:00', '1969-12-31T23:59:59Z', '2286-11-20T17:46:40Z', '9999-12-31T23:59:59+03:00']

export function dateGen(now: number, bugs: Bugs, archiveStart: { y: number; m: number }): fc.Arbitrary<DateGen> {
  const recent = Date.UTC(archiveStart.y, archiveStart.m - 1, 1) - BAGHDAD
  const arbs: { arbitrary: fc.Arbitrary<DateGen>; weight: number }[] = [
    { arbitrary: instant(recent + DAY, now - DAY).map((d) => ({ ...d, kind: 'recent' as const })), weight: 70 },
    { arbitrary: monthEdge(archiveStart, now).map((d) => ({ ...d, kind: 'month-edge' as const })), weight: 12 },
    { arbitrary: instant(Date.UTC(1990, 0, 2), recent - DAY).map((d) => ({ ...d, kind: 'old' as const })), weight: 6 },
    { arbitrary: fc.constantFrom(...MALFORMED).map((value) => ({ value, kind: 'malformed' as const })), weight: 3 },
  ]
  if (!bugs.has('scheduling')) arbs.push({ arbitrary: instant(now + 2 * DAY, now + 360 * DAY).map((d) => ({ ...d, kind: 'future' as const })), weight: 5 })
  if (!bugs.has('date-range')) {
    const far = instant(now + 400 * DAY, now + 60 * 365 * DAY).map((d) => ({ value: d.value }))
    arbs.push({ arbitrary: fc.oneof(fc.constantFrom(...OUT_OF_RANGE).map((value) => ({ value })), far).map((d) => ({ ...d, kind: 'out-of-range' as const })), weight: 4 })
  }
  if (!bugs.has('impossible-dates')) arbs.push({ arbitrary: fc.constantFrom(...IMPOSSIBLE).map((value) => ({ value, kind: 'impossible' as const })), weight: 3 })
  return fc.oneof(...arbs)
}

/** Whether a generated date must be refused. */
export function dateIsBad(d: DateGen): boolean {
  return d.kind === 'malformed' || d.kind === 'out-of-range' || d.kind === 'impossible'
}
