// The one migration from the KV index to D1 (`npm run reindex`, or POST /api/reindex on a deployed Worker):
// sections first, then every legacy article record, indexed as stored (same content, same hash) with its
// record copied to its version key; each legacy key is deleted once what it held is in D1. Idempotent and
// resumable: a step that fails is done again by the next call, and a call with nothing left changes nothing.
import type { Article, Section } from '../model/types'
import { deleteRecord, newVersion, putRecord } from '../store/articles'
import type { Stores } from '../store/d1'
import { getEntry, indexArticle } from '../store/feed-index'
import { deleteLegacy, getLegacy, listLegacy } from '../store/legacy'
import { SectionNameTakenError, getSection, putSection } from '../store/sections'

/** Legacy keys one step handles: a step stays well inside a Worker request's limits (1,000 subrequests). */
export const REINDEX_STEP = 100

export interface ReindexStep {
  sections: number
  articles: number
  /** Legacy index keys (v1/index/…, v1/month/…) deleted. */
  deleted: number
  /** False while legacy keys remain: call again. */
  done: boolean
}

/**
 * An article whose section record is gone (the KV index never tied them): its section is made again from what
 * the article remembers, so that nothing is lost; an editor can rename it.
 */
async function restoreSection(db: D1Database, article: Article): Promise<void> {
  const section: Section = { slug: article.section, name: article.sectionName || article.section, description: '', order: 999, updated: article.updated }
  try {
    await putSection(db, section, article.updated)
  } catch (error) {
    if (!(error instanceof SectionNameTakenError)) throw error
    await putSection(db, { ...section, name: `${section.name} (${section.slug})` }, article.updated)
  }
}

/** Migrates up to REINDEX_STEP legacy keys: sections, then articles, then the old index keys. */
export async function reindexStep(stores: Stores, now: number): Promise<ReindexStep> {
  const { kv, db } = stores
  const step: ReindexStep = { sections: 0, articles: 0, deleted: 0, done: false }
  const sectionKeys = await listLegacy(kv, 'section', REINDEX_STEP)
  if (sectionKeys.keys.length > 0) {
    const sections = await getLegacy<Section>(kv, sectionKeys.keys)
    for (const section of sections) {
      if (section && !(await getSection(db, section.slug))) {
        await putSection(db, section, section.updated)
        step.sections++
      }
    }
    await deleteLegacy(kv, sectionKeys.keys)
    return step
  }
  const articleKeys = await listLegacy(kv, 'article', REINDEX_STEP)
  if (articleKeys.keys.length > 0) {
    const records = await getLegacy<Article>(kv, articleKeys.keys)
    for (const article of records) {
      if (!article) continue
      if (!(await getSection(db, article.section))) await restoreSection(db, article)
      const entry = await getEntry(db, article.id)
      // A newer write through D1 already took this id: the legacy record is older and goes.
      if (entry && entry.updated > article.updated) continue
      const version = newVersion(article)
      await putRecord(kv, article, version)
      const before = await indexArticle(db, article, version, Math.max(now, article.updated))
      if (before) await deleteRecord(kv, before.id, before.version)
      step.articles++
    }
    await deleteLegacy(kv, articleKeys.keys)
    return step
  }
  for (const kind of ['index', 'month'] as const) {
    const keys = await listLegacy(kv, kind, REINDEX_STEP)
    if (keys.keys.length > 0) {
      await deleteLegacy(kv, keys.keys)
      step.deleted += keys.keys.length
      return step
    }
  }
  return { ...step, done: true }
}

/** Runs steps until nothing legacy is left; returns the totals. */
export async function reindexAll(stores: Stores, now: number): Promise<Omit<ReindexStep, 'done'>> {
  const total = { sections: 0, articles: 0, deleted: 0 }
  for (;;) {
    const step = await reindexStep(stores, now)
    total.sections += step.sections
    total.articles += step.articles
    total.deleted += step.deleted
    if (step.done) return total
  }
}
