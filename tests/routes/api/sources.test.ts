// /api/sources: an upstream can never be pointed inward, and its status shows how its pulls went.
import { describe, expect, it } from 'vitest'
import { pullSource } from '../../../src/ingest/pull'
import { getSource, putSourceStatus } from '../../../src/store/sources'
import { api, createSection, stores, testEnv, unique } from '../../helpers'

async function refusal(url: string, bindings: Env = testEnv): Promise<{ status: number; errors: { pointer: string; detail: string }[] }> {
  const section = await createSection()
  const res = await api('PUT', `/api/sources/${unique('src')}`, { url, section: section.slug }, bindings)
  const body = (await res.json()) as any
  return { status: res.status, errors: body.errors ?? [] }
}

describe('/api/sources', () => {
  it.each([
    ['http://127.0.0.1/feed.xml', '127.0.0.1 is a loopback address'],
    ['http://2130706433/feed.xml', '127.0.0.1 is a loopback address'],
    ['http://0x7f.1/feed.xml', '127.0.0.1 is a loopback address'],
    ['http://[::1]/feed.xml', '[::1] is a loopback address'],
    ['http://[::ffff:7f00:1]/feed.xml', '[::ffff:7f00:1] is a loopback address'],
    ['http://evil.example@127.0.0.1/feed.xml', '127.0.0.1 is a loopback address'],
    ['http://localhost./feed.xml', 'localhost. is a loopback address'],
    ['http://169.254.169.254/latest/meta-data', '169.254.169.254 is a link-local address'],
    ['http://10.1.2.3/rss', '10.1.2.3 is a private address'],
    ['http://0.0.0.0/rss', '0.0.0.0 is an unspecified address'],
    ['http://224.0.0.1/rss', '224.0.0.1 is a multicast or broadcast address'],
    ['http://nashra.test/feeds/rss.xml', 'nashra.test is this service itself'],
    ['http://NASHRA.test./api/articles', 'nashra.test. is this service itself'],
  ])('refuses %s at PUT with a 422 naming #/url', async (url, detail) => {
    const { status, errors } = await refusal(url)
    expect(status).toBe(422)
    expect(errors).toEqual([{ pointer: '#/url', detail: `${detail}; upstream sources must be public` }])
  })

  it('refuses the configured public host, and reports the URL and the section together', async () => {
    const bindings = { ...testEnv, PUBLIC_URL: 'https://feeds.mawazin.net,https://nashra.example.workers.dev' }
    // Its configured origins, and the host this request was sent to.
    for (const url of ['https://feeds.mawazin.net/feeds/reports/rss.xml', 'http://nashra.example.workers.dev/api/articles', 'https://nashra.test/feeds/rss.xml']) {
      expect((await refusal(url, bindings)).errors[0]?.detail).toMatch(/this service itself/)
    }
    const both = await api('PUT', `/api/sources/${unique('src')}`, { url: 'http://127.1/x', section: 'missing' })
    expect(((await both.json()) as any).errors.map((e: any) => e.pointer)).toEqual(['#/url', '#/section'])
  })

  it('takes a loopback upstream only when ALLOW_LOOPBACK_SOURCES is "true" (development), and never a private one', async () => {
    const dev = { ...testEnv, ALLOW_LOOPBACK_SOURCES: 'true' }
    const section = await createSection()
    const id = unique('src')
    const ok = await api('PUT', `/api/sources/${id}`, { url: 'http://127.0.0.1:8788/feed.xml', section: section.slug }, dev)
    expect(ok.status).toBe(201)
    expect(((await ok.json()) as any).url).toBe('http://127.0.0.1:8788/feed.xml')
    expect((await refusal('http://192.168.0.10/feed.xml', dev)).status).toBe(422)
    expect((await refusal('http://127.0.0.1:8788/feed.xml')).status).toBe(422)
  })

  it('shows failures and the next attempt; a new URL forgets the old validators and backoff', async () => {
    const section = await createSection()
    const id = unique('src')
    const put = await api('PUT', `/api/sources/${id}`, { url: 'https://upstream.test/status/503?retry=3600', section: section.slug })
    const created = (await put.json()) as any
    expect(created).toMatchObject({ failures: 0, next_attempt: null })
    const source = { id, url: created.url, section: section.slug, interval: 15 }
    const now = Date.UTC(2024, 0, 10, 12)
    const { status } = await pullSource(stores, source, null, new Map([[section.slug, section]]), { now })
    await putSourceStatus(testEnv.ARTICLES, id, { ...status, etag: '"old"' })
    const shown = (await (await api('GET', `/api/sources/${id}`)).json()) as any
    expect(shown).toMatchObject({ failures: 1, next_attempt: '2024-01-10T16:00:00+03:00', last_error: 'upstream answered 503', last_status: 'error' })

    await api('PUT', `/api/sources/${id}`, { url: 'https://upstream.test/other.xml', section: section.slug })
    const changed = (await (await api('GET', `/api/sources/${id}`)).json()) as any
    expect(changed).toMatchObject({ failures: 0, next_attempt: null, last_error: 'upstream answered 503' })
    expect((await getSource(testEnv.ARTICLES, id))?.status?.etag).toBeNull()
  })
})
