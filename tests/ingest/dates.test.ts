import datesPy from '../fixtures/feedparser/test_date_parsers.py?raw'
import { describe, expect, it } from 'vitest'
import { fromZonedTime, parseFeedDate } from '../../src/ingest/dates'
import { pythonString } from './feedparser-corpus'

const AT_1213_BAGHDAD = Date.UTC(2024, 1, 18, 9, 13)
const MIDNIGHT_BAGHDAD = Date.UTC(2024, 1, 17, 21)

function ms(value: string, timeZone?: string): number | string {
  const result = parseFeedDate(value, timeZone)
  return result.ok ? result.ms : result.reason
}

describe('parseFeedDate', () => {
  it('reads RFC 822 with Arabic-Indic digits and with named zones', () => {
    expect(ms('Sun, ١٨ Feb ٢٠٢٤ ١٢:١٣:٠٠ +0300')).toBe(AT_1213_BAGHDAD)
    expect(ms('Sun, ۱۸ Feb ۲۰۲۴ ۰۹:۱۳:۰۰ GMT')).toBe(AT_1213_BAGHDAD)
    expect(ms('Sun, 18 Feb 2024 04:13:00 EST')).toBe(AT_1213_BAGHDAD)
    expect(ms('18 Feb 2024 09:13 UT')).toBe(AT_1213_BAGHDAD)
    expect(ms('Sun, 18 February 2024 12:13:00 AST')).toBe(AT_1213_BAGHDAD)
    expect(ms('Sun, 18 Feb 24 09:13:00 Z')).toBe(AT_1213_BAGHDAD)
  })

  it('reads RFC 3339, and a time without a zone as Baghdad time unless the source says otherwise', () => {
    expect(ms('2024-02-18T12:13:00+03:00')).toBe(AT_1213_BAGHDAD)
    expect(ms('2024-02-18T09:13:00.250Z')).toBe(AT_1213_BAGHDAD)
    expect(ms('2024-02-18 12:13:00')).toBe(AT_1213_BAGHDAD)
    expect(ms('2024-02-18T12:13')).toBe(AT_1213_BAGHDAD)
    expect(ms('2024-02-18 11:13:00', 'Africa/Cairo')).toBe(AT_1213_BAGHDAD)
    expect(ms('2024-07-01 12:00', 'Europe/London')).toBe(Date.UTC(2024, 6, 1, 11))
  })

  it('reads numeric and Arabic forms, with Iraqi/Levantine, Egyptian and Maghrebi month names', () => {
    expect(ms('18/02/2024 12:13')).toBe(AT_1213_BAGHDAD)
    expect(ms('12:13 - 18/02/2024')).toBe(AT_1213_BAGHDAD)
    expect(ms('١٨/٠٢/٢٠٢٤ ١٢:١٣')).toBe(AT_1213_BAGHDAD)
    expect(ms('2024/02/18 12:13')).toBe(AT_1213_BAGHDAD)
    expect(ms('الأحد، 18 فبراير 2024')).toBe(MIDNIGHT_BAGHDAD)
    expect(ms('18 شباط 2024، 12:13')).toBe(AT_1213_BAGHDAD)
    expect(ms('الأحد 18 شباط/فبراير 2024 - 12:13 م')).toBe(AT_1213_BAGHDAD)
    expect(ms('١٨ شباط ٢٠٢٤ الساعة ١٢:١٣')).toBe(AT_1213_BAGHDAD)
    expect(ms('الاحد 18 فبراير 2024 12:13 مساءً')).toBe(AT_1213_BAGHDAD)
    expect(ms('5 تشرين الثاني 2024')).toBe(Date.UTC(2024, 10, 4, 21))
    expect(ms('5 كانون الأول 2024')).toBe(Date.UTC(2024, 11, 4, 21))
    expect(ms('5 أغسطس 2024')).toBe(Date.UTC(2024, 7, 4, 21))
    expect(ms('5 يوليوز 2024')).toBe(Date.UTC(2024, 6, 4, 21))
    expect(ms('5 آب 2024')).toBe(Date.UTC(2024, 7, 4, 21))
  })

  it('says why a date cannot be read instead of guessing', () => {
    expect(ms('Sun, 18 Feb 0300')).toBe('year 300 is not plausible')
    expect(ms('Sun, 31 Feb 2024 10:00:00 GMT')).toBe('no such date')
    expect(ms('18 Feb 2024 12:13 XYZT')).toBe('unknown time zone "XYZT"')
    expect(ms('قبل ساعتين')).toBe('unreadable date "قبل ساعتين"')
    expect(ms('13:00 م 18/02/2024')).toBe('hour 13 with م')
  })

  it('converts wall-clock time in a zone to an instant, across daylight saving', () => {
    expect(fromZonedTime(Date.UTC(2024, 1, 18, 12, 13), 'Asia/Baghdad')).toBe(AT_1213_BAGHDAD)
    expect(fromZonedTime(Date.UTC(2024, 0, 15, 12), 'America/New_York')).toBe(Date.UTC(2024, 0, 15, 17))
    expect(fromZonedTime(Date.UTC(2024, 6, 15, 12), 'America/New_York')).toBe(Date.UTC(2024, 6, 15, 16))
  })
})

describe("parseFeedDate against Universal Feed Parser's date tests", () => {
  /** Where we read a date differently from feedparser's own tests, on purpose (the README says so too). */
  const DIFFERENCES: Record<string, string> = {
    'Thu, 01 Jan 0100 00:00:01 +0100': 'a year before 1970 is a misread here (its item is dated when first seen), not year 99',
    '-03-12': 'ISO 8601 two-digit and ordinal forms are not read: no feed writes them, and 03-12-31 reads as well as a day-first date',
    '-0312': 'the same: ISO 8601 reduced two-digit forms',
    '03-12-31': 'the same: a two-digit year',
    '031231': 'the same: a two-digit year',
    '03335': 'the same: an ordinal date',
    '2003-012-31T10:14:55+00:00': 'a three-digit month is not a date',
    '\u039a\u03c5\u03c1, 11 \u0399\u03bf\u03cd\u03bb 2004 12:00:00 EST': 'Greek month names are not read; Arabic ones are',
    '2004-j\u00falius-13T9:15-05:00': 'Hungarian month names are not read; Arabic ones are',
    '2004-05-25 \uc624\ud6c4 11:23:17': 'Korean forms (Nate, OnBlog) are not read; Arabic ones are',
    '2004\ub144 05\uc6d4 28\uc77c  01:31:15': 'Korean forms (Nate, OnBlog) are not read; Arabic ones are',
  }

  it('reads every date feedparser reads (a time without a zone taken as UTC, as it does), or differs as listed', () => {
    const cases = [...datesPy.matchAll(/\(\s*(_parse_date_\w+),\s*("(?:[^"\\]|\\.)*"),\s*(None|\(([^)]*)\))/g)].map(([, parser, literal, , tuple]) => {
      const input = pythonString(literal!)
      const want = tuple ? Date.UTC(...(tuple.split(',').slice(0, 6).map((n, i) => Number(n) - (i === 1 ? 1 : 0)) as [number, number, number, number, number, number])) : null
      return { parser, input, want }
    })
    expect(cases.length).toBeGreaterThan(60)
    const differ = cases.filter(({ input, want }) => {
      const ours = parseFeedDate(input, 'UTC')
      return (ours.ok ? ours.ms : null) !== want && !(want === null && !ours.ok)
    })
    // Where feedparser reads nothing, we read nothing either, except where we read more (none of its cases).
    expect(differ.map((c) => c.input).sort()).toEqual(Object.keys(DIFFERENCES).sort())
    console.log(`dates: ${cases.length} of feedparser's cases, ${cases.length - differ.length} agree, ${differ.length} differ (listed)`)
  })

  it('reads the forms issue 16 found items dropped over', () => {
    const instant = Date.UTC(2024, 1, 29, 14, 26, 16)
    for (const form of ['Thu Feb 29 2024 17:26:16 GMT+0300 (Arabian Standard Time)', 'Thu, 29 Feb, 2024 14:26:16 GMT', 'Thu Feb 29 14:26:16 +0000 2024', 'Thu Feb 29 14:26:16 2024', 'Thu, 29 Feb 2024 14:26:16 Etc/GMT', 'Thu, 29 Feb 2024 15:26:16 MET', 'Thu, 29 Feb 2024 09:26:16 ET', 'Thu, 29 Feb 2024 08:26:16 CT', 'Thu, 29 Feb 2024 06:26:16 PT', 'Thu, 29 Feb 2024 17:26:16 Asia/Baghdad']) {
      expect(ms(form, 'UTC'), form).toBe(instant)
    }
    expect(ms('2003-12', 'UTC')).toBe(Date.UTC(2003, 11, 1))
    expect(ms('Thu, 29 Feb 2024 14:26:16 Mars/Olympus')).toBe('unknown time zone "Mars/Olympus"')
  })
})
