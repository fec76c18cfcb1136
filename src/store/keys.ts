// The whole KV key scheme, versioned. Nothing else builds or parses a key.
//
//   v2/article/{id}/{version}                     one write of an article (JSON); the D1 index names the current one
//   v1/source/{id}, v1/source-status/{id}         an upstream feed to pull, and how its last pull went
//
// Before the index moved to D1 (migrations/), KV also held v1/article/{id} (the record), v1/section/{slug}, and the
// index keys v1/index/… and v1/month/…: `npm run reindex` reads the first two into D1 and the v2 records, and
// deletes the rest (src/publish/reindex.ts).

const VERSION = 'v1'
/** Workers KV: "The maximum length of a key is 512 bytes." */
export const MAX_KEY_BYTES = 512
/** The site-wide index scope. */
export const SITE_SCOPE = '_all'
const ENCODER = new TextEncoder()

/** A KV key longer than KV allows. */
export class KeyTooLongError extends Error {}

function key(version: string, ...parts: string[]): string {
  const built = [version, ...parts].join('/').normalize('NFC')
  const bytes = ENCODER.encode(built).length
  if (bytes > MAX_KEY_BYTES) throw new KeyTooLongError(`KV key of ${bytes} bytes exceeds ${MAX_KEY_BYTES}`)
  return built
}

/**
 * One version of an article: its id and the version the write named (its content hash and a nonce). A version is
 * written before the index names it and never rewritten, so whichever write the index keeps last, the record it
 * names is the one that write stored.
 */
export function articleKey(id: string, version: string): string {
  return key('v2', 'article', id, version)
}

/** An upstream source's settings (written by editors). */
export function sourceKey(id: string): string {
  return key(VERSION, 'source', id)
}

export function sourcesPrefix(): string {
  return key(VERSION, 'source', '')
}

/** An upstream source's last pull (written by the scheduled pull alone, so the two never overwrite each other). */
export function sourceStatusKey(id: string): string {
  return key(VERSION, 'source-status', id)
}

/** Before D1: prefixes of the records, sections and index keys `npm run reindex` migrates or deletes. */
export const LEGACY_PREFIXES = { article: 'v1/article/', section: 'v1/section/', index: 'v1/index/', month: 'v1/month/' } as const
