// The directory's pure part, called directly.
import { describe, expect, it } from 'vitest'
import { earliestScheduled } from '../../src/feeds/directory'

describe('earliestScheduled', () => {
  it('is the first time any section changes by a scheduled article, or null when none is scheduled', () => {
    expect(earliestScheduled([{ nextScheduled: null }, { nextScheduled: 30 }, { nextScheduled: 20 }])).toBe(20)
    expect(earliestScheduled([{ nextScheduled: null }])).toBeNull()
    expect(earliestScheduled([])).toBeNull()
  })
})
