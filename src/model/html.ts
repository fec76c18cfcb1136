// Escaping for text placed into HTML.

const HTML_SPECIAL = /[&<>"']/
const REPLACEMENTS: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Escapes text for an HTML element or a double- or single-quoted attribute. */
export function escapeHtml(text: string): string {
  return HTML_SPECIAL.test(text) ? text.replace(/[&<>"']/g, (c) => REPLACEMENTS[c] ?? c) : text
}

const TEXT_SPECIAL = /[&<>]/

/**
 * Escapes text for an HTML element's content only: `&`, `<`, `>`. Quotes stay as written, so a reader that
 * strips tags without decoding (feed-extractor's JSON Feed summaries) still shows «"رويترز"», not `&quot;`.
 */
export function escapeHtmlText(text: string): string {
  return TEXT_SPECIAL.test(text) ? text.replace(/[&<>]/g, (c) => REPLACEMENTS[c] ?? c) : text
}
