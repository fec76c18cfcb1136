// Reads the dates real feeds carry: RFC 822 (any digits, named zones), RFC 3339 / ISO 8601, numeric day-first
// forms and Arabic ones with Iraqi/Levantine, Egyptian or Maghrebi month names. A time without a zone is
// wall-clock time in the source's time zone (default Asia/Baghdad). Pure: no clock.

export const DEFAULT_TIME_ZONE = 'Asia/Baghdad'
/** Years outside this range are a misread (`+0300` taken for a year), not a date. */
const MIN_YEAR = 1970
const MAX_YEAR = 2200

/**
 * RFC 822 §5.1 zones, the names feedparser also reads (ET, CT, MT, PT as standard time; MET, MEST), and the
 * names Arabic sites print (AST: Arabia Standard Time, as they mean it, where feedparser reads Atlantic).
 */
const NAMED_ZONES: Record<string, number> = {
  UT: 0, UTC: 0, GMT: 0, Z: 0,
  EST: -5, EDT: -4, CST: -6, CDT: -5, MST: -7, MDT: -6, PST: -8, PDT: -7, ET: -5, CT: -6, MT: -7, PT: -8, AT: -4, ADT: -3,
  AST: 3, MSK: 3, EET: 2, EEST: 3, CET: 1, CEST: 2, MET: 1, MEST: 2, WET: 0, WEST: 1, BST: 1,
}
const ENGLISH_MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

/** Arabic month names, spelled as normalizeArabic leaves them (no hamza on alef, ى as ي). */
const ARABIC_MONTHS: [string, number][] = [
  // Iraqi / Levantine (Syriac names)
  ['كانون الثاني', 1], ['شباط', 2], ['اذار', 3], ['نيسان', 4], ['ايار', 5], ['حزيران', 6], ['تموز', 7], ['اب', 8],
  ['ايلول', 9], ['تشرين الاول', 10], ['تشرين الثاني', 11], ['كانون الاول', 12],
  // Egyptian / Gulf (from the Latin names), with their common spellings
  ['يناير', 1], ['فبراير', 2], ['مارس', 3], ['ابريل', 4], ['ابريل', 4], ['مايو', 5], ['يونيو', 6], ['يونيه', 6],
  ['يوليو', 7], ['يوليه', 7], ['اغسطس', 8], ['سبتمبر', 9], ['اكتوبر', 10], ['نوفمبر', 11], ['ديسمبر', 12],
  // Maghrebi
  ['ماي', 5], ['يوليوز', 7], ['غشت', 8], ['شتنبر', 9], ['نونبر', 11], ['دجنبر', 12],
]
// Longest first, so «تشرين الثاني» is not read as a bare «تشرين» and «يوليوز» not as «يوليو».
const ARABIC_MONTH_PATTERN = [...new Set(ARABIC_MONTHS.map(([n]) => n))].sort((a, b) => b.length - a.length).join('|')
const ARABIC_MONTH_NUMBER = new Map(ARABIC_MONTHS)

const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(am|pm|ص|م|صباحا|مساء|مساءا)?`
/** A zone: `Z`, an offset, `GMT+3`, a name, or an IANA zone (`Etc/GMT`, `Asia/Baghdad`); a JS Date.toString()
 *  adds the zone's long name in parentheses, which says nothing more. */
const ZONE_TOKEN = String.raw`Z|[+-]\d{2}:?\d{2}|[+-]\d{2}\b|(?:GMT|UTC)(?:[+-]\d{1,2}(?::?\d{2})?)?|[A-Za-z_]+\/[A-Za-z_+-]+(?:\/[A-Za-z_+-]+)?|[A-Z]{1,5}`
const ZONE = String.raw`(?:\s*(${ZONE_TOKEN})(?:\s*\([^)]*\))?)?`
const ISO = new RegExp(String.raw`^(\d{4})-(\d{2})-(\d{2})(?:[T\s]+${TIME}${ZONE})?$`, 'i')
/** W3C-DTF's reduced forms: `2003-12` and `2003` (the first instant of that month or year). */
const ISO_REDUCED = /^(\d{4})(?:-(\d{2}))?$/
const RFC822 = new RegExp(String.raw`^(?:[a-z]+,?\s*)?(\d{1,2})[\s,-]+([a-z]{3,9})\.?[\s,-]+(\d{2,4})(?:[\s,]+${TIME}${ZONE})?$`, 'i')
/** Month before day: asctime (`Sun Jan  4 16:29:06 2004`), Twitter's (`… 16:29:06 +0000 2004`), and a JS
 *  Date.toString() (`Thu Feb 29 2024 17:26:16 GMT+0300 (Arabian Standard Time)`). */
const MONTH_FIRST = new RegExp(String.raw`^(?:[a-z]+,?\s*)?([a-z]{3,9})\.?\s+(\d{1,2}),?\s+(?:(\d{4})\s+${TIME}${ZONE}|${TIME}${ZONE}\s+(\d{4}))$`, 'i')
const NUMERIC = new RegExp(String.raw`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[\s,T-]+${TIME}${ZONE})?$`, 'i')
const NUMERIC_YMD = new RegExp(String.raw`^(?:[a-z]+,?\s*)?(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?:[\s,T-]+${TIME}${ZONE})?$`, 'i')
const ARABIC = new RegExp(String.raw`^(?:[\p{L}]+\s*,?\s*)?(\d{1,2})\s*(?:من\s+)?(${ARABIC_MONTH_PATTERN})(?:\s*/\s*[\p{L}]+(?:\s[\p{L}]+)?)?\s*,?\s*(\d{4})(?:\s*(?:,|-|الساعة|في)?\s*${TIME}${ZONE})?$`, 'iu')

export type DateResult = { ok: true; ms: number } | { ok: false; reason: string }

/** Western digits for Arabic-Indic and Eastern Arabic-Indic ones; Arabic comma and marks folded for matching. */
export function normalizeDateText(value: string): string {
  return value
    .normalize('NFC')
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[\u060C\u066B]/g, ',')
    .replace(/[\u0623\u0625\u0622\u0671]/g, 'ا')
    .replace(/\u0649/g, 'ي')
    .replace(/[\u0640\u064B-\u065F\u200E\u200F\u061C]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
}

/** Offset (ms) of `timeZone` from UTC at the instant `ms`. */
function zoneOffset(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  }).formatToParts(new Date(ms))
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(ms / 1000) * 1000
}

/** The instant of a wall-clock time in `timeZone` (an IANA name). */
export function fromZonedTime(wall: number, timeZone: string): number {
  const first = wall - zoneOffset(wall, timeZone)
  return wall - zoneOffset(first, timeZone)
}

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone })
    return true
  } catch {
    return false
  }
}

function zoneMinutes(zone: string): number | null | undefined | string {
  if (!zone) return undefined
  // An IANA name is a zone like the source's own: its offset is read at the instant.
  if (zone.includes('/')) return isTimeZone(zone) ? zone : null
  const upper = zone.toUpperCase()
  if (upper in NAMED_ZONES) return (NAMED_ZONES[upper] ?? 0) * 60
  const numeric = /^(?:GMT|UTC)?([+-])(\d{1,2}):?(\d{2})?$/.exec(upper)
  if (!numeric) return null
  const [, sign, hh = '0', mm = '0'] = numeric
  const minutes = Number(hh) * 60 + Number(mm)
  return Number(hh) > 14 || Number(mm) > 59 ? null : sign === '-' ? -minutes : minutes
}

interface Parts {
  year: number; month: number; day: number; hour: number; minute: number; second: number; meridiem: string; zone: string
}

function build(p: Parts, timeZone: string): DateResult {
  let hour = p.hour
  const pm = /^(pm|م|مساء|مساءا)$/i.test(p.meridiem)
  const am = /^(am|ص|صباحا)$/i.test(p.meridiem)
  if ((pm || am) && (hour < 1 || hour > 12)) return { ok: false, reason: `hour ${hour} with ${p.meridiem}` }
  if (pm && hour < 12) hour += 12
  if (am && hour === 12) hour = 0
  if (p.year < MIN_YEAR || p.year > MAX_YEAR) return { ok: false, reason: `year ${p.year} is not plausible` }
  if (p.month < 1 || p.month > 12 || p.day < 1 || p.day > 31 || hour > 23 || p.minute > 59 || p.second > 60) {
    return { ok: false, reason: 'no such date or time' }
  }
  const wall = Date.UTC(p.year, p.month - 1, p.day, hour, p.minute, Math.min(p.second, 59))
  if (new Date(wall).getUTCDate() !== p.day) return { ok: false, reason: 'no such date' }
  const offset = zoneMinutes(p.zone)
  if (offset === null) return { ok: false, reason: `unknown time zone "${p.zone}"` }
  if (typeof offset === 'string') return { ok: true, ms: fromZonedTime(wall, offset) }
  return { ok: true, ms: offset === undefined ? fromZonedTime(wall, timeZone) : wall - offset * 60_000 }
}

function timeParts(m: RegExpExecArray, at: number): Pick<Parts, 'hour' | 'minute' | 'second' | 'meridiem' | 'zone'> {
  return { hour: Number(m[at] ?? 0), minute: Number(m[at + 1] ?? 0), second: Number(m[at + 2] ?? 0), meridiem: m[at + 3] ?? '', zone: m[at + 4] ?? '' }
}

/**
 * The instant a feed's date string means.
 * @param timeZone where a time without a zone is wall-clock time (IANA name)
 * @example parseFeedDate('Sun, ١٨ Feb ٢٠٢٤ ١٢:١٣:٠٠ +0300') // { ok: true, ms: Date.UTC(2024, 1, 18, 9, 13) }
 * @example parseFeedDate('الأحد، 18 فبراير 2024') // midnight in Baghdad
 */
export function parseFeedDate(value: string, timeZone: string = DEFAULT_TIME_ZONE): DateResult {
  const text = normalizeDateText(value)
  if (!text) return { ok: false, reason: 'empty' }
  let m = ISO.exec(text)
  if (m) return build({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), ...timeParts(m, 4) }, timeZone)
  m = ISO_REDUCED.exec(text)
  if (m) return build({ year: Number(m[1]), month: Number(m[2] ?? 1), day: 1, hour: 0, minute: 0, second: 0, meridiem: '', zone: '' }, timeZone)
  m = RFC822.exec(text)
  if (m) {
    const month = ENGLISH_MONTHS.indexOf((m[2] ?? '').slice(0, 3).toLowerCase()) + 1
    if (month === 0) return { ok: false, reason: `unknown month "${m[2]}"` }
    const short = Number(m[3])
    // RFC 2822 §4.3: a two-digit year below 50 is 20xx, otherwise 19xx.
    const year = (m[3] ?? '').length === 2 ? (short < 50 ? 2000 + short : 1900 + short) : short
    return build({ year, month, day: Number(m[1]), ...timeParts(m, 4) }, timeZone)
  }
  m = MONTH_FIRST.exec(text)
  if (m) {
    const month = ENGLISH_MONTHS.indexOf((m[1] ?? '').slice(0, 3).toLowerCase()) + 1
    if (month === 0) return { ok: false, reason: `unknown month "${m[1]}"` }
    const yearFirst = m[3] !== undefined
    return build({ year: Number(yearFirst ? m[3] : m[14]), month, day: Number(m[2]), ...timeParts(m, yearFirst ? 4 : 9) }, timeZone)
  }
  // Time first, as the publisher prints it: `12:13 - 18/02/2024`.
  const timeFirst = new RegExp(String.raw`^${TIME}\s*[-,]?\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$`, 'i').exec(text)
  if (timeFirst) {
    const [, hh, mi, ss, meridiem = '', dd, mo, yyyy] = timeFirst
    return build({ year: Number(yyyy), month: Number(mo), day: Number(dd), hour: Number(hh), minute: Number(mi), second: Number(ss ?? 0), meridiem, zone: '' }, timeZone)
  }
  m = NUMERIC.exec(text)
  if (m) return build({ year: Number(m[3]), month: Number(m[2]), day: Number(m[1]), ...timeParts(m, 4) }, timeZone)
  m = NUMERIC_YMD.exec(text)
  if (m) return build({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), ...timeParts(m, 4) }, timeZone)
  m = ARABIC.exec(text)
  if (m) return build({ year: Number(m[3]), month: ARABIC_MONTH_NUMBER.get(m[2] ?? '') ?? 0, day: Number(m[1]), ...timeParts(m, 4) }, timeZone)
  return { ok: false, reason: `unreadable date "${value.trim().slice(0, 60)}"` }
}
