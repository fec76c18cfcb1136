// Every feed over the whole sample data set, checked for what the RSS 2.0, Atom (RFC 4287) and JSON Feed 1.1
// specifications require, and the seeding itself for idempotency.
import seedPage from '../fixtures/000_6e0e75a60da96bca.txt?raw'
import { beforeAll, describe, expect, it } from 'vitest'
import { SAMPLE_COUNT, SAMPLE_SECTIONS, sampleArticles } from '../../dev/sample-data'
import { seedSampleData } from '../../dev/seed'
import { call, parseXml, stores, textOf, WRITE_NOW } from '../helpers'

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+03:00$/
const RFC822_GMT = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/
const TAG_URI = /^tag:mawazin\.net,2024:article\/[A-Za-z0-9._-]+$/
const paths = ['', ...SAMPLE_SECTIONS.map((s) => `${s.slug}/`)]

beforeAll(async () => {
  const first = await seedSampleData(stores, seedPage, 'https://www.mawazin.net', WRITE_NOW)
  expect(first).toEqual({ sections: 6, created: SAMPLE_COUNT + 1, updated: 0, unchanged: 0 })
})

describe('the sample data', () => {
  it('seeds idempotently: a second run writes nothing', async () => {
    const etag = (await call('/feeds/atom.xml')).headers.get('ETag')
    expect(await seedSampleData(stores, seedPage, 'https://www.mawazin.net', WRITE_NOW)).toEqual({ sections: 6, created: 0, updated: 0, unchanged: SAMPLE_COUNT + 1 })
    expect((await call('/feeds/atom.xml')).headers.get('ETag')).toBe(etag)
  })

  it('writes counts and joined letters as Arabic does, with figures that could be true', async () => {
    const drafts = await sampleArticles(seedPage, 'https://www.mawazin.net')
    const texts = drafts.flatMap((d) => [d.title, d.content, d.image?.caption ?? ''])
    const all = texts.join('\n')
    // 2 takes the dual (عامين, يومين), never «2 أعوام»; the templates count plurals from 3.
    expect(all).not.toMatch(/(^|[^0-9])2 (أعوام|أيام|أحياء|مشاريع|دول|سنوات|أسابيع)/)
    expect(all).toMatch(/خلال [3-9] أعوام/)
    // «لـ» and «بـ» join the next letter with no tatweel (لرصف), keeping it only before a quotation mark or a digit.
    expect(all).not.toMatch(/[لب]ـ[\u0621-\u064A]/)
    expect(all).toContain('لرصف الشوارع')
    // Iraq's Council of Representatives has 329 seats; a session has at least a quorum of 165.
    const members = [...all.matchAll(/(\d+) نائبا/g)].map((m) => Number(m[1]))
    expect(members.length).toBeGreaterThan(0)
    for (const n of members) {
      expect(n).toBeGreaterThanOrEqual(165)
      expect(n).toBeLessThanOrEqual(329)
    }
  })

  it('spans at least 12 months over 6 sections, with images on most and some edits', async () => {
    const json = (await (await call('/feeds/feed.json?limit=100')).json()) as any
    const byMonth = new Set<string>()
    for (const s of SAMPLE_SECTIONS) {
      const feed = (await (await call(`/feeds/${s.slug}/feed.json?limit=100`)).json()) as any
      expect(feed.items.length).toBeGreaterThan(20)
      for (const item of feed.items) byMonth.add(item.date_published.slice(0, 7))
    }
    expect(byMonth.size).toBeGreaterThanOrEqual(12)
    const withImage = json.items.filter((i: any) => i.image).length
    expect(withImage / json.items.length).toBeGreaterThan(0.6)
    expect(json.items.some((i: any) => i.date_modified !== i.date_published)).toBe(true)
    expect(new Set(json.items.flatMap((i: any) => i.authors.map((a: any) => a.name))).size).toBeGreaterThan(3)
  })

  it('has distinct headlines whose bodies tell the same story, and the seed article heads the Reports feed', async () => {
    const json = (await (await call('/feeds/feed.json?limit=100')).json()) as any
    expect(new Set(json.items.map((i: any) => i.title)).size).toBe(100)
    for (const item of json.items) {
      // Every item names an author; what a story is tagged with is in its headline or body («ال» may join «لـ»).
      expect(item.authors.length).toBeGreaterThan(0)
      for (const tag of item.tags.slice(1)) expect(item.title + item.content_html).toContain(tag.replace(/^ال/, ''))
      // No `&quot;` for readers that strip tags without decoding.
      expect(item.content_html.replace(/<[^>]*>/g, '')).not.toContain('&quot;')
    }
    expect(json.items.some((i: any) => i.authors[0].name === 'موازين نيوز')).toBe(true)
    const reports = (await (await call('/feeds/reports/feed.json?limit=1')).json()) as any
    expect(reports.items[0].title).toBe('زيارة سرية لقاآني الى بغداد تنهي التصعيد الامريكي.. طهران تحذر بغداد من مغبة نيران غضب واشنطن')
    expect(reports.items[0].authors).toEqual([{ name: 'موازين نيوز', url: 'https://www.mawazin.net/' }])
  })
})

describe('every sample feed meets its specification', () => {
  it.each(paths)('RSS 2.0 /feeds/%srss.xml', async (path) => {
    const { rss } = parseXml(await (await call(`/feeds/${path}rss.xml?limit=100`)).text())
    const channel = rss.channel
    for (const required of ['title', 'link', 'description']) expect(textOf(channel[required]).length).toBeGreaterThan(0)
    expect(channel.lastBuildDate).toMatch(RFC822_GMT)
    expect(channel.image.link).toBe(channel.link)
    const guids = new Set<string>()
    for (const item of channel.item) {
      expect(textOf(item.title).trim().length).toBeGreaterThan(0)
      expect(new URL(item.link).protocol).toBe('https:')
      expect(textOf(item.guid)).toMatch(TAG_URI)
      guids.add(textOf(item.guid))
      expect(item.pubDate).toMatch(RFC822_GMT)
      if (item.enclosure) {
        expect(Number(item.enclosure['@_length'])).toBeGreaterThan(0)
        expect(item.enclosure['@_type']).toMatch(/^image\/(jpeg|png|webp)$/)
      }
    }
    expect(guids.size).toBe(channel.item.length)
    const dates = channel.item.map((i: any) => Date.parse(i.pubDate))
    expect(dates).toEqual([...dates].sort((a, b) => b - a))
  })

  it.each(paths)('Atom /feeds/%satom.xml', async (path) => {
    const { feed } = parseXml(await (await call(`/feeds/${path}atom.xml?limit=100`)).text())
    expect(feed['@_xml:lang']).toBe('ar')
    expect(feed.id).toMatch(/^tag:mawazin\.net,2024:feed\//)
    expect(feed.updated).toMatch(RFC3339)
    expect(feed.author.length).toBeGreaterThan(0)
    const alternates = feed.link.filter((l: any) => l['@_rel'] === 'alternate').map((l: any) => l['@_type'])
    expect(new Set(alternates).size).toBe(alternates.length) // RFC 4287 §4.1.1: one alternate per type
    for (const entry of feed.entry) {
      expect(entry.id).toMatch(TAG_URI)
      expect(textOf(entry.title).length).toBeGreaterThan(0)
      expect(entry.updated).toMatch(RFC3339)
      expect(entry.published).toMatch(RFC3339)
      expect(Date.parse(entry.updated)).toBeGreaterThanOrEqual(Date.parse(entry.published))
      expect(entry.content['@_type']).toBe('html')
      expect(textOf(entry.content).startsWith('<div dir="rtl" lang="ar">')).toBe(true)
    }
    expect(Date.parse(feed.updated)).toBe(Math.max(...feed.entry.map((e: any) => Date.parse(e.updated))))
  })

  it.each(paths)('JSON Feed 1.1 /feeds/%sfeed.json', async (path) => {
    const json = (await (await call(`/feeds/${path}feed.json?limit=100`)).json()) as any
    expect(json.version).toBe('https://jsonfeed.org/version/1.1')
    expect(typeof json.title).toBe('string')
    expect(json.items.length).toBeGreaterThan(0)
    for (const item of json.items) {
      expect(item.id).toMatch(TAG_URI)
      expect(item.content_html.length).toBeGreaterThan(0)
      expect(item.date_published).toMatch(RFC3339)
      for (const a of item.attachments ?? []) expect(a.mime_type).toMatch(/^image\//)
    }
  })
})
