// Scheduled articles that came due: their feeds changed without a write, so the cron tells the WebSub hub.
import { sectionsPublishedBetween } from '../store/feed-index'

/** Sections with an article published in (`since`, `now`]: one indexed range of the sort key. */
export async function sectionsDueBetween(db: D1Database, since: number, now: number): Promise<string[]> {
  return sectionsPublishedBetween(db, since, now)
}
