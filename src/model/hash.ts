// Content hashes for change detection and ETags (SHA-256, Web Crypto: the same in workerd and Node).

const HASH_HEX_CHARS = 32

/** Hex SHA-256 of `text`, cut to 128 bits: plenty to tell versions of one document apart. */
export async function hashText(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  let hex = ''
  for (const byte of new Uint8Array(digest)) hex += byte.toString(16).padStart(2, '0')
  return hex.slice(0, HASH_HEX_CHARS)
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
/** shortHash's length: 8 base64url characters, 48 bits. */
export const SHORT_HASH_CHARS = 8

function fnv1a(text: string, basis: number): number {
  let h = basis
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h >>> 0
}

/**
 * A 48-bit hash of `text` as 8 base64url characters, synchronous: index metadata names an article's tags and
 * authors by it, so thirty 60-letter tags cost 240 bytes of KV's 1,024 instead of 3,600. Two values share a
 * hash about once in 10^14 pairs.
 */
export function shortHash(text: string): string {
  const a = fnv1a(text, 0x811c9dc5)
  const b = fnv1a(text, 0x050c5d1f) & 0xffff
  let out = ''
  // 48 bits: a's 32, then b's 16, six bits a character.
  let bits = BigInt(a) * 65536n + BigInt(b)
  for (let i = 0; i < SHORT_HASH_CHARS; i++) {
    out = BASE64URL[Number(bits & 63n)]! + out
    bits >>= 6n
  }
  return out
}
