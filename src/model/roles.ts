// Who may do what through the publishing API: the four roles of an API key, and the words a 403 uses to say
// what a key may do. Pure: the keys themselves are in D1 (store/api-keys.ts).

export const ROLES = ['admin', 'editor', 'importer', 'viewer'] as const
export type Role = (typeof ROLES)[number]

/** The roles bound to a list of sections (the others act on every section). */
export const SECTION_ROLES: ReadonlySet<Role> = new Set(['editor', 'importer'])

/** Who is calling: a key, the ADMIN_TOKEN bootstrap, or (for the trail only) the scheduled pull. */
export interface Principal {
  name: string
  /** The key's id; null for ADMIN_TOKEN. */
  keyId: string | null
  role: Role
  /** Section slugs an editor or importer acts on; null: every section. */
  sections: readonly string[] | null
}

/**
 * What a request asks to do. `read`: any GET of the API but keys; `write`: create or update an article
 * published now or before; `schedule`: one published later; `delete`: an article; `manage`: sections,
 * sources, reindex and keys.
 */
export type Permission = 'read' | 'write' | 'schedule' | 'delete' | 'manage'

const GRANTS: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set(['read', 'write', 'schedule', 'delete', 'manage']),
  editor: new Set(['read', 'write', 'schedule', 'delete']),
  importer: new Set(['read', 'write']),
  viewer: new Set(['read']),
}

/** Whether `principal` may do `permission`, in `section` when it is about one article. */
export function may(principal: Principal, permission: Permission, section?: string): boolean {
  if (!GRANTS[principal.role].has(permission)) return false
  if (section === undefined || principal.sections === null) return true
  return principal.sections.includes(section)
}

/**
 * Whether `principal` may read the audience statistics (/api/stats, /stats): the admin and the viewer, the roles
 * not bound to a desk's sections (readership is the publisher's, not a desk's).
 */
export function readsAudience(principal: Principal): boolean {
  return principal.role === 'admin' || principal.role === 'viewer'
}

/** The sections `principal` may write (null: all). */
export function writableSections(principal: Principal): ReadonlySet<string> | null {
  return principal.sections === null ? null : new Set(principal.sections)
}

const WORDS: Record<Role, string> = {
  admin: 'everything: articles, sections, sources, reindex and keys',
  editor: 'create, update, schedule and delete articles',
  importer: 'create and update articles published now or before (no delete, no scheduling)',
  viewer: 'read the API',
}

/**
 * What a key may do, in words, for a 403.
 * @example rights({ role: 'editor', sections: ['local'], ... }) // 'create, update, schedule and delete articles in local; read the API'
 */
export function rights(principal: Principal): string {
  if (principal.role === 'admin' || principal.role === 'viewer') return WORDS[principal.role]
  const where = principal.sections === null ? 'in every section' : `in ${principal.sections.join(', ')}`
  return `${WORDS[principal.role]} ${where}; read the API`
}

/**
 * Why `principal` may not write an article of `section` (published after the write when `scheduled`), in the
 * words of a 403, or null when it may.
 */
export function articleWriteRefusal(principal: Principal, section: string, scheduled: boolean): string | null {
  const permission: Permission = scheduled ? 'schedule' : 'write'
  if (may(principal, permission, section)) return null
  return `${scheduled ? 'schedule' : 'write'} articles in ${section}`
}
