// The one seeded generator of the sample data, the benchmarks and the tests: the same seed gives the same
// numbers everywhere (Node and workerd alike).

/**
 * mulberry32: a small, fast PRNG of 32-bit state; each call answers a number in [0, 1).
 * @example const next = mulberry32(20261202); const pick = list[Math.floor(next() * list.length)]
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), a | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
