// API keys: minted with Web Crypto, stored as a hash, checked in constant time. A key is
// `nashra_{id}_{secret}`: the prefix lets secret scanners (GitHub's, gitleaks) find a leaked one; the id (public,
// 12 hex digits) finds its row; the secret is 256 random bits (base64url). The row keeps the SHA-256 of the whole
// key: for a 256-bit random secret a fast hash is enough (no guess list to run against it, unlike a password),
// so no bcrypt or PBKDF2 is needed.
import { type Principal, ROLES, type Role, SECTION_ROLES } from '../model/roles'
import { type KeyRow, getKey, insertKey } from '../store/api-keys'

export const KEY_PREFIX = 'nashra_'
const KEY_PATTERN = /^nashra_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/

function base64url(bytes: Uint8Array): string {
  let text = ''
  for (const byte of bytes) text += String.fromCharCode(byte)
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')
}

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))
}

/** A stored hash that matches no key, compared when the id is unknown so that path costs the same. */
const NO_KEY_HASH = '0'.repeat(64)

export interface NewKey {
  name: string
  role: Role
  sections: string[]
}

/** Mints a key, stores its hash and returns the row and the key itself (shown once, never stored). */
export async function createKey(db: D1Database, input: NewKey, now: number, createdBy: string): Promise<{ row: KeyRow; secret: string }> {
  const id = hex(crypto.getRandomValues(new Uint8Array(6)))
  const secret = `${KEY_PREFIX}${id}_${base64url(crypto.getRandomValues(new Uint8Array(32)))}`
  const sections = SECTION_ROLES.has(input.role) ? [...new Set(input.sections)] : []
  const row = { id, name: input.name, role: input.role, sections, hash: hex(await sha256(secret)), created: now, createdBy }
  await insertKey(db, row)
  return { row: { ...row, lastUsed: null, revoked: null, revokedBy: null }, secret }
}

/** Whether `token` looks like one of our keys (else it may be the ADMIN_TOKEN). */
export function isKeyShaped(token: string): boolean {
  return token.startsWith(KEY_PREFIX)
}

/**
 * The live key `token` is, or null: its row read by id (1 D1 row, no cache, so a revocation holds from the next
 * request on), then the SHA-256 of `token` compared with the stored one by crypto.subtle.timingSafeEqual.
 */
export async function verifyKey(db: D1Database, token: string): Promise<KeyRow | null> {
  const match = KEY_PATTERN.exec(token)
  const row = match ? await getKey(db, match[1]!) : null
  const given = await sha256(token)
  const stored = new Uint8Array((row?.hash ?? NO_KEY_HASH).match(/../g)!.map((h) => parseInt(h, 16)))
  const same = crypto.subtle.timingSafeEqual(given, stored)
  if (!row || !same || row.revoked !== null) return null
  return ROLES.includes(row.role) ? row : null
}

/** The principal a key acts as. */
export function principalOf(row: KeyRow): Principal {
  return { name: row.name, keyId: row.id, role: row.role, sections: SECTION_ROLES.has(row.role) ? row.sections : null }
}
