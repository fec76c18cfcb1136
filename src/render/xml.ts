// XML text helpers for the renderers: whatever a string holds, what they return is well-formed.

/** XML 1.0 §2.2: C0 controls but tab/LF/CR, DEL and C1, U+FFFE/U+FFFF, lone surrogates. CR goes too (LF kept). */
const NOT_XML_CHAR =
  /[\u0000-\u0008\u000B\u000C\u000D\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g
const SUSPECT = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]/
const TEXT_SPECIAL = /[&<>]/
const ATTRIBUTE_SPECIAL = /[&<>"\t\n]/

/** Drops what XML cannot carry (CR LF becomes LF, as an XML parser would make it). */
export function xmlSafe(text: string): string {
  return SUSPECT.test(text) ? text.replace(/\r\n/g, '\n').replace(NOT_XML_CHAR, '') : text
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
