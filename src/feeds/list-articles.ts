// The publishing API's article listing: a page of a scope's index and its articles, for editors.
import type { Article, Section } from '../model/types'
import { scanIndex } from '../store/articles'
import { SITE_SCOPE } from '../store/keys'
import { readIndexedArticles } from './read'

/**
 * A page of articles for editors, newest first: one list and one bulk get. `cursor` continues the previous
 * page; the returned cursor is null at the end.
 */
export async function listArticles(
  kv: KVNamespace,
  slug: string | null,
  limit: number,
  cursor?: string,
): Promise<{ articles: Article[]; cursor: string | null }> {
  const page = await scanIndex<Section>(kv, { scope: slug ?? SITE_SCOPE, cursor: cursor ?? null, take: limit, maxLists: 1 })
  const { articles } = await readIndexedArticles(kv, slug, page.entries)
  return { articles, cursor: page.cursor }
}

