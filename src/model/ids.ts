// What ids and slugs may look like: ASCII, so they are safe in keys, URLs and tag URIs alike.

/** Article ids: letters, digits, `.`, `_`, `-`; up to 128 characters. `/` never, as keys split on it. */
export const ARTICLE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/
/** Section slugs: lower-case ASCII letters, digits and `-`; up to 40 characters. */
export const SECTION_SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/

/** Upstream source ids: letters, digits, `.`, `_`, `-`; up to 64 characters. */
export const SOURCE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

export function isArticleId(id: string): boolean {
  return ARTICLE_ID_PATTERN.test(id)
}

export function isSectionSlug(slug: string): boolean {
  return SECTION_SLUG_PATTERN.test(slug)
}
