// Upstream sources and their pull status in KV.
import type { Source, SourceStatus } from '../model/types'
import { MAX_BULK_GET, MAX_LIST } from './articles'
import { sourceKey, sourceStatusKey, sourcesPrefix } from './keys'

export async function putSource(kv: KVNamespace, source: Source): Promise<void> {
  await kv.put(sourceKey(source.id), JSON.stringify(source))
}

export async function getSource(kv: KVNamespace, id: string): Promise<{ source: Source; status: SourceStatus | null } | null> {
  const [source, status] = await Promise.all([
    kv.get<Source>(sourceKey(id), { type: 'json' }),
    kv.get<SourceStatus>(sourceStatusKey(id), { type: 'json' }),
  ])
  return source ? { source, status } : null
}

export async function deleteSource(kv: KVNamespace, id: string): Promise<void> {
  await Promise.all([kv.delete(sourceKey(id)), kv.delete(sourceStatusKey(id))])
}

export async function putSourceStatus(kv: KVNamespace, id: string, status: SourceStatus): Promise<void> {
  await kv.put(sourceStatusKey(id), JSON.stringify(status))
}

/** Every source with its status: one list, then bulk gets of 100 (sources and statuses together). */
export async function listSources(kv: KVNamespace): Promise<{ source: Source; status: SourceStatus | null }[]> {
  const listed = await kv.list({ prefix: sourcesPrefix(), limit: MAX_LIST })
  const ids = listed.keys.map((k) => k.name.slice(sourcesPrefix().length))
  const out: { source: Source; status: SourceStatus | null }[] = []
  const perCall = MAX_BULK_GET / 2
  for (let i = 0; i < ids.length; i += perCall) {
    const chunk = ids.slice(i, i + perCall)
    const keys = chunk.flatMap((id) => [sourceKey(id), sourceStatusKey(id)])
    const found = await kv.get<Source | SourceStatus>(keys, { type: 'json' })
    for (const id of chunk) {
      const source = found.get(sourceKey(id)) as Source | null | undefined
      if (source) out.push({ source, status: (found.get(sourceStatusKey(id)) as SourceStatus | null | undefined) ?? null })
    }
  }
  return out
}
