// Test-only encoders for the legacy encodings Arabic sites serve (TextEncoder writes UTF-8 only): the byte
// for each character is found by decoding every byte with the platform's own TextDecoder.

/** `text` in a single-byte encoding (windows-1256, iso-8859-6); throws on a character it cannot carry. */
export function encodeSingleByte(text: string, label: string): Uint8Array {
  const decoder = new TextDecoder(label)
  const table = new Map<string, number>()
  for (let byte = 0; byte < 256; byte++) table.set(decoder.decode(new Uint8Array([byte])), byte)
  return new Uint8Array(
    Array.from(text.normalize('NFC'), (char) => {
      const byte = table.get(char)
      if (byte === undefined) throw new Error(`${label} cannot carry ${char}`)
      return byte
    }),
  )
}

/** `text` in UTF-16 with its byte-order mark. */
export function encodeUtf16(text: string, endian: 'le' | 'be' = 'le'): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2)
  const view = new DataView(out.buffer)
  view.setUint16(0, 0xfeff, endian === 'le')
  for (let i = 0; i < text.length; i++) view.setUint16(2 + i * 2, text.charCodeAt(i), endian === 'le')
  return out
}

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text)

/** `text` in UTF-16 without a byte-order mark (a reader must tell it from the first bytes). */
export function encodeUtf16NoBom(text: string, endian: 'le' | 'be' = 'le'): Uint8Array {
  return encodeUtf16(text, endian).subarray(2)
}

/** `text` in UTF-32, with or without its byte-order mark (no platform TextEncoder writes UTF-32). */
export function encodeUtf32(text: string, endian: 'le' | 'be' = 'le', bom = true): Uint8Array {
  const points = [...(bom ? '\uFEFF' : ''), ...text].map((c) => c.codePointAt(0)!)
  const out = new Uint8Array(points.length * 4)
  const view = new DataView(out.buffer)
  points.forEach((cp, i) => view.setUint32(i * 4, cp, endian === 'le'))
  return out
}
