// Pages, the OPML, /feeds, redirects by Arabic name and tag filters, after the writes.
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { ORIGIN, call } from '../helpers'
import { FUZZ_ENV, FUZZ_NOW } from './clock'
import type { Model } from './write'

const ARTICLE_ID = /:article\/(.+)$/
const opmlParser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', isArray: (name) => name === 'outline' })

/** Text of the elements `selector` matches, entities decoded (HTMLRewriter hands over raw text). */
async function texts(html: string, selector: string): Promise<string[]> {
  const out: string[] = []
  let current: string | null = null
  await new HTMLRewriter()
    .on(selector, {
      element(el) {
        current = ''
        el.onEndTag(() => {
          out.push(decode(current ?? ''))
          current = null
        })
      },
      text(t) {
        if (current !== null) current += t.text
      },
    })
    .transform(new Response(html))
    .text()
  return out
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" }
function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+|#39);/gi, (all, body: string) => {
    if (body[0] === '#') return String.fromCodePoint(body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10))
    return NAMED[body] ?? all
  })
}

async function page(model: Model, path: string): Promise<string | null> {
  const res = await call(path, {}, FUZZ_ENV)
  model.report.requests++
  model.report.documents++
  const text = await res.text()
  if (res.status !== 200) {
    model.report.fail(`page answered ${res.status}`, { what: path, got: text.slice(0, 300) })
    return null
  }
  if (!/^<!doctype html>/i.test(text) || !text.trimEnd().endsWith('</html>')) model.report.fail('page not a whole HTML document', { what: path, got: text.slice(0, 100) })
  return text
}

function sameTitles(model: Model, what: string, got: string[], want: string[]): void {
  if (JSON.stringify(got) !== JSON.stringify(want)) model.report.fail('page headlines differ from the feed', { what, input: want, got })
}

/** `firstPages`: each section's JSON Feed items, newest first, as the feed check read them. */
export async function checkPages(model: Model, firstPages: Map<string, any[]>): Promise<void> {
  const titles = (slug: string, n: number) => (firstPages.get(slug) ?? []).slice(0, n).map((i) => String(i.title))
  const directory = await page(model, '/')
  for (const s of model.sections) {
    if (directory) sameTitles(model, `/ (${s.slug})`, await texts(directory, `#section-${s.slug} ol.headlines li a`), titles(s.slug, 5))
    const preview = await page(model, `/sections/${s.slug}`)
    if (preview) sameTitles(model, `/sections/${s.slug}`, await texts(preview, 'ol.items h3 a'), titles(s.slug, 20))
    const embed = await page(model, `/embed/${s.slug}?limit=20&ref=fuzz`)
    if (embed) sameTitles(model, `/embed/${s.slug}`, await texts(embed, 'ol.headlines li a'), titles(s.slug, 20))
    for (const path of [`/feeds/${encodeURIComponent(s.name)}/feed.json`, `/sections/${encodeURIComponent(s.name)}`]) {
      const res = await call(path, {}, FUZZ_ENV)
      model.report.requests++
      const location = res.headers.get('Location') ?? ''
      if (res.status !== 301 || !location.replace(ORIGIN, '').startsWith(path.startsWith('/feeds') ? `/feeds/${s.slug}/` : `/sections/${s.slug}`)) {
        model.report.fail('a section named in Arabic does not redirect to its slug', { what: path, input: s.name, got: [res.status, location] })
      }
    }
  }

  const opml = await call('/feeds.opml', {}, FUZZ_ENV)
  model.report.requests++
  model.report.documents++
  const opmlText = await opml.text()
  const valid = XMLValidator.validate(opmlText)
  if (opml.status !== 200 || valid !== true) model.report.fail('OPML not well-formed', { what: '/feeds.opml', got: valid })
  else {
    const outlines: any[] = opmlParser.parse(opmlText).opml?.body?.outline ?? []
    const urls = new Set(outlines.map((o) => String(o['@_xmlUrl'])))
    for (const s of model.sections) if (!urls.has(`${ORIGIN}/feeds/${s.slug}/rss.xml`)) model.report.fail('OPML lacks a section', { what: s.slug, got: [...urls] })
  }

  const feeds = await call('/feeds', {}, FUZZ_ENV)
  model.report.requests++
  model.report.documents++
  try {
    const json = JSON.parse(await feeds.text()) as { sections: { slug: string; name: string }[] }
    for (const s of model.sections) {
      const found = json.sections.find((x) => x.slug === s.slug)
      if (!found || found.name !== s.name) model.report.fail('/feeds lacks a section or its name', { what: s.slug, input: s.name, got: found })
    }
  } catch (error) {
    model.report.fail('/feeds not JSON', { what: '/feeds', got: String(error) })
  }
}

/**
 * For a sample of articles with tags (as a PUT answered them): the section feed filtered by one of its tags
 * finds it. Every tag is indexed (the D1 search table's facets), however many and however long.
 */
export async function checkTagFilters(model: Model, sample: number): Promise<void> {
  const now = FUZZ_NOW
  const tagged = (tags: string[] | undefined) => tags !== undefined && tags.length > 0
  const candidates = [...model.stored.values()].filter((s) => !s.future && !s.stray && s.published <= now && tagged(s.article?.tags))
  const step = Math.max(1, Math.floor(candidates.length / sample))
  for (let k = 0; k < candidates.length; k += step) {
    const s = candidates[k]!
    const tags = s.article!.tags as string[]
    // The first tag, or the last: a tag far down a long list is indexed too.
    const tag = tags[(k / step) % 2 === 0 ? 0 : tags.length - 1]!
    let path: string | null = `/feeds/${s.section}/feed.json?limit=100&tag=${encodeURIComponent(tag)}`
    let found = false
    for (let pages = 0; path && pages < 30 && !found; pages++) {
      const res = await call(path, {}, FUZZ_ENV)
      model.report.requests++
      model.report.documents++
      if (res.status !== 200) {
        model.report.fail(`tag filter answered ${res.status}`, { what: path, input: tag, got: (await res.text()).slice(0, 300) })
        break
      }
      const json = (await res.json()) as { items: { id: string }[]; next_url?: string }
      found = json.items.some((i) => ARTICLE_ID.exec(i.id)?.[1] === s.id)
      path = json.next_url ? json.next_url.replace(ORIGIN, '') : null
    }
    if (!found) model.report.fail(model.kind('?tag= does not find an article by its own tag', s.id), { what: `${s.section} ${s.id}`, input: { tag, tags: tags.length } })
  }
}
