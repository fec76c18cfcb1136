// Baghdad time (UTC+3, no DST) and the API's date-time reading, called directly.
import { describe, expect, it } from 'vitest'
import { BAGHDAD_OFFSET_MS, baghdadMonth, fromBaghdad, parseIsoDateTime, toRfc3339, toRfc822 } from '../../src/model/dates'

describe('Baghdad time', () => {
  it('is UTC+3 all year', () => {
    expect(BAGHDAD_OFFSET_MS).toBe(3 * 3_600_000)
    expect(fromBaghdad(2024, 7, 1, 3)).toBe(Date.UTC(2024, 6, 1, 0))
    expect(toRfc3339(Date.UTC(2024, 1, 18, 9, 13))).toBe('2024-02-18T12:13:00+03:00')
    expect(toRfc822(Date.UTC(2024, 1, 18, 9, 13))).toBe('Sun, 18 Feb 2024 09:13:00 GMT')
  })

  it('puts 22:00 UTC on the last day of a month into the next Baghdad month', () => {
    expect(baghdadMonth(Date.UTC(2023, 11, 31, 22))).toEqual({ year: 2024, month: 1 })
  })
})

describe('parseIsoDateTime', () => {
  it('reads an offset date-time and refuses days and hours the calendar has not', () => {
    expect(parseIsoDateTime('2024-02-18T12:13:00+03:00')).toEqual({ ms: Date.UTC(2024, 1, 18, 9, 13) })
    expect(parseIsoDateTime('2024-02-30T00:00:00Z')).toEqual({ error: 'no day 30 in 2024-02' })
    expect(parseIsoDateTime('2024-02-18T24:00:00Z')).toEqual({ error: 'no hour 24 (00 to 23)' })
    expect('error' in parseIsoDateTime('2024-02-18T12:13:00')).toBe(true)
  })
})
