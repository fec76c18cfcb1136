// Universal Feed Parser's test corpus (tests/fixtures/feedparser/, BSD licence) as a check of our reader: each
// file's header comment gives feedparser's expected result as a Python expression. For every file where
// feedparser keeps an item that has a link, we must keep it too, with the same count, title, link and date
// (or a difference listed in DIFFERENCES with its reason, also in the README). Free of Node and workerd APIs:
// the pull's test (workerd) and the importer's (Node) run the same checks over their own door.

/** What one door kept of a document: each item as it would be written, or why the whole document was refused. */
export interface DoorResult {
  refused?: string
  items: { title: string; url: string; published: number | null; updated: number | null }[]
  /** Items left out, with their reasons. */
  skipped: { key: string; reason: string; repeat?: true }[]
}

export interface CaseOutcome {
  file: string
  verdict: 'agree' | 'differ' | 'lost' | 'unlisted'
  detail: string
}

/** The origin feedparser's own test server serves the corpus from; relative links in expectations use it. */
export const CORPUS_ORIGIN = 'http://127.0.0.1:8097'

/**
 * Where we deliberately differ from feedparser, by file: the check that differs and why. Each is in the README
 * (Upstream sources: where we differ from Universal Feed Parser).
 */
const SAME_LINK = 'two entries with no id and the same link are one article here (its id comes from the link), so the second is reported as a repeat; feedparser lists both'
export const DIFFERENCES: Record<string, string> = {
  'wellformed/atom/entry_link_no_href_link_priority.xml': SAME_LINK,
  'wellformed/atom/entry_link_rel_enclosure_no_href.xml': SAME_LINK,
  'wellformed/atom10/entry_link_no_href_link_priority.xml': SAME_LINK,
  'wellformed/atom10/entry_link_rel_enclosure_no_href.xml': SAME_LINK,
  'wellformed/base/http_item_link_base_content_location.xml':
    'an HTTP Content-Location is not a base for relative links (RFC 7231 Appendix B dropped that use of it; RFC 2616 had it): they resolve against the URL the feed was fetched from',
}

/** The Expect expression and the HTTP headers a corpus file carries in its opening comment. */
export function corpusHeader(text: string): { expect: string; headers: Record<string, string> } {
  const comment = /<!--([\s\S]*?)-->/.exec(text.slice(0, 4_000))?.[1] ?? ''
  const expect = /^\s*Expect:\s*(.*)$/m.exec(comment)?.[1]?.trim() ?? ''
  const headers: Record<string, string> = {}
  for (const m of comment.matchAll(/^\s*Header:\s*([\w-]+):\s*(.*)$/gm)) headers[m[1]!.toLowerCase()] = m[2]!.trim()
  return { expect, headers }
}

/** A Python string literal (`'a\u00e9'`, `u"x"`, `r'…'`) as a string. */
export function pythonString(literal: string): string {
  const m = /^([urb]*)(['"])([\s\S]*)\2$/i.exec(literal)
  if (!m) throw new Error(`not a string literal: ${literal}`)
  if (/r/i.test(m[1]!)) return m[3]!
  return m[3]!.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|[0-7]{1,3}|[\s\S])/g, (_, e: string) => {
    if (/^[uUx]/.test(e)) return String.fromCodePoint(Number.parseInt(e.slice(1), 16))
    if (/^[0-7]/.test(e)) return String.fromCharCode(Number.parseInt(e, 8))
    return { n: '\n', t: '\t', r: '\r', '0': '\0' }[e] ?? e
  })
}

/** The top-level `and` terms of a Python expression (strings and brackets respected). */
function terms(expression: string): string[] {
  const out: string[] = []
  let depth = 0
  let quote = ''
  let start = 0
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i]!
    if (quote) {
      if (c === '\\') i++
      else if (c === quote) quote = ''
      continue
    }
    if (c === "'" || c === '"') quote = c
    else if ('([{'.includes(c)) depth++
    else if (')]}'.includes(c)) depth--
    else if (depth === 0 && expression.startsWith(' and ', i)) {
      out.push(expression.slice(start, i).trim())
      start = i + 5
    }
  }
  out.push(expression.slice(start).trim())
  return out
}

export type Check =
  | { kind: 'count'; count: number }
  | { kind: 'title' | 'link'; index: number; value: string }
  | { kind: 'published' | 'updated'; index: number; value: number }

const ENTRY_FIELD = String.raw`entries\[(\d+)\](?:\[['"](\w+)['"]\]|\.(\w+))`

/** The checks of an Expect expression that concern what we keep: entry count, titles, links and dates. */
export function checksOf(expect: string): Check[] {
  const checks: Check[] = []
  for (const term of terms(expect)) {
    const count = /^len\(entries\)\s*==\s*(\d+)$/.exec(term)
    if (count) {
      checks.push({ kind: 'count', count: Number(count[1]) })
      continue
    }
    // `entries[0]['link'] == entries[1]['link'] == 'x'`: every field on the left equals the last value.
    const sides = term.split(/\s*==\s*(?=(?:[^'"]*['"][^'"]*['"])*[^'"]*$)/)
    const value = sides.pop()?.trim() ?? ''
    for (const side of sides) {
      const field = new RegExp(String.raw`^${ENTRY_FIELD}$`).exec(side.trim())
      if (field) checks.push(...fieldCheck(Number(field[1]), field[2] ?? field[3] ?? '', value))
    }
  }
  return checks
}

/** The check one `entries[i][name] == value` makes, if it is about what we keep. */
function fieldCheck(index: number, name: string, value: string): Check[] {
  if ((name === 'title' || name === 'link') && /^[ub]?['"]/i.test(value)) return [{ kind: name, index, value: pythonString(value) }]
  const tuple = /\(\s*(\d+),\s*(\d+),\s*(\d+),\s*(\d+),\s*(\d+),\s*(\d+)/.exec(value)
  if ((name === 'published_parsed' || name === 'updated_parsed') && tuple) {
    const [y, mo, d, h, mi, s] = tuple.slice(1).map(Number) as [number, number, number, number, number, number]
    return [{ kind: name === 'published_parsed' ? 'published' : 'updated', index, value: Date.UTC(y, mo - 1, d, h, mi, s) }]
  }
  return []
}

/** Text as a rough scan reads it: UTF-16/32 ASCII made plain by dropping NULs, other bytes as Latin-1. */
function scanText(bytes: Uint8Array): string {
  let out = ''
  for (const b of bytes) if (b !== 0) out += String.fromCharCode(b)
  return out
}

const NOT_ITEM_LINKS = /<((?:[\w.-]+:)?(?:source|content|summary|description|body|div|encoded|chapters))\b[^>]*>[\s\S]*?<\/\1\s*>/g
/** Namespaces whose `link` elements are not the item's link. */
const OTHER_LINKS = new Set(['itunes', 'media', 'feedburner', 'psc'])

function isWebUrl(value: string, base: string): boolean {
  try {
    return /^https?:$/.test(new URL(value.trim(), base).protocol)
  } catch {
    return false
  }
}

/** The link feedparser gives one item's markup (its alternate link, else a permalink guid or id), if a URL. */
function itemLink(inner: string, base: string): string | undefined {
  const markup = inner.replace(NOT_ITEM_LINKS, '')
  for (const m of markup.matchAll(/<(?:([\w.-]+):)?link\b([^>]*?)(\/?)>(?:([^<]*)<\/(?:[\w.-]+:)?link\s*>)?/g)) {
    if (OTHER_LINKS.has(m[1] ?? '')) continue
    const attrs = m[2] ?? ''
    const rel = /\brel\s*=\s*["']([^"']*)["']/.exec(attrs)?.[1] ?? 'alternate'
    if (rel !== 'alternate') continue
    const href = /\bhref\s*=\s*["']([^"']*)["']/.exec(attrs)?.[1] ?? m[4] ?? ''
    if (href.trim() && isWebUrl(href, base)) return href
  }
  const guid = /<guid\b([^>]*)>\s*([^<]*?)\s*<\/guid>/.exec(markup)
  if (guid && !/isPermaLink\s*=\s*["']false/i.test(guid[1]!) && /^https?:\/\//i.test(guid[2]!) && isWebUrl(guid[2]!, base)) return guid[2]
  const id = /<(?:[\w.-]+:)?id\b[^>]*>\s*([^<]*?)\s*<\/(?:[\w.-]+:)?id>/.exec(markup)
  if (id && /^https?:\/\//i.test(id[1]!) && isWebUrl(id[1]!, base)) return id[1]
  return undefined
}

/**
 * How many items feedparser keeps with a link, by a scan of the markup that does not use our parser: an RSS
 * `item` or Atom `entry` (any prefix) whose alternate `link` (text or href, relative or not) is an http(s) URL,
 * else whose permalink guid or id is an absolute http(s) URL; JSON Feed items with such a `url` or `id`.
 */
export function itemsWithLinks(bytes: Uint8Array, base = `${CORPUS_ORIGIN}/`): number {
  const text = scanText(bytes)
  if (/^\s*\{/.test(text)) {
    try {
      const feed = JSON.parse(new TextDecoder().decode(bytes)) as { items?: { url?: unknown; id?: unknown }[] }
      return (feed.items ?? []).filter((i) => (typeof i.url === 'string' && isWebUrl(i.url, base)) || /^https?:\/\//.test(String(i.id ?? ''))).length
    } catch {
      return 0
    }
  }
  const body = text.replace(/<!--[\s\S]*?-->/g, '')
  let count = 0
  for (const m of body.matchAll(/<((?:[\w.-]+:)?(?:item|entry))\b[^>]*?(?<!\/)>([\s\S]*?)<\/\1\s*>/g)) {
    if (itemLink(m[2]!, base)) count++
  }
  return count
}

const normalize = (s: string) => s.replace(/\s+/g, ' ').trim()

/** A URL as the WHATWG parser writes it (`http://item.TEST/` is `http://item.test/`), else as given. */
function sameUrl(value: string): string {
  try {
    return new URL(value).href
  } catch {
    return value
  }
}

/**
 * One corpus file through one door, judged: `lost` when an item with a link is not kept, `differ` when a check
 * fails and DIFFERENCES lists the file, `unlisted` when a check fails and it does not, else `agree`.
 * @param origin the origin the door's document URL has (relative links resolve against it)
 * @param plain the plain text of an HTML title, as our reader stores titles
 */
export function judge(file: string, bytes: Uint8Array, result: DoorResult, origin: string, plain: (html: string) => string): CaseOutcome {
  const { expect } = corpusHeader(scanText(bytes))
  const wanted = itemsWithLinks(bytes)
  const kept = result.items.filter((i) => /^https?:\/\//.test(i.url))
  const outcome = (verdict: CaseOutcome['verdict'], detail: string): CaseOutcome => ({ file, verdict, detail })
  if (result.refused) return outcome('lost', `refused: ${result.refused}`)
  // A repeat of an item already kept (same guid, or same link without one) is one article here: not lost.
  const repeats = result.skipped.filter((s) => s.repeat).length
  if (kept.length + repeats < wanted) {
    const why = result.skipped.map((s) => `${s.key}: ${s.reason}`).join('; ')
    return outcome('lost', `${wanted - kept.length - repeats} of ${wanted} items with a link not kept${why ? ` (${why})` : ''}`)
  }
  const failures: string[] = []
  for (const check of checksOf(expect)) {
    if (check.kind === 'count') {
      if (result.items.length !== check.count) failures.push(`${result.items.length} items, feedparser ${check.count}`)
      continue
    }
    const item = result.items[check.index]
    if (!item) {
      failures.push(`no item ${check.index} for its ${check.kind}`)
      continue
    }
    if (check.kind === 'title') {
      const want = normalize(plain(check.value))
      if (want && normalize(item.title) !== want) failures.push(`title ${JSON.stringify(item.title)}, feedparser ${JSON.stringify(want)}`)
    } else if (check.kind === 'link') {
      const want = sameUrl(check.value.replace(CORPUS_ORIGIN, origin))
      if (sameUrl(item.url) !== want) failures.push(`link ${JSON.stringify(item.url)}, feedparser ${JSON.stringify(want)}`)
    } else {
      const ours = check.kind === 'published' ? item.published : (item.updated ?? item.published)
      if (ours !== check.value) failures.push(`${check.kind} ${ours === null ? 'none' : new Date(ours).toISOString()}, feedparser ${new Date(check.value).toISOString()}`)
    }
  }
  if (failures.length === 0) return outcome('agree', '')
  return outcome(DIFFERENCES[file] ? 'differ' : 'unlisted', failures.join('; '))
}

/** The closing line: `N cases, N agree, N differ (listed), N lost`. */
export function tally(outcomes: CaseOutcome[]): string {
  const n = (v: CaseOutcome['verdict']) => outcomes.filter((o) => o.verdict === v).length
  const unlisted = n('unlisted')
  return `${outcomes.length} cases, ${n('agree')} agree, ${n('differ')} differ (listed), ${n('lost')} lost${unlisted ? `, ${unlisted} differ unlisted` : ''}`
}

/**
 * Corpus documents we refuse whole, and why: only what is not a feed at all. Every other document is read
 * (its bad items left out one by one).
 */
export function refusedOnPurpose(file: string): string | undefined {
  if (file.startsWith('wellformed/cdf/') || file === 'wellformed/base/cdf_item_abstract_xml_base.xml') {
    return "Microsoft's Channel Definition Format (1997, a <CHANNEL> root), which no publisher serves as a feed now"
  }
  if (file === 'illformed/rss_empty_document.xml') return 'no element at all: a comment and nothing else'
  return undefined
}

/** A decoded document in one line: its encoding, whether it was all valid, its length and an FNV-1a hash. */
export function fingerprint(decoded: { text: string; encoding: string; invalid?: string }): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < decoded.text.length; i++) hash = Math.imul(hash ^ decoded.text.charCodeAt(i), 0x01000193) >>> 0
  return `${decoded.encoding} ${decoded.invalid ? 'invalid' : 'valid'} ${decoded.text.length} ${hash.toString(16)}`
}

/** The bytes of a base64 string (the workerd test's corpus module). */
export function bytesOf(base64: string): Uint8Array {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
}
