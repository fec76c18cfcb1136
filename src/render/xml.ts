// A small typed XML builder: renderers compose elements, text and CDATA, and only this module writes markup, so
// whatever a string holds, the document is well-formed (escaping by construction, no hand escape calls).

// The characters XML 1.0 cannot carry are model/text.ts's rule, the one the write path cleans with; here it
// guards what was stored before that rule or comes from elsewhere (configuration, queries).
import { NEEDS_CLEANING, NOT_XML_CHAR } from '../model/text'

/** XML 1.0 §2.8: every document the renderers write starts with this line. */
const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
/** One test for the common case, nothing to do: no special character and nothing model/text.ts's rule drops. */
const TEXT_WORK = /[&<>\u0000-\u0008\u000B-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]/
const ATTRIBUTE_WORK = /[&<>"\u0000-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]/
/** A line break between elements: text like any other, named so that a layout reads as one. */
export const LF = '\n'

/** An attribute's value; null, undefined and false leave the attribute out. */
export type XmlAttrValue = string | number | null | undefined | false
/** Attributes in the order they are written. */
export type XmlAttrs = Readonly<Record<string, XmlAttrValue>>

/**
 * An element or a CDATA section. It is written when made, from escaped parts only, so a document costs one pass
 * and no tree walk. The class is not exported and its private member makes the type nominal: only el, emptyEl
 * and cdata make nodes, no other string passes for markup.
 */
class Markup {
  private declare readonly nominal: never
  constructor(readonly xml: string) {}
}
export type XmlNode = Markup

/**
 * What an element may hold: nodes, text (escaped), and nested lists. null, undefined and false are skipped, so
 * `cond && el(...)` reads as "only when". Numbers are not children (`0 && x` would write "0"): pass `String(n)`.
 */
export type XmlChild = XmlNode | string | null | undefined | false | readonly XmlChild[]

/**
 * An element with a start and an end tag, however empty. Names (of elements and attributes) are the renderers'
 * own constants, never data, and are written as given; attribute values and text are escaped.
 * @example serialize(el('guid', { isPermaLink: 'false' }, 'a & b')) // '<guid isPermaLink="false">a &amp; b</guid>'
 */
export function el(name: string, attrs: XmlAttrs | null, ...children: XmlChild[]): XmlNode {
  return new Markup(startTag(name, attrs) + '>' + serialize(children) + '</' + name + '>')
}

/**
 * An empty-element tag (XML 1.0 §3.1 EmptyElemTag).
 * @example serialize(emptyEl('category', { term: 'رياضة' })) // '<category term="رياضة"/>'
 */
export function emptyEl(name: string, attrs: XmlAttrs | null): XmlNode {
  return new Markup(startTag(name, attrs) + '/>')
}

/** A CDATA section for large HTML bodies (one scan instead of escaping every `<`); `]]>` inside is split. */
export function cdata(text: string): XmlNode {
  const safe = xmlSafe(text)
  return new Markup('<![CDATA[' + (safe.includes(']]>') ? safe.replace(/\]\]>/g, ']]]]><![CDATA[>') : safe) + ']]>')
}

/** Each child, but skipped ones and empty text, followed by a line break. */
export function lines(children: readonly XmlChild[]): XmlChild[] {
  const out: XmlChild[] = []
  for (const child of children) if (child !== null && child !== undefined && child !== false && child !== '') out.push(child, LF)
  return out
}

/** The XML of children: text escaped, nodes as made, skipped children nothing. */
export function serialize(child: XmlChild): string {
  if (typeof child === 'string') return escapeText(child)
  if (child === null || child === undefined || child === false) return ''
  if (!isList(child)) return child.xml
  let out = ''
  for (const c of child) out += serialize(c)
  return out
}

/** A whole document: the XML declaration, the root element, a final line break. */
export function xmlDocument(root: XmlNode): string {
  return DECLARATION + root.xml + LF
}

/** Drops what XML cannot carry (CR LF becomes LF, as an XML parser would make it; a lone CR goes). */
export function xmlSafe(text: string): string {
  return NEEDS_CLEANING.test(text) ? text.replace(/\r\n/g, '\n').replace(/\r/g, '').replace(NOT_XML_CHAR, '') : text
}

/** Character data: `&`, `<`, `>` escaped. */
function escapeText(text: string): string {
  if (!TEXT_WORK.test(text)) return text
  return xmlSafe(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** An attribute value in double quotes; tab and LF as references so attribute normalization keeps them. */
function escapeAttr(text: string): string {
  if (!ATTRIBUTE_WORK.test(text)) return text
  return xmlSafe(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
}

/** `<name` and its attributes, in order; the caller closes it. */
function startTag(name: string, attrs: XmlAttrs | null): string {
  let out = '<' + name
  if (attrs === null) return out
  for (const attr in attrs) {
    const value = attrs[attr]
    if (value === null || value === undefined || value === false) continue
    out += ' ' + attr + '="' + (typeof value === 'number' ? String(value) : escapeAttr(value)) + '"'
  }
  return out
}

function isList(child: XmlChild): child is readonly XmlChild[] {
  return Array.isArray(child)
}
