// Bytes to text the way feed readers and browsers decide an encoding: a byte-order mark, then the HTTP
// charset, then the document's own declaration (XML `encoding=`, or `<meta charset>` in a page), else UTF-8.
// Text that is not valid in the encoding it claims is refused, never stored with U+FFFD. Pure.

/** How far into a document its declaration may be looked for (HTML: "the first 1024 bytes"). */
const PRESCAN_BYTES = 1024
const XML_DECLARATION = /^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/
const META_CHARSET = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i

export class DecodeError extends Error {}

/** The charset parameter of a Content-Type header: `text/xml; charset="windows-1256"` → `windows-1256`. */
export function charsetOf(contentType: string | null | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '')
  return match?.[1]?.toLowerCase()
}

function bomOf(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8'
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le'
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be'
  return undefined
}

/** The encoding a document declares in its first bytes (read as ASCII, which every candidate agrees on). */
function declaredIn(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, PRESCAN_BYTES))
  return (XML_DECLARATION.exec(head)?.[1] ?? META_CHARSET.exec(head)?.[1])?.toLowerCase()
}

function decoderFor(label: string): TextDecoder | null {
  try {
    return new TextDecoder(label, { fatal: true, ignoreBOM: false })
  } catch {
    return null
  }
}

/** Where the text first stops being valid, for the message: the offset of the byte the decoder cannot take. */
function firstBadByte(bytes: Uint8Array, label: string): number {
  let low = 0
  let high = bytes.length
  while (high - low > 1) {
    const mid = (low + high) >> 1
    try {
      new TextDecoder(label, { fatal: true, ignoreBOM: false }).decode(bytes.subarray(0, mid), { stream: true })
      low = mid
    } catch {
      high = mid
    }
  }
  return low
}

export interface DecodeOptions {
  /** The Content-Type the bytes came with (HTTP), or what the user said (`--encoding`). */
  contentType?: string | null
}

/**
 * The text of a document. The encodings are tried in the order readers use (BOM; HTTP charset; XML
 * declaration or `<meta charset>`; UTF-8), each strictly: the first one the bytes are valid in wins, so a
 * server that says UTF-8 for a file declaring windows-1256 is still read right. A BOM is final.
 * @throws DecodeError naming the encoding and the first bad byte when no candidate fits
 * @example decodeText(bytes, { contentType: 'application/rss+xml; charset=windows-1256' })
 */
export function decodeText(bytes: Uint8Array, options: DecodeOptions = {}): string {
  const bom = bomOf(bytes)
  const candidates = bom ? [bom] : [...new Set([charsetOf(options.contentType), declaredIn(bytes), 'utf-8'].filter((l): l is string => !!l))]
  const unknown: string[] = []
  for (const label of candidates) {
    const decoder = decoderFor(label)
    if (!decoder) {
      unknown.push(label)
      continue
    }
    try {
      return decoder.decode(bytes)
    } catch {
      // Not valid in this one; try the next.
    }
  }
  const tried = candidates.filter((l) => !unknown.includes(l))
  const first = tried[0] ?? 'utf-8'
  const why = unknown.length > 0 ? ` (unknown encoding ${unknown.map((l) => `"${l}"`).join(', ')})` : ''
  const at = firstBadByte(bytes, first)
  const hex = (bytes[at] ?? 0).toString(16).toUpperCase().padStart(2, '0')
  throw new DecodeError(`not valid ${first} text: byte ${at} (0x${hex}) cannot be decoded${tried.length > 1 ? ` (also tried ${tried.slice(1).join(', ')})` : ''}${why}`)
}
