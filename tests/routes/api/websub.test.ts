// WebSub: feeds advertise the hub; writes ping it (a fake hub in the local upstream worker records pings).
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import worker from '../../../src/index'
import { toRfc3339 } from '../../../src/model/dates'
import { ORIGIN, api, apiArticle, atTime, call, createSection, parseXml, testEnv } from '../../helpers'

const HUB = 'http://hub.test/hub'
const withHub = { ...testEnv, HUB_URL: HUB } as Env

async function hubLog(): Promise<{ 'hub.mode': string; 'hub.url': string }[]> {
  return (await (await fetch('http://hub.test/hub/log')).json()) as any
}

describe('WebSub', () => {
  it('advertises the hub in every format and in Link headers, and none without HUB_URL', async () => {
    const section = await createSection()
    const rss = await call(`/feeds/${section.slug}/rss.xml`, {}, withHub)
    expect(rss.headers.get('Link')).toContain(`<${HUB}>; rel="hub"`)
    const links = parseXml(await rss.text()).rss.channel['atom:link']
    expect(links.find((l: any) => l['@_rel'] === 'hub')['@_href']).toBe(HUB)
    expect(links.find((l: any) => l['@_rel'] === 'self')['@_href']).toBe(`${ORIGIN}/feeds/${section.slug}/rss.xml`)
    const atom = parseXml(await (await call(`/feeds/${section.slug}/atom.xml`, {}, withHub)).text()).feed
    expect(atom.link.find((l: any) => l['@_rel'] === 'hub')['@_href']).toBe(HUB)
    const json = (await (await call(`/feeds/${section.slug}/feed.json`, {}, withHub)).json()) as any
    expect(json.hubs).toEqual([{ type: 'WebSub', url: HUB }])
    const plain = await call(`/feeds/${section.slug}/feed.json`)
    expect(plain.headers.get('Link')).not.toContain('rel="hub"')
    expect(((await plain.json()) as any).hubs).toBeUndefined()
  })

  it('pings every affected feed once per request after a publish, a move and a delete', async () => {
    await fetch('http://hub.test/__reset')
    const a = await createSection()
    const b = await createSection({ name: 'دولية' })
    const article = apiArticle(a.slug)
    await api('PUT', `/api/articles/${article.id}`, article, withHub)
    const expected = (slugs: string[]) =>
      [...slugs.flatMap((s) => ['rss.xml', 'atom.xml', 'feed.json'].map((f) => `${ORIGIN}/feeds/${s}/${f}`)), ...['rss.xml', 'atom.xml', 'feed.json'].map((f) => `${ORIGIN}/feeds/${f}`)].sort()
    let log = await hubLog()
    expect(log.every((p) => p['hub.mode'] === 'publish')).toBe(true)
    expect(log.map((p) => p['hub.url']).sort()).toEqual(expected([a.slug]))

    await fetch('http://hub.test/__reset')
    await api('PUT', `/api/articles/${article.id}`, article, withHub) // unchanged: no ping
    expect(await hubLog()).toEqual([])

    await api('PUT', `/api/articles/${article.id}`, { ...article, section: b.slug }, withHub)
    log = await hubLog()
    expect(log.map((p) => p['hub.url']).sort()).toEqual(expected([a.slug, b.slug]))

    await fetch('http://hub.test/__reset')
    const batch = [apiArticle(b.slug), apiArticle(b.slug), apiArticle(b.slug)]
    await api('POST', '/api/articles', batch, withHub)
    expect((await hubLog()).map((p) => p['hub.url']).sort()).toEqual(expected([b.slug]))

    await fetch('http://hub.test/__reset')
    await api('DELETE', `/api/articles/${article.id}`, undefined, withHub)
    expect((await hubLog()).map((p) => p['hub.url']).sort()).toEqual(expected([b.slug]))
  })

  it('pings the feeds of every origin PUBLIC_URL lists, whichever origin the write came through', async () => {
    await fetch('http://hub.test/__reset')
    const listed = { ...withHub, PUBLIC_URL: 'https://feeds.example.com, http://nashra.test' } as Env
    const section = await createSection()
    const article = apiArticle(section.slug)
    await api('PUT', `/api/articles/${article.id}`, article, listed)
    const topics = (await hubLog()).map((p) => p['hub.url'])
    for (const origin of ['https://feeds.example.com', ORIGIN]) {
      for (const file of ['rss.xml', 'atom.xml', 'feed.json']) {
        expect(topics).toContain(`${origin}/feeds/${section.slug}/${file}`)
        expect(topics).toContain(`${origin}/feeds/${file}`)
      }
    }
    expect(topics).toHaveLength(12)
  })

  it('never fails a publish when the hub fails', async () => {
    await fetch('http://hub.test/__reset')
    await fetch('http://hub.test/hub/fail')
    const section = await createSection()
    const article = apiArticle(section.slug)
    expect((await api('PUT', `/api/articles/${article.id}`, article, withHub)).status).toBe(201)
    const down = { ...testEnv, HUB_URL: 'http://127.0.0.1:1/hub' } as Env
    const other = apiArticle(section.slug)
    expect((await api('PUT', `/api/articles/${other.id}`, other, down)).status).toBe(201)
    await fetch('http://hub.test/__reset')
  })

  it('pings for a scheduled article when the cron finds it due, not when it is written', async () => {
    const now = Date.UTC(2026, 5, 15, 9, 0)
    const section = await createSection()
    await fetch('http://hub.test/__reset')
    const article = apiArticle(section.slug, { published: toRfc3339(now + 7 * 60_000) })
    expect((await api('PUT', `/api/articles/${article.id}`, article, atTime(now, withHub))).status).toBe(201)
    expect(await hubLog()).toEqual([])

    const cronEnv = { ...withHub, PUBLIC_URL: ORIGIN } as Env
    const sectionFeeds = (log: { 'hub.url': string }[]) => log.map((p) => p['hub.url']).filter((u) => u.includes(`/feeds/${section.slug}/`)).sort()
    // The run at +5 min: not yet due. The run at +10 min: due since the last run, so its feeds are pinged once.
    for (const [time, pinged] of [[now + 5 * 60_000, false], [now + 10 * 60_000, true], [now + 15 * 60_000, false]] as const) {
      await fetch('http://hub.test/__reset')
      const ctx = createExecutionContext()
      await worker.scheduled(createScheduledController({ scheduledTime: time, cron: '*/5 * * * *' }), cronEnv, ctx)
      await waitOnExecutionContext(ctx)
      const expected = pinged ? ['atom.xml', 'feed.json', 'rss.xml'].map((f) => `${ORIGIN}/feeds/${section.slug}/${f}`) : []
      expect(sectionFeeds(await hubLog()), String(time)).toEqual(expected)
    }
    await fetch('http://hub.test/__reset')
  })
})
