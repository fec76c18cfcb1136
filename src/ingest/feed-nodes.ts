// Small readers over fast-xml-parser's output and JSON Feed objects: text, attributes, XML text kept raw
// (Atom text constructs), links resolved as RFC 3986 and xml:base say, and images wherever Media RSS puts them.
import { decodeEntities } from '../model/text'
import { parseUrl } from '../model/urls'
import type { Image } from '../model/types'

export type Node = Record<string, unknown>

export function text(node: unknown): string {
  if (typeof node === 'string') return node
  if (typeof node === 'number') return String(node)
  if (node && typeof node === 'object' && '#text' in node) return text((node as Node)['#text'])
  return ''
}

export function list(node: unknown): unknown[] {
  if (node === undefined || node === null) return []
  return Array.isArray(node) ? node : [node]
}

export function attr(node: unknown, name: string): string {
  return node && typeof node === 'object' ? text((node as Node)[`@_${name}`]) : ''
}

/** XML character data kept raw by the parser (a stop node): CDATA unwrapped, entities decoded. */
export function xmlText(raw: string): string {
  return raw
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((part) => (part.startsWith('<![CDATA[') ? part.slice(9, -3) : decodeEntities(part)))
    .join('')
    .trim()
}

/**
 * The markup inside an Atom `type="xhtml"` construct (RFC 4287 §3.1.1.3): the wrapping xhtml `div` dropped,
 * namespace prefixes (`<xhtml:p>`) and declarations removed, so it reads as plain HTML.
 */
export function xhtmlInner(raw: string): string {
  const unprefixed = raw
    .replace(/<(\/?)[A-Za-z_][\w.-]*:([A-Za-z_][\w.-]*)/g, '<$1$2')
    .replace(/\s+xmlns(?::[\w.-]+)?\s*=\s*("[^"]*"|'[^']*')/g, '')
    .trim()
  const wrapped = /^<div\b[^>]*>([\s\S]*)<\/div>$/.exec(unprefixed)
  return (wrapped?.[1] ?? unprefixed).trim()
}

/** `ref` resolved against `base` (RFC 3986 §5); '' when it cannot be made absolute. */
export function resolveUrl(ref: string, base: string | undefined): string {
  const trimmed = ref.trim()
  if (!trimmed) return ''
  return parseUrl(trimmed, base || undefined)?.href ?? ''
}

/** The base URI in force inside `node`: its xml:base resolved against the base around it (XML Base §4.2). */
export function baseFor(node: unknown, outer: string | undefined): string | undefined {
  const own = attr(node, 'xml:base')
  return own ? resolveUrl(own, outer) || outer : outer
}

export function mimeOf(url: string): string {
  const ext = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(url)?.[1]?.toLowerCase()
  return ext === 'png' ? 'image/png' : ext === 'webp' ? 'image/webp' : ext === 'gif' ? 'image/gif' : ext === 'avif' ? 'image/avif' : 'image/jpeg'
}

export function imageFrom(url: string, type: string, length: string, width?: string, height?: string): Image | undefined {
  if (!url || !/^image\//.test(type)) return undefined
  const image: Image = { url, type: type === 'image/jpg' ? 'image/jpeg' : type, length: Math.max(0, Number.parseInt(length, 10) || 0) }
  const w = Number.parseInt(width ?? '', 10)
  const h = Number.parseInt(height ?? '', 10)
  if (w > 0) image.width = w
  if (h > 0) image.height = h
  return image
}

const IMAGE_EXTENSION = /\.(jpe?g|png|gif|webp|avif)(?:[?#]|$)/i

/** Media RSS `media:content` (an image by type, medium or file name) or `media:thumbnail`. */
function mediaImage(node: unknown, kind: 'content' | 'thumbnail', base: string | undefined): Image | undefined {
  const url = resolveUrl(attr(node, 'url'), baseFor(node, base))
  if (!url) return undefined
  const declared = attr(node, 'type')
  const medium = attr(node, 'medium')
  const type = /^image\//.test(declared)
    ? declared
    : kind === 'thumbnail' || medium === 'image' || (!declared && !medium && IMAGE_EXTENSION.test(url))
      ? mimeOf(url)
      : ''
  return imageFrom(url, type, attr(node, 'fileSize'), attr(node, 'width'), attr(node, 'height'))
}

/**
 * The lead image Media RSS gives an item, wherever it is: `media:content` first, then `media:thumbnail`,
 * at the item's level or inside `media:group` (also nested in a `media:content`).
 */
export function mediaRssImage(item: Node, base: string | undefined): Image | undefined {
  const contents: unknown[] = []
  const thumbnails: unknown[] = []
  const visit = (node: Node, depth: number) => {
    if (depth > 4) return
    for (const c of list(node['media:content'])) {
      contents.push(c)
      if (c && typeof c === 'object') visit(c as Node, depth + 1)
    }
    thumbnails.push(...list(node['media:thumbnail']))
    for (const g of list(node['media:group'])) if (g && typeof g === 'object') visit(g as Node, depth + 1)
  }
  visit(item, 0)
  return (
    contents.map((c) => mediaImage(c, 'content', base)).find(Boolean) ?? thumbnails.map((t) => mediaImage(t, 'thumbnail', base)).find(Boolean)
  )
}
