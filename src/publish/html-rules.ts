// What the HTML cleaner keeps: the allowlist of elements and attributes, the elements removed with their
// content, the elements that close others implicitly, and the URL rule. Data and small pure helpers only.
import { parseUrl } from '../model/urls'

/** Elements kept, with the attributes each may carry (besides the global ones). */
export const ALLOWED = new Map<string, readonly string[]>(
  Object.entries({
    p: [], br: [], hr: [], div: [], span: [], h2: [], h3: [], h4: [], h5: [], h6: [],
    strong: [], b: [], em: [], i: [], u: [], s: [], small: [], mark: [], sub: [], sup: [],
    blockquote: ['cite'], q: ['cite'], cite: [], code: [], pre: [], abbr: [], time: ['datetime'],
    ul: [], ol: ['start'], li: [], dl: [], dt: [], dd: [],
    a: ['href'], img: ['src', 'alt', 'width', 'height'], figure: [], figcaption: [],
    table: [], caption: [], thead: [], tbody: [], tfoot: [], tr: [], th: ['colspan', 'rowspan'], td: ['colspan', 'rowspan'],
  }),
)
/** h1 belongs to the reader's page, not to an article body. */
export const RENAMED = new Map([['h1', 'h2']])
export const GLOBAL_ATTRIBUTES = new Set(['dir', 'lang', 'title'])
/** HTML's void elements: they have no content and no end tag. */
export const VOID = new Set([
  'area', 'base', 'basefont', 'bgsound', 'br', 'col', 'embed', 'frame', 'hr', 'image', 'img', 'input', 'keygen',
  'link', 'meta', 'param', 'source', 'track', 'wbr',
])
/**
 * Removed together with their own content: what they hold is code, styling, metadata, a form control's state
 * or a fallback for missing scripts and frames, never the article's text. Every other element outside the
 * allowlist is unwrapped: its tags go, its content stays (cleaned like the rest).
 */
export const DROPPED_WITH_CONTENT = new Set([
  'script', 'style', 'template', 'noscript', 'iframe', 'noembed', 'noframes', 'head', 'title', 'textarea', 'select',
])
/** Elements whose content the tokenizer reads as raw text (no tags inside) and that are removed with it. */
export const RAW_TEXT = new Set(['script', 'style', 'iframe', 'noembed', 'noframes', 'title', 'textarea'])
/** Foreign (SVG, MathML) roots: inside them `<x/>` closes the element, as browsers do. */
export const FOREIGN = new Set(['svg', 'math'])

const P = new Set(['p'])
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p'])
const DD_DT = new Set(['dd', 'dt'])
const TABLE_SECTIONS = new Set(['thead', 'tbody', 'tfoot', 'tr', 'td', 'th'])
/** An element whose start tag closes the open element on top when it is one of these (HTML's optional end tags). */
export const CLOSES = new Map<string, ReadonlySet<string>>([
  ['p', P], ['div', P], ['ul', P], ['ol', P], ['dl', P], ['pre', P], ['blockquote', P], ['table', P], ['figure', P],
  ['figcaption', P], ['hr', P], ['section', P], ['article', P], ['aside', P], ['header', P], ['footer', P],
  ['address', P], ['details', P], ['main', P], ['nav', P], ['form', P], ['fieldset', P],
  ['h1', HEADINGS], ['h2', HEADINGS], ['h3', HEADINGS], ['h4', HEADINGS], ['h5', HEADINGS], ['h6', HEADINGS],
  ['li', new Set(['li'])], ['dd', DD_DT], ['dt', DD_DT], ['a', new Set(['a'])],
  ['tr', new Set(['tr', 'td', 'th'])], ['td', new Set(['td', 'th'])], ['th', new Set(['td', 'th'])],
  ['thead', TABLE_SECTIONS], ['tbody', TABLE_SECTIONS], ['tfoot', TABLE_SECTIONS],
  ['option', new Set(['option'])], ['optgroup', new Set(['optgroup', 'option'])],
])

const URL_ATTRIBUTES = new Set(['href', 'src', 'cite'])
const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:'])

/** Whether `name` holds a URL (and so goes through `safeUrl`). */
export function isUrlAttribute(name: string): boolean {
  return URL_ATTRIBUTES.has(name)
}

/**
 * An absolute http(s)/mailto URL, or what made it unsafe or unusable (`url:javascript`, `url:invalid`).
 * `raw` is the attribute's value with character references already decoded.
 */
export function safeUrl(raw: string, base: string | undefined): { url: string } | { removed: string } | null {
  // Browsers ignore control characters and white space inside a scheme: `jav\tascript:` is javascript:.
  const value = raw.replace(/[\u0000-\u0020\u007F-\u009F]/g, '')
  if (value === '') return null
  const url = parseUrl(value, base || undefined)
  if (!url) return { removed: 'url:invalid' }
  if (!SAFE_SCHEMES.has(url.protocol)) return { removed: `url:${url.protocol.replace(/:$/, '')}` }
  return { url: url.href }
}

/** Text for element content: every `&`, `<` and `>` escaped (the input's references are already decoded). */
export function escapeText(text: string): string {
  if (!/[&<>]/.test(text)) return text
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

export function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}
