// The store deadline a feed waits on KV and D1 (STORE_DEADLINE_MS), as parseConfig reads it.
import { describe, expect, it } from 'vitest'
import { DEFAULT_STORE_DEADLINE_MS, parseConfig, shapeOf } from '../../src/model/config'

const VARS = { SITE_URL: 'https://www.mawazin.net', SITE_NAME: 'موازين نيوز', TAG_AUTHORITY: 'mawazin.net,2024' }

describe('STORE_DEADLINE_MS', () => {
  it('is 3 s unless set, and takes 1 to 9,999 ms', () => {
    expect(DEFAULT_STORE_DEADLINE_MS).toBe(3_000)
    expect(parseConfig(VARS).storeDeadlineMs).toBe(3_000)
    expect(parseConfig({ ...VARS, STORE_DEADLINE_MS: '300' }).storeDeadlineMs).toBe(300)
    expect(parseConfig({ ...VARS, STORE_DEADLINE_MS: '9999' }).storeDeadlineMs).toBe(9_999)
  })

  it('refuses anything else, naming the var', () => {
    for (const value of ['0', '10000', '2.5', '3s', '-1']) {
      expect(() => parseConfig({ ...VARS, STORE_DEADLINE_MS: value })).toThrow(`STORE_DEADLINE_MS must be a whole number from 1 to 9999, got "${value}"`)
    }
  })
})

describe('shapeOf', () => {
  it('leaves the store deadline out of what ETags and cache entries are made of, and nothing else', () => {
    const config = parseConfig(VARS)
    expect(shapeOf(parseConfig({ ...VARS, STORE_DEADLINE_MS: '300' }))).toBe(shapeOf(config))
    expect(shapeOf(parseConfig({ ...VARS, CACHE_MAX_AGE: '60' }))).not.toBe(shapeOf(config))
    expect(JSON.parse(shapeOf(config))).toEqual({ ...config, storeDeadlineMs: undefined })
  })
})
