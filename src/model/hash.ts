// Content hashes for change detection and ETags (SHA-256, Web Crypto: the same in workerd and Node).

const HASH_HEX_CHARS = 32

/** Hex SHA-256 of `text`, cut to 128 bits: plenty to tell versions of one document apart. */
export async function hashText(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  let hex = ''
  for (const byte of new Uint8Array(digest)) hex += byte.toString(16).padStart(2, '0')
  return hex.slice(0, HASH_HEX_CHARS)
}
