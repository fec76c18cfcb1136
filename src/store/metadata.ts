// KV metadata travels in an HTTP header between the Worker and KV, so it must be ASCII, and KV caps it at 1,024
// bytes of JSON. Records with Arabic text are packed as base64 of a compact byte form of their JSON ({ c: "..." }):
// ASCII and the Arabic block U+0600–U+067E take one byte each, anything else its UTF-8 behind an escape byte.
// That is 1.33 ASCII bytes an Arabic letter, against 2.67 for base64 of UTF-8 and 6 for \u escapes, so a
// section's 60-letter name and 300-letter description fit with room to spare. Older entries packed as base64
// of UTF-8 ({ b: "..." }) are still read.

/** KV: metadata is at most 1,024 bytes once serialized as JSON. */
export const MAX_METADATA_BYTES = 1024

/** Arabic U+0600 + (byte − 0x80), for bytes 0x80–0xFE. */
const ARABIC_BASE = 0x0600
const ARABIC_BYTES = 0x7f
const ESCAPE = 0xff
const ENCODER = new TextEncoder()
const DECODER = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** Compact bytes of `text`: see the header. */
export function compactBytes(text: string): Uint8Array {
  const out: number[] = []
  for (const char of text) {
    const cp = char.codePointAt(0)!
    if (cp < 0x80) out.push(cp)
    else if (cp >= ARABIC_BASE && cp < ARABIC_BASE + ARABIC_BYTES) out.push(0x80 + cp - ARABIC_BASE)
    else out.push(ESCAPE, ...ENCODER.encode(char))
  }
  return Uint8Array.from(out)
}

/** Reads compactBytes' output back; throws on bytes it never writes. */
export function fromCompactBytes(bytes: Uint8Array): string {
  let text = ''
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!
    if (b < 0x80) {
      text += String.fromCharCode(b)
      i += 1
    } else if (b !== ESCAPE) {
      text += String.fromCharCode(ARABIC_BASE + b - 0x80)
      i += 1
    } else {
      const lead = bytes[i + 1] ?? 0
      const size = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1
      text += DECODER.decode(bytes.subarray(i + 1, i + 1 + size))
      i += 1 + size
    }
  }
  return text
}

function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary)
}

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0))
}

/** Base64 of the compact bytes of `text`: ASCII only. */
export function encodeCompactText(text: string): string {
  return toBase64(compactBytes(text))
}

/** Reads encodeCompactText's output; null when it is not. */
export function decodeCompactText(packed: string): string | null {
  try {
    return fromCompactBytes(fromBase64(packed))
  } catch {
    return null
  }
}

/** Base64 of the UTF-8 JSON of `value` (the older packing, still read). */
export function decodeBase64Json<T>(text: string): T | null {
  try {
    return JSON.parse(new TextDecoder().decode(fromBase64(text))) as T
  } catch {
    return null
  }
}

/** Size in bytes of `metadata` as KV counts it (its JSON; ours is ASCII, so characters are bytes). */
export function metadataBytes(metadata: unknown): number {
  return ENCODER.encode(JSON.stringify(metadata)).length
}

export interface PackedMetadata {
  c: string
}

/** Packs `value` as ASCII metadata, or null when even packed it would exceed KV's limit. */
export function packMetadata(value: unknown): PackedMetadata | null {
  const packed = { c: encodeCompactText(JSON.stringify(value)) }
  return metadataBytes(packed) <= MAX_METADATA_BYTES ? packed : null
}

/** Reads metadata written by packMetadata (or the older base64-of-UTF-8 form); null when absent or not ours. */
export function unpackMetadata<T>(metadata: unknown): T | null {
  if (!metadata || typeof metadata !== 'object') return null
  const { b, c } = metadata as { b?: unknown; c?: unknown }
  if (typeof c === 'string') {
    const text = decodeCompactText(c)
    try {
      return text === null ? null : (JSON.parse(text) as T)
    } catch {
      return null
    }
  }
  return typeof b === 'string' ? decodeBase64Json<T>(b) : null
}
