// Upstream sources as editors manage them.
import type { Source, SourceStatus } from '../model/types'
import { deleteSource, getSource, listSources, putSource } from '../store/sources'

export const DEFAULT_INTERVAL_MINUTES = 15

export async function saveSource(kv: KVNamespace, source: Source): Promise<'created' | 'updated'> {
  const existing = await getSource(kv, source.id)
  await putSource(kv, source)
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
