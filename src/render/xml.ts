// A small typed XML builder: renderers build a tree of elements and text, and the serializer alone escapes,
// so whatever a string holds, the document is well-formed (escaping by construction, no hand escape calls).

// The characters XML 1.0 cannot carry are model/text.ts's rule, the one the write path cleans with; here it
// guards what was stored before that rule or comes from elsewhere (configuration, queries).
import { NEEDS_CLEANING, NOT_XML_CHAR } from '../model/text'

/** XML 1.0 §2.8: every document the renderers write starts with this line. */
const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
const TEXT_SPECIAL = /[&<>]/
const ATTRIBUTE_SPECIAL = /[&<>"\t\n]/
/** A line break between elements: text like any other, named so that a layout reads as one. */
export const LF = '\n'

/** An attribute's value; null, undefined and false leave the attribute out. */
export type XmlAttrValue = string | number | null | undefined | false
/** Attributes in the order they are written. */
export type XmlAttrs = Readonly<Record<string, XmlAttrValue>>

/** `children: null` is an empty-element tag (`<name/>`); an array, however empty, is `<name></name>`. */
export interface XmlElement {
  readonly kind: 'element'
  readonly name: string
  readonly attrs: XmlAttrs | null
  readonly children: readonly XmlChild[] | null
}

export interface XmlCdata {
  readonly kind: 'cdata'
  readonly text: string
}

export type XmlNode = XmlElement | XmlCdata
/**
 * What an element may hold: nodes, text (escaped when written), and nested lists. null, undefined and false are
 * skipped, so `cond && el(...)` reads as "only when". Numbers are not children (`0 && x` would write "0"): pass
 * `String(n)`.
 */
export type XmlChild = XmlNode | string | null | undefined | false | readonly XmlChild[]

/**
 * An element with a start and an end tag. Names (of elements and attributes) are the renderers' own constants,
 * never data, and are written as given; attribute values and text are escaped when serialized.
 * @example serialize(el('guid', { isPermaLink: 'false' }, 'a & b')) // '<guid isPermaLink="false">a &amp; b</guid>'
 */
export function el(name: string, attrs: XmlAttrs | null, ...children: XmlChild[]): XmlElement {
  return { kind: 'element', name, attrs, children }
}

/**
 * An empty-element tag (XML 1.0 §3.1 EmptyElemTag).
 * @example serialize(emptyEl('category', { term: 'رياضة' })) // '<category term="رياضة"/>'
 */
export function emptyEl(name: string, attrs: XmlAttrs | null): XmlElement {
  return { kind: 'element', name, attrs, children: null }
}

/** A CDATA section for large HTML bodies (one scan instead of escaping every `<`); `]]>` inside is split. */
export function cdata(text: string): XmlCdata {
  return { kind: 'cdata', text }
}

/** Each child, but skipped ones and empty text, followed by a line break. */
export function lines(children: readonly XmlChild[]): XmlChild[] {
  const out: XmlChild[] = []
  for (const child of children) if (child !== null && child !== undefined && child !== false && child !== '') out.push(child, LF)
  return out
}

/** Drops what XML cannot carry (CR LF becomes LF, as an XML parser would make it; a lone CR goes). */
export function xmlSafe(text: string): string {
  return NEEDS_CLEANING.test(text) ? text.replace(/\r\n/g, '\n').replace(/\r/g, '').replace(NOT_XML_CHAR, '') : text
}

/** Character data: `&`, `<`, `>` escaped. */
function escapeText(text: string): string {
  const safe = xmlSafe(text)
  if (!TEXT_SPECIAL.test(safe)) return safe
  return safe.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** An attribute value in double quotes; tab and LF as references so attribute normalization keeps them. */
function escapeAttr(text: string): string {
  const safe = xmlSafe(text)
  if (!ATTRIBUTE_SPECIAL.test(safe)) return safe
  return safe
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
}

function cdataSection(text: string): string {
  const safe = xmlSafe(text)
  return '<![CDATA[' + (safe.includes(']]>') ? safe.replace(/\]\]>/g, ']]]]><![CDATA[>') : safe) + ']]>'
}

function isList(child: XmlChild): child is readonly XmlChild[] {
  return Array.isArray(child)
}

/** The XML of a child: text escaped, attribute values escaped, CDATA split, skipped children nothing. */
export function serialize(child: XmlChild): string {
  if (typeof child === 'string') return escapeText(child)
  if (child === null || child === undefined || child === false) return ''
  if (isList(child)) {
    let out = ''
    for (const c of child) out += serialize(c)
    return out
  }
  if (child.kind === 'cdata') return cdataSection(child.text)
  let out = '<' + child.name
  const attrs = child.attrs
  if (attrs !== null) {
    for (const name in attrs) {
      const value = attrs[name]
      if (value === null || value === undefined || value === false) continue
      out += ' ' + name + '="' + (typeof value === 'number' ? String(value) : escapeAttr(value)) + '"'
    }
  }
  if (child.children === null) return out + '/>'
  out += '>'
  for (const c of child.children) out += serialize(c)
  return out + '</' + child.name + '>'
}

/** A whole document: the XML declaration, the root element, a final line break. */
export function xmlDocument(root: XmlElement): string {
  return DECLARATION + serialize(root) + LF
}
