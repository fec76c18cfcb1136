// The site-wide feeds: in a file of their own, since they see every article this file writes.
import { describe, expect, it } from 'vitest'
import { saveArticle } from '../../src/publish/write'
import { ORIGIN, call, createSection, makeDraft, parseXml, testEnv, textOf, WRITE_NOW , stores } from '../helpers'

describe('site-wide feeds', () => {
  it('merge every section newest first, with the site as title and each item its section', async () => {
    const reports = await createSection({ name: 'تقارير' })
    const sports = await createSection({ name: 'رياضة' })
    const a = makeDraft(reports.slug, { published: Date.UTC(2024, 0, 1) })
    const b = makeDraft(sports.slug, { published: Date.UTC(2024, 0, 3) })
    const c = makeDraft(reports.slug, { published: Date.UTC(2024, 0, 2) })
    for (const d of [a, b, c]) await saveArticle(stores, d, { now: WRITE_NOW })

    const rss = parseXml(await (await call('/feeds/rss.xml')).text()).rss.channel
    expect(rss.title).toBe('موازين نيوز')
    expect(rss.link).toBe('https://www.mawazin.net/')
    expect(rss.item.map((i: any) => textOf(i.guid).split('/').pop())).toEqual([b.id, c.id, a.id])
    expect(rss.item.map((i: any) => i.category[0])).toEqual(['رياضة', 'تقارير', 'تقارير'])

    const atom = parseXml(await (await call('/feeds/atom.xml')).text()).feed
    expect(atom.id).toBe('tag:mawazin.net,2024:feed/all')
    expect(atom.link.find((l: any) => l['@_rel'] === 'self')['@_href']).toBe(`${ORIGIN}/feeds/atom.xml`)
    expect(atom.updated).toBe('2024-01-03T03:00:00+03:00')

    const res = await call('/feeds/feed.json?limit=2')
    const json = (await res.json()) as any
    expect(json.feed_url).toBe(`${ORIGIN}/feeds/feed.json?limit=2`)
    expect(json.items).toHaveLength(2)
    const etag = res.headers.get('ETag')!
    expect((await call('/feeds/feed.json?limit=2', { headers: { 'If-None-Match': etag } })).status).toBe(304)
  })
})
