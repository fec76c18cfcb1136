// Text normalization shared by every layer: NFC, and removal of what XML 1.0 cannot carry.

/**
 * Characters XML 1.0 (§2.2 Char) forbids or discourages, and lone surrogates: C0 controls other than
 * tab/LF/CR, DEL and the C1 controls, U+FFFE/U+FFFF, and UTF-16 halves without their partner.
 */
const NOT_XML_CHAR =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g
const NEEDS_CLEANING = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]/

/**
 * NFC-normalizes `text`, turns CR LF and lone CR into LF (XML parsers do so anyway) and drops characters
 * XML 1.0 cannot carry. Arabic, RTL marks and emoji are kept.
 * @example cleanText('a\u0000b\r\nc') // 'ab\nc'
 */
export function cleanText(text: string): string {
  if (!NEEDS_CLEANING.test(text)) return text.normalize('NFC')
  return text.replace(/\r\n?/g, '\n').replace(NOT_XML_CHAR, '').normalize('NFC')
}

/** cleanText, then trims and folds runs of white space into one space: for titles, names, tags. */
export function cleanLine(text: string): string {
  return cleanText(text).replace(/\s+/g, ' ').trim()
}

const BASIC_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00A0' }

/** Decodes numeric character references and the basic named ones; others are left as written. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text
  return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]+);/g, (ref, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10)
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ''
    }
    return BASIC_ENTITIES[body] ?? ref
  })
}

/** The readable text of an HTML fragment, white space folded. */
export function htmlToText(html: string): string {
  const withoutTags = html
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]*>/g, ' ')
  return cleanLine(decodeEntities(withoutTags))
}

/**
 * Cuts `text` to at most `max` characters at a word boundary, adding an ellipsis when it cut.
 * Never splits a surrogate pair.
 */
export function truncateText(text: string, max: number): string {
  const chars = Array.from(text)
  if (chars.length <= max) return text
  const cut = chars.slice(0, max - 1).join('')
  const space = cut.lastIndexOf(' ')
  return (space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd() + '…'
}
