// Text normalization shared by every layer: NFC, and removal of what XML 1.0 cannot carry; the text of HTML.
import type { TokenizerCallbacks } from 'htmlparser2'
import { htmlTokenizer } from './html-tokenizer'

/**
 * Characters XML 1.0 (§2.2 Char) forbids or discourages, and lone surrogates: C0 controls other than
 * tab/LF/CR, DEL and the C1 controls, U+FFFE/U+FFFF, and UTF-16 halves without their partner.
 */
export const NOT_XML_CHAR =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g
/** A cheap first test: only text matching it can hold anything NOT_XML_CHAR (or a CR) removes. */
export const NEEDS_CLEANING = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]/

/**
 * NFC-normalizes `text`, turns CR LF and lone CR into LF (XML parsers do so anyway) and drops characters
 * XML 1.0 cannot carry. Arabic, RTL marks and emoji are kept.
 * @example cleanText('a\u0000b\r\nc') // 'ab\nc'
 */
export function cleanText(text: string): string {
  if (!NEEDS_CLEANING.test(text)) return text.normalize('NFC')
  return text.replace(/\r\n?/g, '\n').replace(NOT_XML_CHAR, '').normalize('NFC')
}

/**
 * cleanText, then trims and folds runs of white space into one space: for titles, names, tags. U+FEFF (a
 * byte-order mark pasted mid-text) goes first: JavaScript's \s counts it, and it must not become a visible space.
 */
export function cleanLine(text: string): string {
  return cleanText(text).replace(/\uFEFF/g, '').replace(/\s+/g, ' ').trim()
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

/** Elements that flow inside a line: their tags join text without a space (`مر<b>حبا</b>` is one word). */
const INLINE = new Set(['a', 'abbr', 'b', 'cite', 'code', 'em', 'i', 'mark', 'q', 's', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u'])
/** Elements whose content the tokenizer reads as raw text: code, styling or metadata, never text to read. */
const RAW_TEXT = new Set(['script', 'style', 'iframe', 'noembed', 'noframes', 'textarea', 'title'])
const noop = (): void => {}

/**
 * The readable text of an HTML fragment, in one pass (linear in its length): character references decoded,
 * tags and comments gone, script and style content skipped, a space where a block or a line break was, white
 * space folded.
 * @example htmlToText('<p>a &amp; <b>b</b></p><p>c</p>') // 'a & b c'
 */
export function htmlToText(html: string): string {
  if (!html.includes('<') && !html.includes('&')) return cleanLine(html)
  let text = ''
  let tag = ''
  let raw = false
  const breakUnlessInline = (): void => {
    if (!INLINE.has(tag)) text += ' '
  }
  const callbacks: TokenizerCallbacks = {
    ontext: (start, end) => {
      if (!raw) text += html.slice(start, end)
    },
    ontextentity: (codepoint) => {
      if (!raw) text += String.fromCodePoint(codepoint)
    },
    onopentagname: (start, end) => {
      tag = html.slice(start, end).toLowerCase()
    },
    onopentagend: () => {
      raw = RAW_TEXT.has(tag)
      breakUnlessInline()
    },
    onclosetag: (start, end) => {
      raw = false
      tag = html.slice(start, end).toLowerCase()
      breakUnlessInline()
    },
    onselfclosingtag: breakUnlessInline,
    onattribname: noop, onattribdata: noop, onattribentity: noop, onattribend: noop,
    oncdata: noop, oncomment: noop, ondeclaration: noop, onprocessinginstruction: noop, onend: noop,
  }
  const tokenizer = htmlTokenizer(callbacks)
  tokenizer.write(html)
  tokenizer.end()
  return cleanLine(text)
}

/** A sentence ends here: Latin and Arabic full stops, question and exclamation marks. */
const SENTENCE_END = /[.!?؟…]$/
/** A pause an ellipsis must not follow: commas (Arabic and Latin), semicolons, colons, dashes. */
const TRAILING_PAUSE = /[\s،,؛;:\-–—]+$/
const SENTENCE_BREAK = /[.!?؟](?=\s)/g

/**
 * Cuts `text` to at most `max` characters at a word boundary. A cut that ends a sentence (or finds a sentence
 * end in the last 40%) stops there with no ellipsis; otherwise a comma or colon the cut lands on is dropped and
 * an ellipsis added. Never splits a surrogate pair.
 * @example truncateText('قال الوزير، إن الخطة جاهزة', 12) // 'قال الوزير…'
 */
export function truncateText(text: string, max: number): string {
  const chars = Array.from(text)
  if (chars.length <= max) return text
  // Room for the ellipsis; a word the cut goes through is left out whole.
  const head = chars.slice(0, max - 1).join('')
  const atBoundary = /\s/.test(chars[max - 1] ?? '')
  const space = head.lastIndexOf(' ')
  let cut = atBoundary ? head : space > head.length * 0.6 ? head.slice(0, space) : head
  cut = cut.trimEnd()
  let sentence = -1
  for (const m of cut.matchAll(SENTENCE_BREAK)) sentence = m.index
  if (SENTENCE_END.test(cut)) return cut
  if (sentence >= 0 && Array.from(cut.slice(0, sentence)).length >= max * 0.6) return cut.slice(0, sentence + 1)
  return cut.replace(TRAILING_PAUSE, '') + '…'
}
