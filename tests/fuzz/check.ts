// After the writes: every listing, feed page (three formats), monthly archive, page, the OPML and /feeds parse,
// and hold exactly the articles the model says are visible there. Cost scales with pages, not articles.
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { ORIGIN, api, call, testEnv, textOf } from '../helpers'
import { FUZZ_ENV, FUZZ_NOW } from './clock'
import { checkMarkers, checkPlainText } from './expect'
import type { Report } from './report'
import type { Model, Stored } from './write'

const ARTICLE_ID = /:article\/(.+)$/
const FILES = { json: 'feed.json', rss: 'rss.xml', atom: 'atom.xml' } as const
const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  htmlEntities: true,
  trimValues: false,
  isArray: (name) => ['item', 'entry', 'outline', 'link', 'category'].includes(name),
})

type Fetched = { status: number; text: string; headers: Headers }

async function get(model: Model, path: string): Promise<Fetched> {
  const res = await call(path, {}, FUZZ_ENV)
  model.report.requests++
  const text = await res.text()
  if (res.status >= 500) model.report.fail(`GET answered ${res.status}`, { what: path, got: text.slice(0, 300) })
  return { status: res.status, text, headers: res.headers }
}

function parseXmlDoc(report: Report, path: string, text: string): Record<string, any> | null {
  report.documents++
  const valid = XMLValidator.validate(text)
  if (valid !== true) {
    report.fail('XML not well-formed', { what: path, got: valid })
    return null
  }
  return xml.parse(text) as Record<string, any>
}

function parseJson(report: Report, path: string, text: string): any {
  report.documents++
  try {
    return JSON.parse(text)
  } catch (error) {
    report.fail('JSON not well-formed', { what: path, got: String(error) })
    return null
  }
}

function idOf(tagUri: string): string {
  return ARTICLE_ID.exec(tagUri)?.[1] ?? `?${tagUri}`
}

/** Compares what a document listed with what must be there; each id once. */
function compare(report: Report, what: string, got: string[], want: Set<string>, model: Model): void {
  const seen = new Set<string>()
  for (const id of got) {
    if (seen.has(id)) report.fail(model.kind('an article listed twice', id), { what, got: id })
    seen.add(id)
    if (!want.has(id)) {
      const s = model.stored.get(id)
      if (s?.stray) continue
      report.fail(model.kind(s ? (s.future ? 'a scheduled article shown before its time' : 'an article shown in the wrong place') : 'an article shown that was never accepted (or was deleted)', id), { what, got: id, input: s?.body })
    }
  }
  for (const id of want) {
    if (!seen.has(id)) {
      const s = model.stored.get(id)!
      report.fail(model.kind('an accepted article missing', id), { what, got: id, input: { published: s.body.published, section: s.section, written: s.history } })
    }
  }
}

/** Articles visible now in a scope (null: site-wide), optionally in one Baghdad month. */
function visible(model: Model, scope: string | null, now: number, month?: string): Set<string> {
  const out = new Set<string>()
  for (const s of model.stored.values()) {
    if (s.future || s.stray || s.published > now) continue
    if (scope !== null && s.section !== scope) continue
    if (month !== undefined && monthOf(s.published) !== month) continue
    out.add(s.id)
  }
  return out
}

export function monthOf(ms: number): string {
  return new Date(ms + 3 * 3_600_000).toISOString().slice(0, 7)
}

/** Feeds wrap each body in one right-to-left <div>. */
function unwrap(html: string): string {
  const open = '<div dir="rtl" lang="ar">'
  return html.startsWith(open) && html.endsWith('</div>') ? html.slice(open.length, -'</div>'.length) : html
}

/** The same page in RSS and Atom: well-formed, the same ids and titles as the JSON Feed page. */
async function checkXmlTwins(model: Model, jsonPath: string, items: any[]): Promise<void> {
  const ids = items.map((i) => idOf(String(i.id)))
  const titles = items.map((i) => String(i.title))
  for (const format of ['rss', 'atom'] as const) {
    const path = jsonPath.replace('/feed.json', `/${FILES[format]}`)
    const res = await get(model, path)
    if (res.status !== 200) { model.report.fail(`${format} page answered ${res.status}`, { what: path }); continue }
    const doc = parseXmlDoc(model.report, path, res.text)
    if (!doc) continue
    const entries: any[] = format === 'rss' ? (doc.rss?.channel?.item ?? []) : (doc.feed?.entry ?? [])
    const gotIds = entries.map((e) => idOf(textOf(format === 'rss' ? e.guid : e.id)))
    const gotTitles = entries.map((e) => textOf(e.title))
    if (JSON.stringify(gotIds) !== JSON.stringify(ids)) model.report.fail(`${format} page lists other articles than the JSON Feed page`, { what: path, input: ids, got: gotIds })
    else gotTitles.forEach((t, i) => t !== titles[i] && model.report.fail(`${format} title differs from the JSON Feed title`, { what: `${path} ${ids[i]}`, input: titles[i], got: t }))
  }
}

/** ARCHIVE_MAX_ITEMS of the test config (vitest.config.ts: 200): the most entries one archive document holds. */
const ARCHIVE_MAX_ITEMS = Number(testEnv.ARCHIVE_MAX_ITEMS)

/** Checks one JSON Feed page's items against the model: dates, titles, content, markers, plain text, order. */
function checkItems(model: Model, path: string, items: any[]): void {
  for (const item of items) {
    const stored = model.stored.get(idOf(String(item.id)))
    if (!stored || stored.stray) continue
    const at = Date.parse(item.date_published)
    if (at !== stored.published) model.report.fail('date_published is not the time accepted', { what: `${path} ${stored.id}`, input: stored.body.published, got: item.date_published })
    if (stored.article) {
      if (item.title !== stored.article.title) model.report.fail('feed title differs from the stored title', { what: stored.id, input: stored.article.title, got: item.title })
      // The feed's body is the stored content after the dateline and the lead image, in one right-to-left <div>.
      if (!unwrap(String(item.content_html)).endsWith(stored.article.content)) model.report.fail('feed content differs from the stored content', { what: `${stored.id} written by ${stored.history}`, input: stored.article.content, got: item.content_html })
    }
    checkMarkers(model.report, `${path} ${stored.id}`, stored.markers, String(item.content_html))
    if (!model.bugs.has('plain-text-cleaning')) checkPlainText(model.report, model.bugs, `${path} ${stored.id}`, { title: item.title, tags: item.tags, authors: item.authors }, stored.body)
  }
  for (let i = 1; i < items.length; i++) {
    if (Date.parse(items[i].date_published) > Date.parse(items[i - 1].date_published)) model.report.fail('feed not newest first', { what: path, got: [items[i - 1].id, items[i].id] })
  }
}

/**
 * Pages through a feed by `next`, or walks one month's archive documents by `prev-archive` (a big month is split
 * into documents of at most ARCHIVE_MAX_ITEMS; the chain leaves the month after its oldest), checking every
 * document in three formats; returns the JSON items.
 */
async function walk(model: Model, first: string, archive: boolean): Promise<any[]> {
  const all: any[] = []
  const month = archive ? /\/archive\/(\d{4}-\d{2})\//.exec(first)?.[1] : undefined
  let path: string | null = first
  for (let pages = 0; path && pages < 500; pages++) {
    const res = await get(model, path)
    if (res.status !== 200) { model.report.fail(`feed answered ${res.status}`, { what: path, got: res.text.slice(0, 300) }); break }
    const json = parseJson(model.report, path, res.text)
    if (!json) break
    const items: any[] = json.items ?? []
    let next: string | null
    if (archive) {
      const prev = json._nashra?.links?.['prev-archive'] as string | undefined
      if (items.length > ARCHIVE_MAX_ITEMS) model.report.fail('an archive document over its bound', { what: path, got: items.length })
      // A link to an earlier document of the month: it must have entries, and this one must be full.
      next = prev && prev.includes(`/archive/${month}/`) ? prev.replace(ORIGIN, '') : null
      if (next && items.length < ARCHIVE_MAX_ITEMS) model.report.fail('an archive document short of its bound with more of its month before it', { what: path, got: items.length })
      if (pages > 0 && items.length === 0) model.report.fail('an archive link to a document without entries', { what: path })
    } else {
      next = json.next_url ? String(json.next_url).replace(ORIGIN, '') : null
      if (next && items.length < 100) model.report.fail('a feed page short of its limit before the last page', { what: path, got: items.length })
    }
    checkItems(model, path, items)
    await checkXmlTwins(model, path, items)
    all.push(...items)
    path = next
  }
  return all
}

/** GET /api/articles, all pages: every stored article (scheduled too) once, in its section. */
async function checkListing(model: Model): Promise<void> {
  const got: string[] = []
  let cursor: string | null = null
  for (let i = 0; i < 1000; i++) {
    const res = await api('GET', `/api/articles?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, undefined, FUZZ_ENV)
    model.report.requests++
    const json = parseJson(model.report, '/api/articles', await res.text())
    if (res.status !== 200 || !json) return model.report.fail(`listing answered ${res.status}`, { what: '/api/articles', got: json })
    for (const item of json.items as { id: string; section: string }[]) {
      got.push(item.id)
      const s = model.stored.get(item.id)
      if (s && s.section !== item.section) model.report.fail('listed in another section', { what: item.id, input: s.section, got: item.section })
    }
    cursor = json.next_cursor
    if (!cursor) break
  }
  compare(model.report, 'GET /api/articles', got, new Set([...model.stored.values()].filter((s) => !s.stray).map((s) => s.id)), model)
}

export interface CheckOptions {
  /** Every archive month from archiveStart on (else only months that hold articles). */
  allMonths: boolean
  archiveStart: string
}

/** Every check after the writes. `now` is read once, after the last write. */
export async function checkAll(model: Model, options: CheckOptions): Promise<Map<string, any[]>> {
  const now = FUZZ_NOW
  await checkListing(model)
  const firstPages = new Map<string, any[]>()
  for (const scope of [null, ...model.sections.map((s) => s.slug)]) {
    const base = scope === null ? '/feeds' : `/feeds/${scope}`
    const items = await walk(model, `${base}/feed.json?limit=100`, false)
    compare(model.report, `${base}/feed.json (all pages)`, items.map((i) => idOf(String(i.id))), visible(model, scope, now), model)
    firstPages.set(scope ?? '', items)
    const months = new Set<string>()
    for (const s of model.stored.values()) if (!s.future && !s.stray && s.published <= now && (scope === null || s.section === scope)) months.add(monthOf(s.published))
    if (options.allMonths) for (let m = options.archiveStart; m <= monthOf(now); m = nextMonth(m)) months.add(m)
    for (const month of [...months].sort()) {
      if (month < options.archiveStart) continue
      const path = `${base}/archive/${month}/feed.json`
      // The month's documents, walked back from its newest: together they hold the month, each article once.
      const got = await walk(model, path, true)
      compare(model.report, `${path} (and the month's earlier documents)`, got.map((i) => idOf(String(i.id))), visible(model, scope, now, month), model)
    }
  }
  return firstPages
}

function nextMonth(m: string): string {
  const [y, mo] = m.split('-').map(Number) as [number, number]
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`
}

export type { Stored }
