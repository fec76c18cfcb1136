// KV metadata travels in an HTTP header between the Worker and KV, so it must be ASCII. Records with
// Arabic text are kept as base64 of their UTF-8 JSON ({ b: "..." }): 2.7 bytes an Arabic letter, against
// 6 for \u escapes, within KV's 1,024-byte metadata limit.

/** KV: metadata is at most 1,024 bytes once serialized as JSON. */
export const MAX_METADATA_BYTES = 1024

export interface PackedMetadata {
  b: string
}

/** Base64 of the UTF-8 JSON of `value`: ASCII only. */
export function encodeBase64Json(value: unknown): string {
  let binary = ''
  for (const byte of new TextEncoder().encode(JSON.stringify(value))) binary += String.fromCharCode(byte)
  return btoa(binary)
}

/** Reads encodeBase64Json's output; null when it is not. */
export function decodeBase64Json<T>(text: string): T | null {
  try {
    const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0))
    return JSON.parse(new TextDecoder().decode(bytes)) as T
  } catch {
    return null
  }
}

/** Packs `value` as ASCII metadata; throws RangeError when it would exceed KV's limit. */
export function packMetadata(value: unknown): PackedMetadata {
  const packed = { b: encodeBase64Json(value) }
  const size = JSON.stringify(packed).length
  if (size > MAX_METADATA_BYTES) throw new RangeError(`metadata of ${size} bytes exceeds KV's ${MAX_METADATA_BYTES}`)
  return packed
}

/** Reads metadata written by packMetadata; null when absent or not ours. */
export function unpackMetadata<T>(metadata: unknown): T | null {
  if (!metadata || typeof metadata !== 'object' || typeof (metadata as PackedMetadata).b !== 'string') return null
  return decodeBase64Json<T>((metadata as PackedMetadata).b)
}
