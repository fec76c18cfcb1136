// The audience's housekeeping, run by the Cron Trigger: finished days leave the working set (their hashes are
// deleted), and days older than the retention are summed by month.
import { type AudienceSettings, baghdadDay, dayBefore } from '../model/audience'
import { rollUpDays, sumOldDays } from '../store/audience'

/**
 * A day is rolled up once it has been over for this long: an isolate's counts of the day's last minutes are
 * written by its next poll (a flush comes due when the day changes), so they land before the roll-up.
 */
export const ROLL_UP_GRACE_MS = 15 * 60_000

/** Rolls up every finished day and sums old ones by month; returns the hashed rows deleted. */
export async function keepAudience(db: D1Database, settings: AudienceSettings, now: number): Promise<number> {
  const deleted = await rollUpDays(db, baghdadDay(now - ROLL_UP_GRACE_MS))
  await sumOldDays(db, dayBefore(now, settings.retentionDays))
  return deleted
}
