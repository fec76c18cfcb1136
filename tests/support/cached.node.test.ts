// The test services' cache (tests/support/wrangler-dev.ts, cached): the migrated D1 and the built Worker are made
// once per content, by whichever file gets there first; two makers at once and a maker that fails leave one good
// entry or nothing, never a half-made one. And the copy of wrangler.toml the built Worker is served with.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { cached, servedConfig } from './wrangler-dev'

const made: string[] = []
afterEach(() => made.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })))

function cacheDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nashra-cache-test-'))
  made.push(dir)
  return dir
}

describe('cached', () => {
  it('settles two makers at once on one entry, both answered with it, no making- directory left', async () => {
    const cache = cacheDir()
    // Each maker waits until both have made their copy, so both renames race for the same entry.
    let arrived = 0
    let bothMade!: () => void
    const together = new Promise<void>((resolve) => (bothMade = resolve))
    const make = (who: string) => async (dir: string) => {
      writeFileSync(join(dir, 'made-by'), who)
      if (++arrived === 2) bothMade()
      await together
    }
    const [a, b] = await Promise.all([cached(cache, 'key', make('a')), cached(cache, 'key', make('b'))])
    expect(a).toBe(join(cache, 'key'))
    expect(b).toBe(a)
    expect(['a', 'b']).toContain(readFileSync(join(a, 'made-by'), 'utf8'))
    expect(readdirSync(cache)).toEqual(['key'])
    // Made once: a later call finds it and makes nothing.
    expect(await cached(cache, 'key', () => Promise.reject(new Error('made again')))).toBe(a)
  })

  it('leaves nothing when its maker fails, and makes it on the next call', async () => {
    const cache = cacheDir()
    await expect(cached(cache, 'key', async (dir) => {
      writeFileSync(join(dir, 'half'), 'half made')
      throw new Error('wrangler failed')
    })).rejects.toThrow('wrangler failed')
    expect(readdirSync(cache)).toEqual([])
    const entry = await cached(cache, 'key', async (dir) => writeFileSync(join(dir, 'whole'), 'made'))
    expect(existsSync(join(entry, 'whole'))).toBe(true)
    expect(existsSync(join(entry, 'half'))).toBe(false)
  })
})

describe('servedConfig', () => {
  it('serves the built bundle unbundled with the project\'s static files, and refuses a wrangler.toml it cannot change', () => {
    const toml = readFileSync('wrangler.toml', 'utf8')
    const served = servedConfig(toml, '/project/static').split('\n')
    expect(served).toEqual(expect.arrayContaining(['main = "index.js"', 'no_bundle = true', 'directory = "/project/static"']))
    expect(served).not.toContain('main = "src/index.ts"')
    // Everything else (bindings, vars, compatibility) as the project's.
    expect(served.filter((l) => !toml.split('\n').includes(l))).toEqual(['main = "index.js"', 'no_bundle = true', 'directory = "/project/static"'])
    expect(() => servedConfig(toml.replace('main = "src/index.ts"', 'main = "src/worker.ts"'), '/s')).toThrow('no single line main = "src/index.ts"')
    expect(() => servedConfig(`${toml}\ndirectory = "./static"\n`, '/s')).toThrow('no single line directory = "./static"')
  })
})
