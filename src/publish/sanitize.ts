// Cleans article HTML to an allowlist when it is written, so that nothing unsafe is stored or served.
// htmlparser2's tokenizer reads the input once, as browsers do (raw-text elements, character references,
// attributes in any quoting); the element stack is kept here, in constant time per token, so the whole pass is
// linear in the input. Every tag kept is re-serialized from the allowlist, so nothing passes through unparsed.
import { Tokenizer, type TokenizerCallbacks } from 'htmlparser2'
import { cleanText } from '../model/text'
import {
  ALLOWED, CLOSES, DROPPED_WITH_CONTENT, FOREIGN, GLOBAL_ATTRIBUTES, RAW_TEXT, RENAMED, VOID,
  escapeAttribute, escapeText, isUrlAttribute, safeUrl,
} from './html-rules'

/** What the cleaning removed, by kind: `element:script`, `attribute:onclick`, `url:javascript`, `comment`. */
export type Removed = Record<string, number>

export interface SanitizeResult {
  html: string
  removed: Removed
}

/**
 * Output being written: pieces of HTML in order, among them the buffers of elements removed with their content
 * that turned out to be kept (see `pop`), referenced rather than copied so keeping one costs nothing; and what
 * was removed.
 */
interface Output {
  parts: (string | Output)[]
  removed: string[]
}

function output(): Output {
  return { parts: [], removed: [] }
}

/** What opens a comment, a CDATA section or a bogus comment (`<!x`, `<?x`). */
const COMMENT_OPENER = /<!--|<!\[CDATA\[|<[!?]/gi

/** The start and end tags of each kept element without attributes, made once (most tags are written so). */
const TAGS = new Map([...ALLOWED.keys()].map((tag) => [tag, { open: `<${tag}>`, close: `</${tag}>` }]))

interface Frame {
  /** The element's name as written (lower case). */
  name: string
  kind: 'keep' | 'unwrap' | 'drop'
  /** For `keep`: the name written out (h1 becomes h2). */
  out: string
  /** Where this element's children write: its own buffer when `drop`, else its parent's. */
  into: Output
  foreign: boolean
  /** For an element whose content the tokenizer reads as raw text (script, style…): where that content starts. */
  rawFrom?: number
}

class Cleaner implements TokenizerCallbacks {
  readonly root = output()
  private readonly stack: Frame[] = []
  /** Open elements by name: whether an end tag matches anything is one lookup, not a walk down the stack. */
  private readonly open = new Map<string, number>()
  private foreignDepth = 0
  private text = ''
  private tag = ''
  private attrName = ''
  private attrValue: string[] = []
  private attributes: [string, string][] = []

  /** The input being tokenized: the whole, or what follows an element or comment left open (see `onend`). */
  source = ''
  /** Where to read again, in `source`, when the input ended inside something left open; -1 when it did not. */
  resumeAt = -1
  /** Whether unclosed comments were met, so that their openers must go from what is read again. */
  resumeAfterComment = false
  /** Off once an element read as raw text was left open: from then on none is (see `onend`). */
  private rawText = true
  private tagEnd = 0

  constructor(private readonly base: string | undefined) {}

  private get into(): Output {
    return this.stack[this.stack.length - 1]?.into ?? this.root
  }

  removedComment(): void {
    this.mark('comment')
  }

  private mark(what: string): void {
    this.into.removed.push(what)
  }

  /** Writes the pending run of text: NFC, XML-safe, escaped. */
  private flush(): void {
    if (this.text === '') return
    let text = escapeText(cleanText(this.text))
    this.text = ''
    // A leading combining mark would compose with the `>` before it (`>` + U+0338 is `≯`) if the HTML were
    // ever normalized again: write it as a reference.
    const first = text.codePointAt(0)
    if (first !== undefined && /^\p{M}/u.test(text)) text = `&#x${first.toString(16)};${text.slice(String.fromCodePoint(first).length)}`
    this.into.parts.push(text)
  }

  private push(frame: Frame): void {
    this.stack.push(frame)
    this.open.set(frame.name, (this.open.get(frame.name) ?? 0) + 1)
    if (frame.foreign) this.foreignDepth++
  }

  /**
   * Closes the element on top. An element removed with its content loses that content only when its own end
   * tag delimited it; closed any other way (by an ancestor's end tag, or the end of the input), its content is
   * kept, cleaned like the rest: nothing after an unclosed `<script>` or `<template>` is lost.
   */
  private pop(explicit: boolean): Frame {
    const frame = this.stack.pop()!
    this.open.set(frame.name, this.open.get(frame.name)! - 1)
    if (frame.foreign) this.foreignDepth--
    if (frame.kind === 'keep') this.into.parts.push(TAGS.get(frame.out)!.close)
    else if (frame.kind === 'drop' && !explicit) this.into.parts.push(frame.into)
    return frame
  }

  private openElement(selfClosing: boolean): void {
    const name = this.tag
    const closes = CLOSES.get(name)
    while (closes && this.stack.length > 0 && closes.has(this.stack[this.stack.length - 1]!.name)) this.pop(false)
    const foreign = FOREIGN.has(name) || this.foreignDepth > 0
    // `<x/>` closes x only in SVG and MathML; in HTML the slash is ignored, as browsers do.
    const empty = VOID.has(name) || (selfClosing && foreign)
    const out = RENAMED.get(name) ?? name
    const allowed = ALLOWED.get(out)
    if (allowed === undefined || DROPPED_WITH_CONTENT.has(name)) {
      this.mark(`element:${name}`)
      if (empty) return
      const kind = DROPPED_WITH_CONTENT.has(name) ? 'drop' : 'unwrap'
      const rawFrom = this.rawText && !foreign && RAW_TEXT.has(name) ? this.tagEnd + 1 : undefined
      this.push({ name, kind, out, into: kind === 'drop' ? output() : this.into, foreign, rawFrom })
      return
    }
    const attributes = this.renderAttributes(out, allowed)
    if (attributes === null) {
      this.mark(`element:${name}`)
      return
    }
    this.into.parts.push(attributes === '' ? TAGS.get(out)!.open : `<${out}${attributes}>`)
    if (!empty) this.push({ name, kind: 'keep', out, into: this.into, foreign })
    else if (!VOID.has(name)) this.into.parts.push(TAGS.get(out)!.close)
  }

  /** The attributes kept, serialized; null when the element cannot stand without what was removed (img). */
  private renderAttributes(tag: string, allowed: readonly string[]): string | null {
    if (this.attributes.length === 0) return tag === 'img' ? null : ''
    const seen = new Set<string>()
    const removed: string[] = []
    let out = ''
    let needsSource = tag === 'img'
    for (const [name, value] of this.attributes) {
      if (seen.has(name)) continue
      seen.add(name)
      if (!allowed.includes(name) && !GLOBAL_ATTRIBUTES.has(name)) {
        removed.push(`attribute:${name}`)
        continue
      }
      let kept = cleanText(value)
      if (isUrlAttribute(name)) {
        const safe = safeUrl(kept, this.base)
        if (safe === null || 'removed' in safe) {
          if (safe) removed.push(safe.removed)
          if (tag === 'img' && name === 'src') {
            for (const what of removed) this.mark(what)
            return null
          }
          continue
        }
        kept = safe.url
        if (name === 'src') needsSource = false
      }
      out += ` ${name}="${escapeAttribute(kept)}"`
    }
    for (const what of removed) this.mark(what)
    return needsSource ? null : out
  }

  private slice(start: number, end: number): string {
    return this.source.slice(start, end)
  }

  // Tokenizer callbacks.
  ontext(start: number, end: number): void {
    this.text += this.slice(start, end)
  }
  ontextentity(codepoint: number): void {
    this.text += String.fromCodePoint(codepoint)
  }
  oncdata(start: number, end: number, offset: number): void {
    this.text += this.slice(start, end - offset)
  }
  oncomment(start: number, end: number): void {
    this.flush()
    this.mark('comment')
    // A comment the input ended inside: what follows its opener is read again as HTML, not lost.
    if (end === this.source.length && start < end) {
      this.resumeAt = start
      this.resumeAfterComment = true
    }
  }
  ondeclaration(): void {
    this.flush()
    this.mark('declaration')
  }
  onprocessinginstruction(): void {
    this.flush()
    this.mark('declaration')
  }
  onopentagname(start: number, end: number): void {
    this.flush()
    this.tag = this.slice(start, end).toLowerCase()
    if (this.attributes.length > 0) this.attributes = []
  }
  onattribname(start: number, end: number): void {
    this.attrName = this.slice(start, end).toLowerCase()
    this.attrValue = []
  }
  onattribdata(start: number, end: number): void {
    this.attrValue.push(this.slice(start, end))
  }
  onattribentity(codepoint: number): void {
    this.attrValue.push(String.fromCodePoint(codepoint))
  }
  onattribend(): void {
    this.attributes.push([this.attrName, this.attrValue.join('')])
  }
  onopentagend(end: number): void {
    this.tagEnd = end
    this.openElement(false)
  }
  onselfclosingtag(end: number): void {
    this.tagEnd = end
    this.openElement(true)
  }
  onclosetag(start: number, end: number): void {
    this.flush()
    const name = this.slice(start, end).toLowerCase()
    // An end tag that matches no open element is ignored.
    if (!this.open.get(name)) return
    while (this.pop(this.stack[this.stack.length - 1]!.name === name).name !== name);
  }
  /**
   * The input ended. Inside a script (or another element read as raw text) left open, its "content" is the
   * rest of the article: that rest is read again as HTML, with raw text off (no end tag follows, so none could
   * close), and the element stays open, to be closed by the end of the input, keeping what it holds.
   */
  onend(): void {
    this.flush()
    const top = this.stack[this.stack.length - 1]
    if (top?.rawFrom !== undefined && this.rawText && this.resumeAt < 0) {
      this.rawText = false
      top.into = output()
      this.resumeAt = top.rawFrom
    }
  }
  /** Closes what is still open, once the whole input is read. */
  finish(): void {
    while (this.stack.length > 0) this.pop(false)
  }
  /** Raw text is not read inside SVG or MathML, nor once it was left open (see `onend`). */
  isInForeignContext(): boolean {
    return this.foreignDepth > 0 || !this.rawText
  }
}

/** The HTML and what was removed, from the output and every kept buffer in it (without recursion: kept buffers
 * can nest as deep as the input is long). */
function serialize(root: Output): SanitizeResult {
  const html: string[] = []
  const removed: Removed = {}
  const pending: { output: Output; next: number }[] = [{ output: root, next: 0 }]
  while (pending.length > 0) {
    const top = pending[pending.length - 1]!
    if (top.next === 0) for (const what of top.output.removed) removed[what] = (removed[what] ?? 0) + 1
    const { parts } = top.output
    let i = top.next
    while (i < parts.length && typeof parts[i] === 'string') html.push(parts[i++] as string)
    if (i === parts.length) {
      pending.pop()
      continue
    }
    top.next = i + 1
    pending.push({ output: parts[i] as Output, next: 0 })
  }
  return { html: html.join(''), removed }
}

/**
 * Cleans `html` to the allowlist, resolving relative URLs against `baseUrl`, in time linear in its length.
 * The result is balanced (every kept element is closed), NFC and free of characters XML cannot carry.
 * @example sanitizeHtml('<p onclick="x()">hi<script>x()</script></p>', 'https://a.example/').html // '<p>hi</p>'
 */
export function sanitizeHtml(html: string, baseUrl?: string): SanitizeResult {
  const cleaner = new Cleaner(baseUrl)
  let input = html
  // At most a few passes: after an element read as raw text is left open, raw text is off; after a comment is
  // left open, every later opener is removed (none could close), so neither can happen twice.
  for (;;) {
    cleaner.source = input
    cleaner.resumeAt = -1
    const tokenizer = new Tokenizer({ xmlMode: false, decodeEntities: true }, cleaner)
    tokenizer.write(input)
    tokenizer.end()
    if (cleaner.resumeAt < 0) break
    input = input.slice(cleaner.resumeAt)
    if (cleaner.resumeAfterComment) input = input.replace(COMMENT_OPENER, () => {
      cleaner.removedComment()
      return ''
    })
  }
  cleaner.finish()
  return serialize(cleaner.root)
}
