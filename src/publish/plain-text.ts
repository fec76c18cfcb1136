// Plain-text fields (titles, summaries, tags, names, captions, credits, datelines, section names): markup is
// stripped and character references decoded when they are written, as the big publishing systems do for feed
// titles, so that every format shows the same text. Linear in the input, like the HTML cleaner it builds on.
import { htmlToText } from '../model/text'
import { sanitizeHtml } from './sanitize'

/**
 * Bidi embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069): in a title they can reorder
 * what surrounds it on the reader's page. LRM and RLM (U+200E, U+200F) stay: Arabic text needs them.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g

/** Text without bidi embedding/override/isolate controls, white space folded. */
export function withoutBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '').replace(/\s+/g, ' ').trim()
}

/**
 * A plain-text field as stored: markup stripped, references decoded, bidi embedding/override/isolate controls
 * removed, white space folded. May be '' (the caller decides whether blank is allowed).
 * @example plainText('<b>x</b> &amp; y') // 'x & y'
 */
export function plainText(value: string): string {
  return withoutBidiControls(htmlToText(sanitizeHtml(value).html))
}
