import { describe, expect, it } from 'vitest'
import { hashText } from '../../src/model/hash'
import { KeyTooLongError, LEGACY_PREFIXES, MAX_KEY_BYTES, articleKey, sourceKey, sourceStatusKey, sourcesPrefix } from '../../src/store/keys'

// The KV key scheme left once the index moved to D1: one key per article version, and the upstream sources.
describe('keys', () => {
  it('name one version of an article, NFC-normalized', () => {
    expect(articleKey('abc', 'f00d')).toBe('v2/article/abc/f00d')
    const nfd = 'ا\u0655' // alef + hamza below, which NFC composes to إ
    expect(articleKey(nfd, 'f00d')).toBe('v2/article/\u0625/f00d')
    // Two versions of one article never share a key; one id's versions share a prefix no other id's keys start with.
    expect(articleKey('abc', '1')).not.toBe(articleKey('abc', '2'))
    expect(articleKey('abc', '1').startsWith('v2/article/abc/')).toBe(true)
    expect(articleKey('abcd', '1').startsWith('v2/article/abc/')).toBe(false)
  })

  it('name sources and their pull status apart, under one prefix each', () => {
    expect(sourceKey('wires')).toBe('v1/source/wires')
    expect(sourceStatusKey('wires')).toBe('v1/source-status/wires')
    expect(sourceKey('wires').startsWith(sourcesPrefix())).toBe(true)
    expect(sourceStatusKey('wires').startsWith(sourcesPrefix())).toBe(false)
  })

  it('refuse to exceed 512 bytes, counting Arabic as 2 bytes a letter', async () => {
    expect(MAX_KEY_BYTES).toBe(512)
    const hash = await hashText('نص')
    const bytes = (key: string) => new TextEncoder().encode(key).length
    // The longest id the API takes, with a real content hash, fits with room to spare.
    expect(bytes(articleKey('a'.repeat(128), hash))).toBeLessThan(MAX_KEY_BYTES)
    // 'v2/article/' (11) + id + '/' (1) + hash (32) = 44 bytes besides the id: 468 bytes left for it.
    expect(hash).toHaveLength(32)
    expect(articleKey('a'.repeat(468), hash)).toHaveLength(512)
    expect(() => articleKey('a'.repeat(469), hash)).toThrow(KeyTooLongError)
    expect(bytes(articleKey('ع'.repeat(234), hash))).toBe(512) // 44 + 468 bytes
    expect(articleKey('ع'.repeat(234), hash)).toHaveLength(278)
    expect(() => articleKey('ع'.repeat(235), hash)).toThrow(KeyTooLongError) // 44 + 470 bytes
    // 'v1/source/' is 10 bytes: 502 left, 251 Arabic letters; 'v1/source-status/' is 17.
    expect(bytes(sourceKey('ع'.repeat(251)))).toBe(512)
    expect(() => sourceKey('ع'.repeat(252))).toThrow(KeyTooLongError)
    expect(bytes(sourceStatusKey('ع'.repeat(247)))).toBe(511)
    expect(() => sourceStatusKey('ع'.repeat(248))).toThrow(KeyTooLongError)
    // Counted after NFC: 234 decomposed alef + hamza pairs (4 bytes each) compose to 234 إ (2 bytes each).
    expect(bytes(articleKey('ا\u0655'.repeat(234), hash))).toBe(512)
  })

  it('say where the keys from before D1 lived, for the reindex to migrate and delete them', () => {
    expect(LEGACY_PREFIXES).toEqual({ article: 'v1/article/', section: 'v1/section/', index: 'v1/index/', month: 'v1/month/' })
    // No key the Worker writes now falls under them.
    for (const key of [articleKey('x', 'h'), sourceKey('x'), sourceStatusKey('x')]) {
      for (const prefix of Object.values(LEGACY_PREFIXES)) expect(key.startsWith(prefix)).toBe(false)
    }
  })
})
