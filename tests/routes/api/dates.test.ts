// Dates the API takes: real calendar dates only, from 1990 to a year after the request; a future one schedules.
import { describe, expect, it } from 'vitest'
import { toRfc3339 } from '../../../src/model/dates'
import { api, apiArticle, atTime, call, createSection, put } from '../../helpers'

/** The request clock of these tests: 15 June 2026, noon in Baghdad. */
const NOW = Date.UTC(2026, 5, 15, 9, 0)
const DAY = 24 * 3600 * 1000
/** The API at NOW. */
const AT_NOW = { bindings: atTime(NOW) }

async function problemsOf(res: Response): Promise<{ pointer: string; detail: string }[]> {
  expect(res.status).toBe(422)
  expect(res.headers.get('Content-Type')).toBe('application/problem+json')
  return ((await res.json()) as { errors: { pointer: string; detail: string }[] }).errors
}

describe('published and updated', () => {
  it('refuses dates the calendar does not have, naming the field, instead of moving them to another day', async () => {
    const section = await createSection()
    const impossible = {
      '2024-02-30T10:00:00+03:00': 'no day 30 in 2024-02',
      '2023-02-29T10:00:00+03:00': 'no day 29 in 2023-02',
      '2024-13-01T10:00:00+03:00': 'no month 13',
      '2024-02-18T24:00:00+03:00': 'no hour 24',
      '2024-02-18T12:60:00+03:00': 'no minute 60',
      '2024-02-18T12:13:60+03:00': 'no second 60',
      '2024-02-00T12:13:00+03:00': 'no day 00',
      '2024-02-18T12:13:00+03:99': 'no offset',
      '2024-02-18 12:13': 'ISO 8601',
    }
    for (const [date, detail] of Object.entries(impossible)) {
      const errors = await problemsOf(await put(apiArticle(section.slug, { published: date }), AT_NOW))
      expect(errors, date).toEqual([{ pointer: '#/published', detail: expect.stringContaining(detail) }])
      const updated = await problemsOf(await put(apiArticle(section.slug, { updated: date }), AT_NOW))
      expect(updated.map((e) => e.pointer), date).toEqual(['#/updated'])
    }
    // A real 29 February is a date.
    expect((await put(apiArticle(section.slug, { published: '2024-02-29T23:59:59+03:00' }), AT_NOW)).status).toBe(201)
  })

  it('accepts 1990 to a year after the request, and refuses each date seen accepted and never shown', async () => {
    const section = await createSection()
    for (const date of ['0001-01-01T00:00:00Z', '1969-12-31T23:59:59Z', '1989-12-31T23:59:59+03:00', '2286-11-20T17:46:40Z', '9999-12-31T23:59:59Z']) {
      const errors = await problemsOf(await put(apiArticle(section.slug, { published: date }), AT_NOW))
      expect(errors, date).toEqual([{ pointer: '#/published', detail: expect.stringContaining('from 1990-01-01T00:00:00+03:00 to ') }])
    }
    const latest = NOW + 366 * DAY
    const tooLate = await problemsOf(await put(apiArticle(section.slug, { published: toRfc3339(latest + 1000) }), AT_NOW))
    expect(tooLate).toEqual([{ pointer: '#/published', detail: expect.stringContaining(`to ${toRfc3339(latest)}`) }])
    for (const date of ['1990-01-01T00:00:00+03:00', '1989-12-31T21:00:00Z', toRfc3339(latest)]) {
      const res = await put(apiArticle(section.slug, { published: date }), AT_NOW)
      expect(res.status, date).toBe(201)
      expect(((await res.json()) as any).article.published).toBe(toRfc3339(Date.parse(date)))
    }
  })

  it('refuses an update time before the publication time on #/updated', async () => {
    const section = await createSection()
    const errors = await problemsOf(await put(apiArticle(section.slug, { published: '2024-02-18T12:13:00+03:00', updated: '2024-02-18T12:12:59+03:00' }), AT_NOW))
    expect(errors).toEqual([{ pointer: '#/updated', detail: 'must not be before published' }])
    // The same instant in another offset is not earlier.
    expect((await put(apiArticle(section.slug, { published: '2024-02-18T12:13:00+03:00', updated: '2024-02-18T09:13:00Z' }), AT_NOW)).status).toBe(201)
  })

  it('bounds the update time like the publication time, and never serves a Last-Modified after the clock', async () => {
    const section = await createSection()
    const far = await problemsOf(await put(apiArticle(section.slug, { updated: '9999-12-31T23:59:59Z' }), AT_NOW))
    expect(far).toEqual([{ pointer: '#/updated', detail: expect.stringContaining('from 1990-01-01T00:00:00+03:00 to ') }])
    const ahead = apiArticle(section.slug, { published: toRfc3339(NOW - DAY), updated: toRfc3339(NOW + 10 * DAY) })
    expect((await put(ahead, AT_NOW)).status).toBe(201)
    const feed = await call(`/feeds/${section.slug}/atom.xml`, {}, atTime(NOW))
    expect(Date.parse(feed.headers.get('Last-Modified')!)).toBeLessThanOrEqual(NOW)
  })

  it('reports bad dates per item in a batch, with the item index in the pointer', async () => {
    const section = await createSection()
    const items = [
      apiArticle(section.slug, { published: '2024-02-30T10:00:00+03:00' }),
      apiArticle(section.slug, { published: '9999-12-31T23:59:59Z' }),
      apiArticle(section.slug, { published: toRfc3339(NOW + DAY) }),
    ]
    const res = await api('POST', '/api/articles', items, atTime(NOW))
    expect(res.status).toBe(200)
    const body = (await res.json()) as any
    expect(body.summary).toEqual({ created: 1, updated: 0, unchanged: 0, failed: 2 })
    expect(body.results[0].errors.map((e: any) => e.pointer)).toEqual(['#/0/published'])
    expect(body.results[1].errors).toEqual([{ pointer: '#/1/published', detail: expect.stringContaining('from 1990') }])
  })
})

describe('state', () => {
  it('shows a future article as scheduled until its time, then published, in the write answer, GET and the list', async () => {
    const section = await createSection()
    const article = apiArticle(section.slug, { published: toRfc3339(NOW + DAY) })
    const created = await put(article, AT_NOW)
    expect(created.status).toBe(201)
    expect(((await created.json()) as any).article.state).toBe('scheduled')
    const past = apiArticle(section.slug, { published: toRfc3339(NOW - DAY) })
    expect(((await (await put(past, AT_NOW)).json()) as any).article.state).toBe('published')

    for (const [now, state] of [[NOW, 'scheduled'], [NOW + DAY - 1000, 'scheduled'], [NOW + DAY, 'published']] as const) {
      const got = (await (await api('GET', `/api/articles/${article.id as string}`, undefined, atTime(now))).json()) as any
      expect(got.state, String(now)).toBe(state)
      const list = (await (await api('GET', `/api/articles?section=${section.slug}`, undefined, atTime(now))).json()) as any
      expect(list.items.map((i: any) => [i.id, i.state])).toEqual([
        [article.id, state],
        [past.id, 'published'],
      ])
    }
  })
})
