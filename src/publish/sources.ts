// Upstream sources as editors manage them.
import type { Source, SourceStatus } from '../model/types'
import { deleteSource, getSource, listSources, putSource, putSourceStatus } from '../store/sources'

export const DEFAULT_INTERVAL_MINUTES = 15

/** Creates or changes a source. A new URL is a new upstream: its validators and backoff are forgotten. */
export async function saveSource(kv: KVNamespace, source: Source): Promise<'created' | 'updated'> {
  const existing = await getSource(kv, source.id)
  await putSource(kv, source)
  if (existing?.status && existing.source.url !== source.url) {
    await putSourceStatus(kv, source.id, { ...existing.status, etag: null, lastModified: null, failures: 0, nextAttempt: null })
  }
  return existing ? 'updated' : 'created'
}

export async function findSource(kv: KVNamespace, id: string): Promise<{ source: Source; status: SourceStatus | null } | null> {
  return getSource(kv, id)
}

export async function allSources(kv: KVNamespace): Promise<{ source: Source; status: SourceStatus | null }[]> {
  return listSources(kv)
}

export async function removeSource(kv: KVNamespace, id: string): Promise<boolean> {
  if (!(await getSource(kv, id))) return false
  await deleteSource(kv, id)
  return true
}
