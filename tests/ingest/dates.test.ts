import { describe, expect, it } from 'vitest'
import { fromZonedTime, parseFeedDate } from '../../src/ingest/dates'

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
