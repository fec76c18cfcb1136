// Sample sections and articles for local runs, tests and benchmarks: the real seed page plus 320
// generated articles, the same every time (fixed PRNG seed).
import { fromBaghdad } from '../model/dates'
import { escapeHtml } from '../model/html'
import type { ArticleDraft, Image, Section } from '../model/types'
import { draftFromInput } from '../model/article-json'
import { type ArticlePage, pageToInput, parseArticlePage } from './article-page'

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
const CITIES = ['بغداد', 'البصرة', 'أربيل', 'النجف', 'الموصل', 'كربلاء', 'السليمانية', 'الأنبار']
const TAGS = ['العراق', 'النفط', 'الحكومة', 'البرلمان', 'الانتخابات', 'الاستثمار', 'كرة القدم', 'الطاقة', 'المياه', 'التعليم', 'الصحة', 'إيران', 'الولايات المتحدة']
/** Headlines per section; `{city}` and `{topic}` are filled in. */
const HEADLINES: Record<string, string[]> = {
  reports: ['تقرير: {topic} في {city} بين الوعود والواقع', 'ملف خاص عن {topic} في {city}', 'قراءة في {topic} بعد عام من التحولات', 'كيف يواجه أهالي {city} {topic}؟'],
  local: ['مجلس محافظة {city} يناقش {topic}', 'أهالي {city} يطالبون بحلول عاجلة لـ{topic}', 'افتتاح مشروع جديد في {city}', 'حملة خدمية واسعة في أحياء {city}'],
  politics: ['البرلمان يناقش {topic} في جلسته المقبلة', 'الحكومة تبحث {topic} مع وفد من {city}', 'كتل سياسية تدعو إلى حوار وطني حول {topic}', 'رئيس الوزراء يزور {city} ويتابع {topic}'],
  economy: ['البنك المركزي يعلن إجراءات جديدة بشأن {topic}', 'ارتفاع الطلب على {topic} في أسواق {city}', 'خبراء اقتصاديون يحذرون من تداعيات {topic}', 'وزارة النفط تعلن خطة لتطوير الحقول قرب {city}'],
  sports: ['المنتخب الوطني يختتم معسكره في {city}', 'الزوراء يفوز على القوة الجوية في قمة الدوري', 'اتحاد الكرة يعلن جدول الدوري الممتاز', 'ملعب {city} يستضيف نهائي الكأس'],
  world: ['الأمم المتحدة تدعو إلى تهدئة في المنطقة', 'واشنطن وطهران: جولة جديدة من المحادثات', 'الاتحاد الأوروبي يبحث {topic} مع بغداد', 'قمة إقليمية تناقش {topic}'],
}
const TOPICS = ['أزمة المياه', 'مشاريع الطاقة', 'الانتخابات المحلية', 'أسعار النفط', 'التعليم الجامعي', 'الخدمات الصحية', 'الاستثمار الأجنبي', 'سعر صرف الدولار', 'إعادة الإعمار']
const SUBHEADINGS = ['تفاصيل جديدة', 'ردود فعل', 'ما الخطوة التالية؟', 'أرقام وحقائق']
const IMAGE_TYPES: [string, string][] = [['image/jpeg', 'jpg'], ['image/jpeg', 'jpg'], ['image/jpeg', 'jpg'], ['image/png', 'png'], ['image/webp', 'webp']]
const SIZES: [number, number][] = [[1200, 675], [1280, 720], [800, 600], [1024, 768]]

/** mulberry32: a small, fast, seeded PRNG; the same seed gives the same sample data everywhere. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T
}

function pickSome<T>(random: () => number, list: readonly T[], count: number): T[] {
  const copy = [...list]
  const out: T[] = []
  while (out.length < count && copy.length > 0) out.push(copy.splice(Math.floor(random() * copy.length), 1)[0] as T)
  return out
}

function sampleImage(random: () => number, siteUrl: string, id: string, city: string): Image {
  const [type, ext] = pick(random, IMAGE_TYPES)
  const [width, height] = pick(random, SIZES)
  return {
    url: `${siteUrl}/images/${id}.${ext}`,
    type,
    length: 20_000 + Math.floor(random() * 380_000),
    width,
    height,
    caption: `صورة من ${city}`,
    credit: pick(random, ['موازين نيوز', 'رويترز', 'وكالات']),
  }
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
 * the seed's (18 February 2024), bodies made of the seed's paragraphs (about its size), most with a lead image, a quarter edited later.
 */
export async function sampleArticles(seedPageText: string, siteUrl: string): Promise<ArticleDraft[]> {
  const page = parseArticlePage(seedPageText)
  const paragraphs = page.blocks.filter((b) => b.kind === 'paragraph').map((b) => b.text)
  const random = prng(SAMPLE_SEED)
  const drafts: ArticleDraft[] = [await seedArticleDraft(page, siteUrl)]
  let previousPublished = 0
  for (let n = 1; n <= SAMPLE_COUNT; n++) {
    const section = pick(random, SAMPLE_SECTIONS)
    const city = pick(random, CITIES)
    // Every 40th article shares its minute with the one before: ties must still order stably.
    const published = n % 40 === 0 ? previousPublished : FIRST + Math.floor(random() * ((LAST - FIRST) / 60_000)) * 60_000
    previousPublished = published
    const day = new Date(published + 3 * 3600_000).toISOString().slice(0, 10)
    const id = `${day}-${section.slug}-${n}`
    const title = pick(random, HEADLINES[section.slug] ?? ['خبر من {city}']).replace('{city}', city).replace('{topic}', pick(random, TOPICS))
    const chosen = pickSome(random, paragraphs, 8 + Math.floor(random() * (paragraphs.length - 8)))
    const subheading = random() < 0.5 ? `<h2>${escapeHtml(pick(random, SUBHEADINGS))}</h2>\n` : ''
    const half = Math.ceil(chosen.length / 2)
    const content =
      chosen.slice(0, half).map((p) => `<p>${escapeHtml(p)}</p>`).join('\n') + '\n' + subheading +
      chosen.slice(half).map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')
    const slugPath = n % 7 === 0 ? `/${title.split(' ').slice(0, 4).join('-')}` : ''
    const draft: ArticleDraft = {
      id,
      section: section.slug,
      title,
      content,
      url: `${siteUrl}/news/${100_000 + n}${slugPath}`,
      authors: pickSome(random, AUTHORS, random() < 0.2 ? 2 : 1).map((name) => ({ name })),
      published,
      tags: pickSome(random, TAGS, 1 + Math.floor(random() * 3)),
      dateline: `موازين نيوز- ${city}`,
    }
    if (random() < 0.25) draft.updated = published + (10 + Math.floor(random() * 4320)) * 60_000
    if (random() < 0.85) draft.image = sampleImage(random, siteUrl, id, city)
    drafts.push(draft)
  }
  return drafts
}
