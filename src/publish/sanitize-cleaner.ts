// The HTML cleaner's tokenizer callbacks and element stack: tokens in, cleaned HTML out, constant work per token.
// htmlparser2's tokenizer reads the input once, as browsers do (raw-text elements, character references,
// attributes in any quoting); the element stack is kept here, so the whole pass is linear in the input. Every tag
// kept is re-serialized from the allowlist, so nothing passes through unparsed.
import type { TokenizerCallbacks } from 'htmlparser2'
import { cleanText } from '../model/text'
import { GLOBAL_ATTRIBUTES, escapeAttribute, escapeText, isUrlAttribute, safeUrl } from './html-rules'
import { DROP, KEEP, KNOWN, type Known, UNWRAP } from './sanitize-elements'
import { type Output, output } from './sanitize-output'

/**
 * The cleaner: tokenizer callbacks in, cleaned HTML out. The open elements are a stack kept in parallel arrays
 * (numbers and shared strings: nothing allocated per element) and counted by name, so that each token costs
 * constant work: an end tag that matches nothing is one lookup, one that matches pops what it closes.
 */
export class Cleaner implements TokenizerCallbacks {
  readonly root = output()
  /** Where the current element's children write: its own buffer when removed with its content. */
  private into = this.root
  // The stack of open elements, one entry per array.
  private readonly names: string[] = []
  /** For a kept element: its end tag as written (h1 is written h2). */
  private readonly endTags: string[] = []
  private readonly intos: Output[] = []
  /**
   * Kind (KEEP, UNWRAP, DROP) + 4 when foreign + 8 × (1 + where its content starts) for an element whose
   * content the tokenizer reads as raw text (script, style…): small integers, stored unboxed.
   */
  private readonly codes: number[] = []
  /** Open elements by name. */
  private readonly open = new Map<string, number>()
  private foreignDepth = 0
  private text = ''
  private tag = ''
  private known: Known | undefined
  /** Whether the current tag is kept, so its attributes are worth reading. */
  private keepsAttributes = false
  private attrName = ''
  private attrValue = ''
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
    if (first !== undefined && first >= 0x300 && /^\p{M}/u.test(text)) {
      text = `&#x${first.toString(16)};${text.slice(String.fromCodePoint(first).length)}`
    }
    this.into.parts.push(text)
  }

  private push(name: string, kind: number, endTag: string, into: Output, foreign: boolean, rawFrom: number): void {
    this.names.push(name)
    this.endTags.push(endTag)
    this.intos.push(into)
    this.codes.push(kind + (foreign ? 4 : 0) + 8 * (rawFrom + 1))
    this.into = into
    this.open.set(name, (this.open.get(name) ?? 0) + 1)
    if (foreign) this.foreignDepth++
  }

  private top(): string | undefined {
    return this.names[this.names.length - 1]
  }

  /**
   * Closes the element on top and returns its name. An element removed with its content loses that content
   * only when its own end tag delimited it; closed any other way (by an ancestor's end tag, or the end of the
   * input), its content is kept, cleaned like the rest: nothing after an unclosed `<template>` is lost.
   */
  private pop(explicit: boolean): string {
    const name = this.names.pop()!
    const endTag = this.endTags.pop()!
    const inner = this.intos.pop()!
    const code = this.codes.pop()!
    const kind = code & 3
    if (code & 4) this.foreignDepth--
    this.open.set(name, this.open.get(name)! - 1)
    this.into = this.intos[this.intos.length - 1] ?? this.root
    if (kind === KEEP) this.into.parts.push(endTag)
    else if (kind === DROP && !explicit) {
      this.into.parts.push(inner)
      this.into.nested = true
    }
    return name
  }

  private openElement(selfClosing: boolean): void {
    const name = this.tag
    const known = this.known
    const closes = known?.closes
    if (closes) for (let top = this.top(); top !== undefined && closes.has(top); top = this.top()) this.pop(false)
    const foreign = this.foreignDepth > 0 || known?.foreign === true
    // `<x/>` closes x only in SVG and MathML; in HTML the slash is ignored, as browsers do.
    const isVoid = known?.isVoid === true
    const empty = isVoid || (selfClosing && foreign)
    if (known === undefined || known.kind !== KEEP) {
      this.mark(`element:${name}`)
      if (empty) return
      if (known?.kind !== DROP) return this.push(name, UNWRAP, '', this.into, foreign, -1)
      const rawFrom = this.rawText && !foreign && known.rawText ? this.tagEnd + 1 : -1
      return this.push(name, DROP, '', output(), foreign, rawFrom)
    }
    const attributes = this.attributes.length === 0 ? (name === 'img' ? null : '') : this.renderAttributes(known.out, known.allowed)
    if (attributes === null) {
      this.mark(`element:${name}`)
      return
    }
    this.into.parts.push(attributes === '' ? known.startTag : `<${known.out}${attributes}>`)
    if (!empty) this.push(name, KEEP, known.endTag, this.into, foreign, -1)
    else if (!isVoid) this.into.parts.push(known.endTag)
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
    const name = this.slice(start, end).toLowerCase()
    this.known = KNOWN.get(name)
    this.tag = this.known?.name ?? name
    this.keepsAttributes = this.known?.kind === KEEP
    if (this.attributes.length > 0) this.attributes = []
  }
  onattribname(start: number, end: number): void {
    if (!this.keepsAttributes) return
    this.attrName = this.slice(start, end).toLowerCase()
    this.attrValue = ''
  }
  onattribdata(start: number, end: number): void {
    if (this.keepsAttributes) this.attrValue += this.slice(start, end)
  }
  onattribentity(codepoint: number): void {
    if (this.keepsAttributes) this.attrValue += String.fromCodePoint(codepoint)
  }
  onattribend(): void {
    if (this.keepsAttributes) this.attributes.push([this.attrName, this.attrValue])
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
    while (this.pop(this.top() === name) !== name);
  }
  /**
   * The input ended. Inside a script (or another element read as raw text) left open, its "content" is the
   * rest of the article: that rest is read again as HTML, with raw text off (no end tag follows, so none could
   * close), and the element stays open, to be closed by the end of the input, keeping what it holds.
   */
  onend(): void {
    this.flush()
    const top = this.names.length - 1
    const rawFrom = top < 0 ? -1 : Math.floor(this.codes[top]! / 8) - 1
    if (rawFrom >= 0 && this.rawText && this.resumeAt < 0) {
      this.rawText = false
      this.into = this.intos[top] = output()
      this.resumeAt = rawFrom
    }
  }
  /** Closes what is still open, once the whole input is read. */
  finish(): void {
    while (this.names.length > 0) this.pop(false)
  }
  /** Raw text is not read inside SVG or MathML, nor once it was left open (see `onend`). */
  isInForeignContext(): boolean {
    return this.foreignDepth > 0 || !this.rawText
  }
}
