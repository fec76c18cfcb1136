// A section's preview (/sections/{slug}): how to subscribe, then its items a page at a time with bylines,
// links to older pages and to the monthly archives. Pure: data in, HTML out.
import type { Article, FeedFormat, Section } from '../model/types'
import { FEED_FORMATS } from '../model/urls'
import { DateOf, Discovery, FORMAT_LABELS, FeedList, bylineOf } from './feed-parts'
import { Page, SiteFooter, renderDocument } from './layout'

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
      {image && <img src={image.url} alt={image.caption ?? article.title} loading="lazy" width={image.width} height={image.height} />}
      <div>
        <h3><a href={article.url}>{article.title}</a></h3>
        <div class="meta"><span class="byline">{bylineOf(article, siteName)}</span> <DateOf article={article} /></div>
        <p>{article.summary}</p>
      </div>
    </li>
  )
}

export function renderSectionPreview(view: SectionPreviewView): string {
  const { section } = view
  const feedName = `${section.name} — ${view.siteName}`
  return renderDocument(
    <Page title={feedName} head={<Discovery title={feedName} feeds={view.feeds} />}>
      <header>
        <p><a href={view.directory}>كل الخلاصات</a></p>
        <h1>{section.name}</h1>
        <p>{section.description}</p>
        <p><a href={view.sectionUrl}>القسم على موقع {view.siteName}</a></p>
      </header>
      <main>
        <section class="card">
          <h2>كيف تشترك</h2>
          <p>انسخ أحد الروابط التالية وألصِقه في قارئ الخلاصات (Feedly أو Inoreader أو NetNewsWire أو Miniflux أو Newsboat). كلها تحمل الأخبار نفسها؛ اختر الصيغة التي يدعمها قارئك.</p>
          <FeedList feeds={view.feeds} feedName={feedName} />
        </section>
        <h2>{view.newer ? 'أخبار أقدم' : 'أحدث الأخبار'}</h2>
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
            <p>خلاصة لكل شهر بتوقيت بغداد، لمن يريد استرجاع ما فاته.</p>
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
