// Writes the platform refuses are retried (issue 14): inside the write path with backoff, then by the importer for
// the batch items the service reports retryable; a 20-item import with KV refusing some writes ends with 0 failures.
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { runImport } from '../../cli/importer'
import worker from '../../src/index'
import { ADMIN_TOKEN, api, apiArticle, createSection, testEnv, withKv } from '../helpers'

/** Bindings whose KV refuses the first `times` puts of each article record whose id contains `marker`. */
function refusing(marker: string, times: number): Env {
  const seen = new Map<string, number>()
  return withKv((op, key) => {
    if (op !== 'put' || !key.includes(marker)) return
    // Per article (each write has a record key of its own: v2/article/{id}/{version}).
    const id = key.split('/')[2]!
    const n = (seen.get(id) ?? 0) + 1
    seen.set(id, n)
    if (n <= times) throw new Error('KV PUT failed: 429 Too Many Requests')
  })
}

describe('retries of refused writes', () => {
  it('retries a refused KV write inside the write path: the PUT still answers 201', async () => {
    const section = await createSection()
    const article = apiArticle(section.slug, { id: 'flaky-single' })
    const res = await api('PUT', `/api/articles/${article.id as string}`, article, refusing('flaky-single', 2))
    expect(res.status).toBe(201)
  })

  it('reports an item storage kept refusing as retryable, and the importer sends it again: 0 failures', async () => {
    const section = await createSection()
    // The write path tries 4 times; these keys are refused 5 times, so the first batch reports them retryable.
    const bindings = refusing('flaky-batch', 5)
    const items = Array.from({ length: 20 }, (_, i) => ({ article: apiArticle(section.slug, { id: i % 5 === 0 ? `flaky-batch-${i}` : `steady-${section.slug}-${i}` }), source: `item ${i}` }))
    const direct = await api('POST', '/api/articles', items.map((i) => i.article), refusing('flaky-batch', 5))
    const first = (await direct.json()) as any
    expect(first.summary.failed).toBe(4)
    expect(first.results.filter((r: any) => r.status === 'failed').every((r: any) => r.retryable === true)).toBe(true)

    const fetcher = async (url: string | URL | Request, init?: RequestInit) => {
      const ctx = createExecutionContext()
      const res = await worker.fetch(new Request(url, init), bindings, ctx)
      await waitOnExecutionContext(ctx)
      return res
    }
    const summary = await runImport(items, { url: 'http://nashra.test', token: ADMIN_TOKEN, fetcher: fetcher as typeof fetch, sleep: async () => {} })
    expect(summary.failed).toBe(0)
    expect(summary.created + summary.updated + summary.unchanged).toBe(20)
    void testEnv
  })
})
