// XML text helpers for the renderers: whatever a string holds, what they return is well-formed.

// The characters XML 1.0 cannot carry are model/text.ts's rule, the one the write path cleans with; here it
// guards what was stored before that rule or comes from elsewhere (configuration, queries).
import { NEEDS_CLEANING, NOT_XML_CHAR } from '../model/text'

const TEXT_SPECIAL = /[&<>]/
const ATTRIBUTE_SPECIAL = /[&<>"\t\n]/

/** Drops what XML cannot carry (CR LF becomes LF, as an XML parser would make it; a lone CR goes). */
export function xmlSafe(text: string): string {
  return NEEDS_CLEANING.test(text) ? text.replace(/\r\n/g, '\n').replace(/\r/g, '').replace(NOT_XML_CHAR, '') : text
}

/** Character data: `&`, `<`, `>` escaped. */
export function xmlText(text: string): string {
  const safe = xmlSafe(text)
  if (!TEXT_SPECIAL.test(safe)) return safe
  return safe.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** An attribute value in double quotes; tab and LF as references so attribute normalization keeps them. */
export function xmlAttr(text: string): string {
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

/** A CDATA section; `]]>` inside is split across two sections. Cheap for large HTML bodies. */
export function xmlCdata(text: string): string {
  const safe = xmlSafe(text)
  return '<![CDATA[' + (safe.includes(']]>') ? safe.replace(/\]\]>/g, ']]]]><![CDATA[>') : safe) + ']]>'
}

/** `<name>text</name>` */
export function element(name: string, text: string): string {
  return `<${name}>${xmlText(text)}</${name}>`
}
