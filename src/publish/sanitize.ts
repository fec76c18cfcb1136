// Cleans article HTML to an allowlist when it is written, so that nothing unsafe is stored or served.
// A small tokenizer re-serializes every tag it keeps, so nothing passes through unparsed: scripts, styles,
// frames, event-handler attributes and javascript:/data: URLs are dropped; relative links are made absolute.
import { cleanText, decodeEntities } from '../model/text'

/** Elements kept, with the attributes each may carry (besides the global ones). */
const ALLOWED: Record<string, readonly string[]> = {
  p: [], br: [], hr: [], div: [], span: [], h2: [], h3: [], h4: [], h5: [], h6: [],
  strong: [], b: [], em: [], i: [], u: [], s: [], small: [], mark: [], sub: [], sup: [],
  blockquote: ['cite'], q: ['cite'], cite: [], code: [], pre: [], abbr: [], time: ['datetime'],
  ul: [], ol: ['start'], li: [], dl: [], dt: [], dd: [],
  a: ['href'], img: ['src', 'alt', 'width', 'height'], figure: [], figcaption: [],
  table: [], caption: [], thead: [], tbody: [], tfoot: [], tr: [], th: ['colspan', 'rowspan'], td: ['colspan', 'rowspan'],
}
/** h1 belongs to the reader's page, not to an article body. */
const RENAMED: Record<string, string> = { h1: 'h2' }
const GLOBAL_ATTRIBUTES = ['dir', 'lang', 'title']
const VOID = new Set(['br', 'hr', 'img'])
/** Dropped together with everything inside them. */
const DROPPED_WITH_CONTENT = new Set([
  'script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'noscript', 'template',
  'svg', 'math', 'textarea', 'select', 'head', 'title', 'xmp', 'noembed', 'noframes',
])
const URL_ATTRIBUTES = new Set(['href', 'src', 'cite'])
const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:'])
const ATTRIBUTE = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g
const TAG_NAME = /^[a-zA-Z][a-zA-Z0-9-]*/

/** What the cleaning removed, by kind: `element:script`, `attribute:onclick`, `url:javascript`. */
export type Removed = Record<string, number>

export interface SanitizeResult {
  html: string
  removed: Removed
}

function escapeText(text: string): string {
  // Keep well-formed character references; escape a bare `&` and angle brackets.
  return text
    .replace(/&(?!(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

function count(removed: Removed, what: string): void {
  removed[what] = (removed[what] ?? 0) + 1
}

/** An absolute http(s)/mailto URL, or null when the value is unsafe or unusable. */
function safeUrl(raw: string, base: string | undefined, removed: Removed): string | null {
  // Browsers ignore control characters and white space inside a scheme: `jav\tascript:` is javascript:.
  const value = decodeEntities(raw).replace(/[\u0000-\u0020\u007F-\u009F]/g, '')
  if (value === '') return null
  let url: URL
  try {
    url = base ? new URL(value, base) : new URL(value)
  } catch {
    count(removed, 'url:invalid')
    return null
  }
  if (!SAFE_SCHEMES.has(url.protocol)) {
    count(removed, `url:${url.protocol.replace(/:$/, '')}`)
    return null
  }
  return url.href
}

function renderAttributes(tag: string, source: string, base: string | undefined, removed: Removed): string | null {
  const allowed = ALLOWED[tag] ?? []
  const seen = new Set<string>()
  let out = ''
  for (const match of source.matchAll(ATTRIBUTE)) {
    const name = (match[1] ?? '').toLowerCase()
    const value = match[2] ?? match[3] ?? match[4] ?? ''
    if (seen.has(name)) continue
    seen.add(name)
    if (!allowed.includes(name) && !GLOBAL_ATTRIBUTES.includes(name)) {
      count(removed, `attribute:${name}`)
      continue
    }
    let kept = decodeEntities(value)
    if (URL_ATTRIBUTES.has(name)) {
      const url = safeUrl(value, base, removed)
      if (url === null) {
        if (tag === 'img' && name === 'src') return null
        continue
      }
      kept = url
    }
    out += ` ${name}="${escapeAttribute(kept)}"`
  }
  if (tag === 'img' && !seen.has('src')) return null
  return out
}

/**
 * Cleans `html` to the allowlist, resolving relative URLs against `baseUrl`.
 * The result is balanced: every kept element is closed.
 * @example sanitizeHtml('<p onclick="x()">hi<script>x()</script></p>', 'https://a.example/').html // '<p>hi</p>'
 */
export function sanitizeHtml(html: string, baseUrl?: string): SanitizeResult {
  const source = cleanText(html)
  const removed: Removed = {}
  const open: string[] = []
  let out = ''
  let i = 0
  while (i < source.length) {
    const lt = source.indexOf('<', i)
    if (lt === -1) {
      out += escapeText(source.slice(i))
      break
    }
    out += escapeText(source.slice(i, lt))
    i = lt
    const next = source[i + 1] ?? ''
    if (source.startsWith('<!--', i)) {
      const end = source.indexOf('-->', i + 4)
      i = end === -1 ? source.length : end + 3
      continue
    }
    if (next === '!' || next === '?') {
      const end = source.indexOf('>', i)
      i = end === -1 ? source.length : end + 1
      continue
    }
    const closing = next === '/'
    const nameMatch = TAG_NAME.exec(source.slice(i + (closing ? 2 : 1), i + 80))
    if (!nameMatch) {
      out += '&lt;'
      i += 1
      continue
    }
    const end = source.indexOf('>', i)
    const tagEnd = end === -1 ? source.length : end + 1
    const raw = nameMatch[0].toLowerCase()
    const tag = RENAMED[raw] ?? raw
    const attributes = source.slice(i + (closing ? 2 : 1) + nameMatch[0].length, end === -1 ? source.length : end)
    i = tagEnd
    if (DROPPED_WITH_CONTENT.has(tag)) {
      count(removed, `element:${tag}`)
      if (!closing && !/\/\s*$/.test(attributes)) {
        const close = source.toLowerCase().indexOf(`</${tag}`, i)
        const closeEnd = close === -1 ? -1 : source.indexOf('>', close)
        i = closeEnd === -1 ? source.length : closeEnd + 1
      }
      continue
    }
    if (!(tag in ALLOWED)) {
      if (!closing) count(removed, `element:${tag}`)
      continue
    }
    if (closing) {
      const at = open.lastIndexOf(tag)
      if (at === -1) continue
      while (open.length > at) out += `</${open.pop()}>`
      continue
    }
    const rendered = renderAttributes(tag, attributes, baseUrl, removed)
    if (rendered === null) {
      count(removed, `element:${tag}`)
      continue
    }
    out += `<${tag}${rendered}>`
    if (!VOID.has(tag)) open.push(tag)
  }
  while (open.length > 0) out += `</${open.pop()}>`
  return { html: out, removed }
}
