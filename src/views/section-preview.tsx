// A section's preview (/sections/{slug}): how to subscribe (on its first page only), then its items a page at a
// time with bylines, links to older pages and to the monthly archives. Pure: data in, HTML out.
import type { Article, FeedFormat, Section } from '../model/types'
import { FEED_FORMATS } from '../model/urls'
import { DateOf, Discovery, FORMAT_LABELS, FeedList, ReaderLinks, bylineOf } from './feed-parts'
import { MAIN_ID, Page, SiteFooter, renderDocument } from './layout'

export interface ArchiveMonth {
  /** `شباط 2024` */
  label: string
  feeds: Record<FeedFormat, string>
}

export interface SectionPreviewView {
  section: Section
  articles: Article[]
  feeds: Record<FeedFormat, string>
  siteName: string
  siteUrl: string
  /** The section's page on the publisher's site. */
  sectionUrl: string
  directory: string
  opmlUrl: string
  /** This page's own URL (with its page token on a later page). */
  url: string
  /** 1 on the newest items; a later page's number, counted as the feed pages (its token's offset). */
  pageNumber: number
  /** This page's newest items (present when this is a later page), and the next older page. */
  newer?: string
  older?: string
  /** Newest first. */
  archives: ArchiveMonth[]
}

function Item({ article, siteName }: { article: Article; siteName: string }) {
  const image = article.image
  return (
    <li class={image ? 'item with-image' : 'item'}>
      {image && <img src={image.url} alt={image.caption ?? ''} loading="lazy" decoding="async" width={image.width ?? 1600} height={image.height ?? 900} />}
      <div>
        <h3><a href={article.url}>{article.title}</a></h3>
        <div class="meta"><span class="byline">{bylineOf(article, siteName)}</span> <DateOf article={article} /></div>
        <p>{article.summary}</p>
      </div>
    </li>
  )
}

/** «تقارير — الصفحة 2 — موازين نيوز» on a later page; the first is the feed's own name. */
export function sectionPageTitle(sectionName: string, siteName: string, pageNumber: number): string {
  return pageNumber > 1 ? `${sectionName} — الصفحة ${pageNumber} — ${siteName}` : `${sectionName} — ${siteName}`
}

export function renderSectionPreview(view: SectionPreviewView): string {
  const { section } = view
  const feedName = `${section.name} — ${view.siteName}`
  const later = view.pageNumber > 1
  const title = sectionPageTitle(section.name, view.siteName, view.pageNumber)
  const description = `${section.description} — أخبار ${feedName} وخلاصاتها بصيغ RSS وAtom وJSON Feed${later ? ` (الصفحة ${view.pageNumber})` : ''}.`
  return renderDocument(
    <Page title={title} description={description} url={view.url} siteName={view.siteName} head={<Discovery title={feedName} feeds={view.feeds} />}>
      <header>
        <p><a href={view.directory}>كل الخلاصات</a></p>
        <h1>{section.name}{later && <small> — الصفحة {view.pageNumber}</small>}</h1>
        <p>{section.description}</p>
        <p><a href={view.sectionUrl}>القسم على موقع {view.siteName}</a></p>
      </header>
      <main id={MAIN_ID}>
        {!later && (
          <section class="card" id="subscribe" aria-labelledby="title-subscribe">
            <h2 id="title-subscribe">كيف تشترك</h2>
            <p>بنقرة في قارئك:</p>
            <ReaderLinks feeds={view.feeds} feedName={feedName} />
            <p>أو انسخ أحد الروابط التالية وألصِقه في قارئ الخلاصات (Miniflux أو Newsboat أو غيرهما). كلها تحمل الأخبار نفسها؛ اختر الصيغة التي يدعمها قارئك.</p>
            <FeedList feeds={view.feeds} feedName={feedName} />
          </section>
        )}
        <h2>{later ? `أخبار أقدم — الصفحة ${view.pageNumber}` : 'أحدث الأخبار'}</h2>
        <ol class="items">
          {view.articles.length > 0 ? view.articles.map((a) => <Item article={a} siteName={view.siteName} />) : <li>لا أخبار هنا بعد.</li>}
        </ol>
        {(view.newer || view.older) && (
          <nav class="pages" aria-label="صفحات الأخبار">
            {view.newer && <a href={view.newer} rel="first">أحدث الأخبار</a>}
            {view.older && <a href={view.older} rel="next">أخبار أقدم ←</a>}
          </nav>
        )}
        {view.archives.length > 0 && (
          <details class="card" id="archives">
            <summary>الأرشيف الشهري ({view.archives.length} شهرا)</summary>
            <p>خلاصة لكل شهر بتوقيت بغداد، الأحدث أولا، لمن يريد استرجاع ما فاته.</p>
            <ul class="archives">
              {view.archives.map((m) => (
                <li>
                  {m.label}:{' '}
                  {FEED_FORMATS.map((f, i) => (
                    <>
                      {i > 0 && ' · '}
                      <a href={m.feeds[f]} aria-label={`${FORMAT_LABELS[f]} — ${m.label}`}>{FORMAT_LABELS[f]}</a>
                    </>
                  ))}
                </li>
              ))}
            </ul>
          </details>
        )}
      </main>
      <SiteFooter siteName={view.siteName} siteUrl={view.siteUrl} directory={view.directory} opmlUrl={view.opmlUrl} />
    </Page>,
  )
}
