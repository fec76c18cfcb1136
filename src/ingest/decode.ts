// Bytes to text the way feed readers and browsers decide an encoding (the order Universal Feed Parser uses): a
// byte-order mark or, without one, what the first bytes show (UTF-16/32 of `<?xml`), then what a person said
// (a source's `encoding`, the importer's `--encoding`), then the HTTP charset, then the document's own
// declaration (XML `encoding=`, or `<meta charset>` in a page), else UTF-8, each tried strictly. One code path
// for the pull (workerd) and the importer (Node): Node's TextDecoder reads windows-1252 as Latin-1 and has no
// UTF-32, so both are finished here. Pure.

/** How far into a document its declaration may be looked for (HTML: "the first 1024 bytes"). */
const PRESCAN_BYTES = 1024
const XML_DECLARATION = /^\s*<\?xml[^>]*?\sencoding\s*=\s*["']\s*([A-Za-z0-9._:-]+)\s*["']/
const META_CHARSET = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i
/** WHATWG Encoding's windows-1252 for bytes 0x80–0x9F, which Node decodes as Latin-1's C1 controls. */
const WINDOWS_1252_C1 = '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178'
const SINGLE_BYTE = /^(windows-125\d|iso-8859-\d+|koi8-[ru]|ibm866|macintosh|x-mac-cyrillic|windows-874)$/

export class DecodeError extends Error {}

/** The charset parameter of a Content-Type header: `text/xml; charset="windows-1256"` → `windows-1256`. */
export function charsetOf(contentType: string | null | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*["']?\s*([^"';\s]+)/i.exec(contentType ?? '')
  return match?.[1]?.toLowerCase()
}

/** The encoding the bytes themselves show: a byte-order mark, else `<?` written in UTF-32 or UTF-16. */
function bytesSay(bytes: Uint8Array): { label: string; bom: number } | undefined {
  const [a, b, c, d] = bytes
  if (a === 0xef && b === 0xbb && c === 0xbf) return { label: 'utf-8', bom: 3 }
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) return { label: 'utf-32le', bom: 4 }
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return { label: 'utf-32be', bom: 4 }
  if (a === 0xff && b === 0xfe) return { label: 'utf-16le', bom: 2 }
  if (a === 0xfe && b === 0xff) return { label: 'utf-16be', bom: 2 }
  // XML 1.0 Appendix F: `<` as the first character, in the widths and orders it can take.
  if (a === 0 && b === 0 && c === 0 && d === 0x3c) return { label: 'utf-32be', bom: 0 }
  if (a === 0x3c && b === 0 && c === 0 && d === 0) return { label: 'utf-32le', bom: 0 }
  if (a === 0 && b === 0x3c && c === 0 && d !== 0) return { label: 'utf-16be', bom: 0 }
  if (a === 0x3c && b === 0 && c !== 0 && d === 0) return { label: 'utf-16le', bom: 0 }
  return undefined
}

/** The encoding a document declares in its first bytes (read as ASCII, which every candidate agrees on). */
function declaredIn(bytes: Uint8Array): string | undefined {
  let head = ''
  for (const byte of bytes.subarray(0, PRESCAN_BYTES)) head += String.fromCharCode(byte)
  return (XML_DECLARATION.exec(head)?.[1] ?? META_CHARSET.exec(head)?.[1])?.toLowerCase()
}

/** A decoder: `fatal` throws on a byte the encoding cannot take, else it becomes U+FFFD; `partial` lets the
 *  bytes end inside a character (a prefix, for finding the first bad byte). */
type Decode = (bytes: Uint8Array, fatal: boolean, partial?: boolean) => string

function utf32(littleEndian: boolean): Decode {
  return (bytes, fatal, partial = false) => {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    const parts: string[] = []
    let chunk: number[] = []
    const end = partial ? bytes.length - (bytes.length % 4) : bytes.length
    for (let i = 0; i < end; i += 4) {
      let cp = i + 4 <= bytes.length ? view.getUint32(i, littleEndian) : -1
      if (cp < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
        if (fatal) throw new TypeError(`byte ${i}`)
        cp = 0xfffd
      }
      chunk.push(cp)
      if (chunk.length === 4096) {
        parts.push(String.fromCodePoint(...chunk))
        chunk = []
      }
    }
    parts.push(String.fromCodePoint(...chunk))
    return parts.join('')
  }
}

/** The decoder for a label, or null when the platform knows no such encoding. Its name is WHATWG's. */
function decoderFor(label: string): { name: string; decode: Decode } | null {
  if (/^(utf-?32|ucs-4)(le)?$/i.test(label)) return { name: 'utf-32le', decode: utf32(true) }
  if (/^(utf-?32|ucs-4)be$/i.test(label)) return { name: 'utf-32be', decode: utf32(false) }
  let name: string
  try {
    name = new TextDecoder(label).encoding
  } catch {
    return null
  }
  return {
    name,
    decode: (bytes, fatal, partial = false) => {
      const text = new TextDecoder(name, { fatal, ignoreBOM: true }).decode(bytes, { stream: partial })
      return name === 'windows-1252' ? text.replace(/[\u0080-\u009F]/g, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80] ?? c) : text
    },
  }
}

/** Where the text first stops being valid, for the message: the offset of the byte the decoder cannot take. */
function firstBadByte(bytes: Uint8Array, decode: Decode): number {
  let low = 0
  let high = bytes.length
  while (high - low > 1) {
    const mid = (low + high) >> 1
    try {
      decode(bytes.subarray(0, mid), true, true)
      low = mid
    } catch {
      high = mid
    }
  }
  return low
}

/** True when `label` names an encoding this reader can decode (every platform's, plus UTF-32). */
export function isEncoding(label: string): boolean {
  return decoderFor(label.trim().toLowerCase()) !== null
}

function validUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)
    return true
  } catch {
    return false
  }
}

export interface DecodeOptions {
  /** The Content-Type the bytes came with (HTTP). */
  contentType?: string | null
  /** What a person said the encoding is (a source's `encoding`, `--encoding`): tried before the others. */
  encoding?: string | null
}

/** A document's text: as read, the encoding it was read in, and anything a reader should be told. */
export interface Decoded {
  text: string
  encoding: string
  /** Said of the whole document: an encoding that was declared but not used, and why. */
  warnings: string[]
  /** Set when no candidate fitted: the text holds U+FFFD where bytes could not be read; this says where first. */
  invalid?: string
}

/**
 * A document's text, never refused: the candidates are tried in order, each strictly, and the first the bytes
 * are valid in wins. A declared single-byte encoding that would turn valid UTF-8 into mojibake (`ظ…ط¬ظ„ط³`) is
 * read as UTF-8, with a warning. When no candidate fits, the first is used leniently: what it cannot read
 * becomes U+FFFD, so the caller can leave out exactly what carries it, and `invalid` says where.
 * @example decodeDocument(bytes, { contentType: 'application/rss+xml; charset=windows-1256' }).text
 */
export function decodeDocument(bytes: Uint8Array, options: DecodeOptions = {}): Decoded {
  const shown = bytesSay(bytes)
  const warnings: string[] = []
  const labels = shown?.bom
    ? [shown.label]
    : [shown?.label, options.encoding?.trim().toLowerCase(), charsetOf(options.contentType), declaredIn(bytes), 'utf-8'].filter((l): l is string => !!l)
  const candidates: { label: string; name: string; decode: Decode }[] = []
  for (const label of new Set(labels)) {
    const decoder = decoderFor(label)
    if (!decoder) warnings.push(`unknown encoding "${label}" ignored`)
    else if (!candidates.some((c) => c.name === decoder.name)) candidates.push({ label, ...decoder })
  }
  const body = bytes.subarray(shown?.bom ?? 0)
  for (const [index, candidate] of candidates.entries()) {
    let text: string
    try {
      text = candidate.decode(body, true)
    } catch {
      continue
    }
    if (SINGLE_BYTE.test(candidate.name) && hasHighBytes(body) && validUtf8(body)) {
      warnings.push(`declared ${candidate.name}, but the bytes are UTF-8 (read as ${candidate.name} they would be mojibake): read as utf-8`)
      return { text: new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(body), encoding: 'utf-8', warnings }
    }
    if (index > 0) warnings.push(`not valid ${candidates.slice(0, index).map((c) => c.name).join(' or ')}: read as ${candidate.name}`)
    return { text, encoding: candidate.name, warnings }
  }
  const first = candidates[0] ?? { label: 'utf-8', ...decoderFor('utf-8')! }
  const at = firstBadByte(body, first.decode) + (shown?.bom ?? 0)
  const hex = (bytes[at] ?? 0).toString(16).toUpperCase().padStart(2, '0')
  const tried = candidates.slice(1).map((c) => c.name)
  return {
    text: first.decode(body, false),
    encoding: first.name,
    warnings,
    invalid: `not valid ${first.name} text: byte ${at} (0x${hex}) cannot be decoded${tried.length > 0 ? ` (also tried ${tried.join(', ')})` : ''}`,
  }
}

function hasHighBytes(bytes: Uint8Array): boolean {
  for (const byte of bytes) if (byte >= 0x80) return true
  return false
}

/**
 * The text of a document, strictly: as decodeDocument, but bytes valid in no candidate are refused.
 * @throws DecodeError naming the encoding and the first bad byte when no candidate fits
 * @example decodeText(bytes, { contentType: 'application/rss+xml; charset=windows-1256' })
 */
export function decodeText(bytes: Uint8Array, options: DecodeOptions = {}): string {
  const decoded = decodeDocument(bytes, options)
  if (decoded.invalid) {
    const unknown = decoded.warnings.filter((w) => w.startsWith('unknown encoding')).map((w) => w.replace(/^unknown encoding (".*") ignored$/, '$1'))
    throw new DecodeError(`${decoded.invalid}${unknown.length > 0 ? ` (unknown encoding ${unknown.join(', ')})` : ''}`)
  }
  return decoded.text
}
