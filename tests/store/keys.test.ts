import { describe, expect, it } from 'vitest'
import { KeyTooLongError, SITE_SCOPE, articleKey, indexEntryKey, indexMonthPrefix, indexPrefix, parseIndexEntryKey } from '../../src/store/keys'

describe('keys', () => {
  it('are versioned and NFC-normalized', () => {
    expect(articleKey('abc')).toBe('v1/article/abc')
    const nfd = 'ا\u0655' // alef + hamza below, which NFC composes to إ
    expect(articleKey(nfd)).toBe('v1/article/\u0625')
  })

  it('refuse to exceed 512 bytes, counting Arabic as 2 bytes a letter', () => {
    expect(() => articleKey('a'.repeat(502))).toThrow(KeyTooLongError)
    expect(() => articleKey('ع'.repeat(251))).toThrow(KeyTooLongError) // 11 + 502 bytes
    expect(articleKey('ع'.repeat(250))).toHaveLength(261) // 11 + 500 bytes
  })

  it('sort newest first within a scope, ties by id, and read back', () => {
    const older = indexEntryKey('reports', Date.UTC(2024, 0, 31, 20), 'b') // 1 Feb in Baghdad
    const newer = indexEntryKey('reports', Date.UTC(2024, 1, 18, 9, 13), 'a')
    const tie = indexEntryKey('reports', Date.UTC(2024, 1, 18, 9, 13), 'c')
    expect([older, tie, newer].sort()).toEqual([newer, tie, older])
    expect(newer.startsWith(indexPrefix('reports'))).toBe(true)
    expect(parseIndexEntryKey(newer)).toEqual({ scope: 'reports', published: Date.UTC(2024, 1, 18, 9, 13), id: 'a' })
    expect(parseIndexEntryKey(indexEntryKey(SITE_SCOPE, 0, 'x'))?.scope).toBe('_all')
  })

  it('put each Baghdad month under a prefix of its own', () => {
    const lateJanuaryUtc = indexEntryKey('reports', Date.UTC(2024, 0, 31, 22), 'x') // 01:00 on 1 Feb in Baghdad
    expect(lateJanuaryUtc.startsWith(indexMonthPrefix('reports', 2024, 2))).toBe(true)
    expect(lateJanuaryUtc.startsWith(indexMonthPrefix('reports', 2024, 1))).toBe(false)
  })
})
