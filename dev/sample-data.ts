// Sample sections and articles for local runs, tests and benchmarks: the real seed page plus 320
// generated stories, the same every time (fixed PRNG seed); their words are in sample-stories.ts and sample-text.ts.
import { BAGHDAD_OFFSET_MS, fromBaghdad } from '../src/model/dates'
import { escapeHtmlText } from '../src/model/html'
import type { ArticleDraft, Image, Section } from '../src/model/types'
import { draftFromInput } from '../src/model/article-json'
import { type ArticlePage, pageToInput, parseArticlePage } from '../src/ingest/article-page'
import { SECTION_TEXT, type SectionText, type StoryKind } from './sample-stories'
import { mulberry32 } from './random'
import { CITIES, COUNTRIES, CUPS, OFFICIALS, QUOTES, SUBHEADINGS, TEAMS } from './sample-text'

export const SAMPLE_SEED = 20240218
export const SAMPLE_COUNT = 320
const SECTIONS_SINCE = fromBaghdad(2023, 1, 1)
// Thirteen months up to the day before the seed article, so that the real article heads its feed.
const FIRST = fromBaghdad(2023, 1, 15)
const LAST = fromBaghdad(2024, 2, 17, 23, 59)

export const SAMPLE_SECTIONS: readonly Section[] = [
  { slug: 'reports', name: 'تقارير', description: 'تقارير وتحليلات معمّقة في الشأن العراقي والإقليمي', order: 1, updated: SECTIONS_SINCE },
  { slug: 'local', name: 'محلية', description: 'أخبار بغداد والمحافظات العراقية', order: 2, updated: SECTIONS_SINCE },
  { slug: 'politics', name: 'سياسة', description: 'الأخبار السياسية من العراق والمنطقة', order: 3, updated: SECTIONS_SINCE },
  { slug: 'economy', name: 'اقتصاد', description: 'النفط والأسواق والمال والأعمال', order: 4, updated: SECTIONS_SINCE },
  { slug: 'sports', name: 'رياضة', description: 'الدوري العراقي والمنتخبات والبطولات', order: 5, updated: SECTIONS_SINCE },
  { slug: 'world', name: 'دولية', description: 'أخبار العالم', order: 6, updated: SECTIONS_SINCE },
]

const AUTHORS = ['علي حسين', 'زينب كاظم', 'مصطفى الجبوري', 'نور الهدى عباس', 'حيدر العبيدي', 'سارة محمود', 'Omar Haddad', 'فريق التحرير']
const CREDITS = ['موازين نيوز', 'رويترز', 'وكالات']
const IMAGE_TYPES: [string, string][] = [['image/jpeg', 'jpg'], ['image/jpeg', 'jpg'], ['image/jpeg', 'jpg'], ['image/png', 'png'], ['image/webp', 'webp']]
const SIZES: [number, number][] = [[1200, 675], [1280, 720], [800, 600], [1024, 768]]
/** Tries at a headline no other article has before giving up on uniqueness (never reached with these lists). */
const HEADLINE_TRIES = 50

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T
}

function pickSome<T>(random: () => number, list: readonly T[], count: number): T[] {
  const copy = [...list]
  const out: T[] = []
  while (out.length < count && copy.length > 0) out.push(copy.splice(Math.floor(random() * copy.length), 1)[0] as T)
  return out
}

function sampleImage(random: () => number, siteUrl: string, id: string, caption: string): Image {
  const [type, ext] = pick(random, IMAGE_TYPES)
  const [width, height] = pick(random, SIZES)
  return {
    url: `${siteUrl}/images/${id}.${ext}`,
    type,
    length: 20_000 + Math.floor(random() * 380_000),
    width,
    height,
    caption,
    credit: pick(random, CREDITS),
  }
}

type Slots = Record<string, string>

/**
 * Fills the slots. «لـ» and «بـ» join the word after them as Arabic writes them: without a tatweel (لرصف، بأزمة),
 * and before the article «ال» as لل and بال (للدوري، بالدوري); the tatweel stays only before a quotation mark
 * (لـ«موازين نيوز»).
 */
function fill(template: string, slots: Slots): string {
  return template
    .replace(/\{([a-z0-9]+)\}/g, (whole, name: string) => slots[name] ?? whole)
    .replace(/لـال/g, 'لل')
    .replace(/بـال/g, 'بال')
    .replace(/([لب])ـ(?=[\u0621-\u064A])/g, '$1')
}

/**
 * A count whose noun follows in the accusative singular (نائبا، عاملا): its last two digits are 11 to 99. Numbers
 * ending in 00 to 10 take another form of the noun, so they are moved past it.
 */
function accusativeCount(value: number): number {
  return value % 100 <= 10 ? value + 11 : value
}

/** Iraq's Council of Representatives has 329 seats; a session needs an absolute majority, 165. */
const SEATS = 329
const QUORUM = 165

/**
 * Values for every slot a story may use, drawn together so that they agree (two different teams, a winner).
 * `n` counts a plural noun (أعوام، أيام، مشاريع), so it runs from 3 to 9 (2 would take the dual: عامين).
 * The draws are made in a fixed order, one each, so every sample article stays as it was where its slots did.
 */
function drawSlots(random: () => number, text: SectionText): Slots {
  const [team = '', team2 = ''] = pickSome(random, TEAMS, 2)
  const g2 = Math.floor(random() * 3)
  const city = pick(random, CITIES)
  const topic = pick(random, text.topics)
  const official = pick(random, OFFICIALS)
  const country = pick(random, COUNTRIES)
  const cup = pick(random, CUPS)
  const g1 = String(g2 + 1 + Math.floor(random() * 3))
  const n = String(3 + Math.floor(random() * 7))
  const m = String(2 + Math.floor(random() * 39))
  // One draw for every count of people or things, each in its own plausible range.
  const size = random()
  const pct = String(5 + Math.floor(random() * 56))
  return {
    city,
    topic,
    official,
    country,
    cup,
    team,
    team2,
    g1,
    g2: String(g2),
    n,
    m,
    k: String(accusativeCount(10 + Math.floor(size * 490))),
    seats: String(accusativeCount(QUORUM + Math.floor(size * (SEATS - QUORUM)))),
    points: String(11 + Math.floor(size * 69)),
    stadium: String(20 + Math.floor(size * 46)),
    pct,
  }
}

/** A story of `text`: a headline no one has used yet, and the lead, details, quote and caption that go with it. */
function drawStory(random: () => number, text: SectionText, used: Set<string>): { kind: StoryKind; slots: Slots; title: string } {
  let story = { kind: text.kinds[0] as StoryKind, slots: {} as Slots, title: '' }
  for (let tries = 0; tries < HEADLINE_TRIES; tries++) {
    const kind = pick(random, text.kinds)
    const slots = drawSlots(random, text)
    story = { kind, slots, title: fill(kind.headline, slots) }
    if (!used.has(story.title)) break
  }
  used.add(story.title)
  return story
}

/** Tags: what the headline and lead speak of (topic, tournament, teams, country, city), at most three. */
function storyTags(kind: StoryKind, slots: Slots): string[] {
  const told = kind.headline + kind.lead
  return ['topic', 'cup', 'team', 'team2', 'country', 'city'].filter((name) => told.includes(`{${name}}`)).map((name) => slots[name] ?? '').slice(0, 3)
}

/** The body: the lead, some details, perhaps a quote, then perhaps a subheading and background. */
function storyBody(random: () => number, text: SectionText, kind: StoryKind, slots: Slots): string {
  const paragraphs = [kind.lead, ...pickSome(random, kind.details, 1 + Math.floor(random() * kind.details.length))]
  if (random() < 0.6) paragraphs.push(pick(random, QUOTES))
  let html = paragraphs.map((p) => `<p>${escapeHtmlText(fill(p, slots))}</p>`).join('\n')
  const background = pickSome(random, text.background, Math.floor(random() * (text.background.length + 1)))
  if (background.length > 0) {
    if (random() < 0.5) html += `\n<h2>${escapeHtmlText(pick(random, SUBHEADINGS))}</h2>`
    html += '\n' + background.map((p) => `<p>${escapeHtmlText(fill(p, slots))}</p>`).join('\n')
  }
  return html
}

/**
 * The seed page as an article draft: exactly what importing the page gives (its title, section «تقارير»,
 * 2024-02-18T09:13:00Z, dateline and body), so importing it after seeding finds it unchanged.
 */
export async function seedArticleDraft(page: ArticlePage, siteUrl: string): Promise<ArticleDraft> {
  const slug = SAMPLE_SECTIONS.find((s) => s.name === page.sectionName)?.slug ?? 'reports'
  return draftFromInput(await pageToInput(page, siteUrl, slug))
}

/**
 * The seed article first, then SAMPLE_COUNT generated ones over every section, January 2023 to the day before
 * the seed's (18 February 2024): each a distinct headline with the lead, details, quote and caption of the same
 * story (per-section templates, sample-stories.ts), of varied length, most with a lead image, a quarter edited
 * later, a few with no byline (the feeds then name the publication).
 */
export async function sampleArticles(seedPageText: string, siteUrl: string): Promise<ArticleDraft[]> {
  const page = parseArticlePage(seedPageText)
  const random = mulberry32(SAMPLE_SEED)
  const drafts: ArticleDraft[] = [await seedArticleDraft(page, siteUrl)]
  const used = new Set<string>([page.title])
  let previousPublished = 0
  for (let n = 1; n <= SAMPLE_COUNT; n++) {
    const section = pick(random, SAMPLE_SECTIONS)
    const text = SECTION_TEXT[section.slug] as SectionText
    // Every 40th article shares its minute with the one before: ties must still order stably.
    const published = n % 40 === 0 ? previousPublished : FIRST + Math.floor(random() * ((LAST - FIRST) / 60_000)) * 60_000
    previousPublished = published
    const day = new Date(published + BAGHDAD_OFFSET_MS).toISOString().slice(0, 10)
    const id = `${day}-${section.slug}-${n}`
    const { kind, slots, title } = drawStory(random, text, used)
    const slugPath = n % 7 === 0 ? `/${title.split(' ').slice(0, 4).join('-')}` : ''
    const byline = random()
    const draft: ArticleDraft = {
      id,
      section: section.slug,
      title,
      content: storyBody(random, text, kind, slots),
      url: `${siteUrl}/news/${100_000 + n}${slugPath}`,
      published,
      tags: storyTags(kind, slots),
      dateline: `موازين نيوز- ${slots.city}`,
    }
    if (byline >= 0.1) draft.authors = pickSome(random, AUTHORS, byline < 0.3 ? 2 : 1).map((name) => ({ name }))
    if (random() < 0.25) draft.updated = published + (10 + Math.floor(random() * 4320)) * 60_000
    if (random() < 0.85) draft.image = sampleImage(random, siteUrl, id, fill(kind.caption, slots))
    drafts.push(draft)
  }
  return drafts
}
