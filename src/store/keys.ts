// The whole KV key scheme, versioned. Nothing else builds or parses a key.
//
//   v1/article/{id}                               the article record (JSON)
//   v1/section/{slug}                             the section record (JSON; metadata = the section)
//   v1/index/{scope}/!                            head of a section's index: metadata = the section
//   v1/index/{scope}/{invMonth}/{invTime}/{id}    one index entry per article and scope; metadata {h, u}
//   v1/source/{id}, v1/source-status/{id}         an upstream feed to pull, and how its last pull went
//   v1/month/{scope}/{invMonth}                   empty: the scope has (or had) articles that Baghdad month
//
// {scope} is a section slug or `_all` (site-wide; `_` is not allowed in slugs). {invMonth} is 999999 - YYYYMM
// of the Baghdad month and {invTime} is 9999999999999 - published ms, both zero-padded: KV lists keys in
// ascending order, so a prefix lists newest first, ties by id. `!` sorts before every digit, so the head comes
// first. A month is a prefix of its own (monthly archives), and a list cursor continues after the last key
// returned (paging back through the archive), both at the cost of one list per 1,000 keys.
import { baghdadMonth } from '../model/dates'

const VERSION = 'v1'
/** Workers KV: "The maximum length of a key is 512 bytes." */
export const MAX_KEY_BYTES = 512
/** The site-wide index scope. */
export const SITE_SCOPE = '_all'
const HEAD = '!'
const MAX_TIME = 9_999_999_999_999
const MAX_MONTH = 999_999
const TIME_DIGITS = 13
const MONTH_DIGITS = 6
const ENCODER = new TextEncoder()

/** A KV key longer than KV allows. */
export class KeyTooLongError extends Error {}

function key(...parts: string[]): string {
  const built = [VERSION, ...parts].join('/').normalize('NFC')
  const bytes = ENCODER.encode(built).length
  if (bytes > MAX_KEY_BYTES) throw new KeyTooLongError(`KV key of ${bytes} bytes exceeds ${MAX_KEY_BYTES}`)
  return built
}

export function articleKey(id: string): string {
  return key('article', id)
}

export function sectionKey(slug: string): string {
  return key('section', slug)
}

/** An upstream source's settings (written by editors). */
export function sourceKey(id: string): string {
  return key('source', id)
}

export function sourcesPrefix(): string {
  return key('source', '')
}

/** An upstream source's last pull (written by the scheduled pull alone, so the two never overwrite each other). */
export function sourceStatusKey(id: string): string {
  return key('source-status', id)
}

export function sectionsPrefix(): string {
  return key('section', '')
}

/** Prefix of a scope's index: lists its head (sections only), then entries newest first. */
export function indexPrefix(scope: string): string {
  return key('index', scope, '')
}

export function indexHeadKey(scope: string): string {
  return key('index', scope, HEAD)
}

function invMonth(published: number): string {
  const { year, month } = baghdadMonth(published)
  return String(MAX_MONTH - (year * 100 + month)).padStart(MONTH_DIGITS, '0')
}

/** Prefix of one Baghdad month of a scope's index: a monthly archive. */
export function indexMonthPrefix(scope: string, year: number, month: number): string {
  return key('index', scope, String(MAX_MONTH - (year * 100 + month)).padStart(MONTH_DIGITS, '0'), '')
}

/** The marker of a Baghdad month with articles in a scope: archives link past the months without. */
export function monthMarkerKey(scope: string, published: number): string {
  return key('month', scope, invMonth(published))
}

/** Prefix of a scope's month markers: lists them newest month first. */
export function monthMarkersPrefix(scope: string): string {
  return key('month', scope, '')
}

/** The month a marker key names; null for a foreign key. */
export function parseMonthMarkerKey(name: string): { year: number; month: number } | null {
  const parts = name.split('/')
  const inv = parts[3]
  if (parts.length !== 4 || parts[1] !== 'month' || !inv || !/^\d{6}$/.test(inv)) return null
  const yyyymm = MAX_MONTH - Number(inv)
  return { year: Math.floor(yyyymm / 100), month: yyyymm % 100 }
}

export function indexEntryKey(scope: string, published: number, id: string): string {
  return key('index', scope, invMonth(published), String(MAX_TIME - published).padStart(TIME_DIGITS, '0'), id)
}

/** Reads back what an index entry key encodes; null for the head or a foreign key. */
export function parseIndexEntryKey(name: string): { scope: string; published: number; id: string } | null {
  const parts = name.split('/')
  if (parts.length !== 6 || parts[0] !== VERSION || parts[1] !== 'index') return null
  const [, , scope, , time, id] = parts as [string, string, string, string, string, string]
  if (!/^\d{13}$/.test(time)) return null
  return { scope, published: MAX_TIME - Number(time), id }
}

export function isIndexHead(name: string): boolean {
  return name.endsWith('/' + HEAD)
}
