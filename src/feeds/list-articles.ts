// The publishing API's article listing: a page of a scope's index and its articles, for editors.
import type { Article } from '../model/types'
import type { Stores } from '../store/d1'
import { listForEditors } from '../store/feed-index'
import { SITE_SCOPE } from '../store/keys'
import { readFeedArticles } from './read'

/**
 * A page of articles for editors, newest first, scheduled ones included: one D1 query and one bulk get.
 * `cursor` continues the previous page (a sort key); the returned cursor is null at the end.
 */
export async function listArticles(stores: Stores, slug: string | null, limit: number, cursor?: string): Promise<{ articles: Article[]; cursor: string | null }> {
  const before = cursor !== undefined && /^\d{1,16}$/.test(cursor) ? Number(cursor) : null
  const entries = await listForEditors(stores.db, slug ?? SITE_SCOPE, before, limit + 1)
  const page = entries.slice(0, limit)
  const { articles } = await readFeedArticles(stores.kv, { entries: page })
  return { articles, cursor: entries.length > limit ? String(page.at(-1)!.sk) : null }
}
