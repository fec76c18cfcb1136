// Bounded messages: what the pull stores about a source (errors, per-item reasons) has a size limit in UTF-8 bytes.

const encoder = new TextEncoder()

/**
 * `text` cut to at most `maxBytes` UTF-8 bytes at a character boundary (never inside a surrogate pair), ending
 * with "…" when it was cut.
 * @example clipBytes('خبر عاجل', 7) // 'خب…' (4 bytes of letters and the 3-byte ellipsis)
 */
export function clipBytes(text: string, maxBytes: number): string {
  if (encoder.encode(text).length <= maxBytes) return text
  const budget = maxBytes - 3 // the ellipsis is 3 bytes
  let used = 0
  let out = ''
  for (const char of text) {
    const size = encoder.encode(char).length
    if (used + size > budget) break
    used += size
    out += char
  }
  return `${out}…`
}
