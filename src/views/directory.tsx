// The feed directory (/), for people first: a list of sections to jump to, then each section's newest headlines
// (with a thumbnail where there is a lead image) and one «اشترك» control that opens the readers and the feeds'
// URLs; the site-wide feeds and the OPML last. Pure: data in, HTML out.
import type { Article, FeedFormat, Section } from '../model/types'
import { DateOf, Discovery, Subscribe } from './feed-parts'
import { MAIN_ID, Page, SiteFooter, renderDocument } from './layout'

export interface DirectorySection {
  section: Section
  articles: Article[]
  feeds: Record<FeedFormat, string>
  /** The section's preview page here. */
  page: string
}

export interface DirectoryView {
  siteName: string
  siteUrl: string
  siteFeeds: Record<FeedFormat, string>
  opmlUrl: string
  /** This page's own URL (the footer links back to it). */
  directory: string
  sections: DirectorySection[]
}

const SITE_FEEDS_ID = 'site-feeds'

function Headline({ article }: { article: Article }) {
  return (
    <li>
      {article.image && (
        <img class="thumb" src={article.image.url} alt="" loading="lazy" decoding="async" width={article.image.width ?? 160} height={article.image.height ?? 90} />
      )}
      <div class="text">
        <a href={article.url}>{article.title}</a>
        <DateOf article={article} />
      </div>
    </li>
  )
}

function SectionCard({ entry, siteName }: { entry: DirectorySection; siteName: string }) {
  const { section } = entry
  return (
    <section class="card" id={`section-${section.slug}`} aria-labelledby={`title-${section.slug}`}>
      <h2 id={`title-${section.slug}`}><a href={entry.page}>{section.name}</a></h2>
      <p>{section.description}</p>
      {entry.articles.length > 0 ? (
        <ol class="headlines">{entry.articles.map((a) => <Headline article={a} />)}</ol>
      ) : (
        <p>لا أخبار هنا بعد.</p>
      )}
      <Subscribe feeds={entry.feeds} feedName={`${section.name} — ${siteName}`} />
    </section>
  )
}

/** What search engines and link previews say of the directory. */
export function directoryDescription(view: Pick<DirectoryView, 'siteName' | 'sections'>): string {
  const names = view.sections.map((s) => s.section.name).join('، ')
  return `تابِع أخبار ${view.siteName} في قارئ الخلاصات: ${names}. بصيغ RSS وAtom وJSON Feed.`
}

export function renderDirectory(view: DirectoryView): string {
  const title = `خلاصات ${view.siteName}`
  const head = (
    <>
      <Discovery title={view.siteName} feeds={view.siteFeeds} />
      {view.sections.map((s) => <Discovery title={`${s.section.name} — ${view.siteName}`} feeds={s.feeds} />)}
      <link rel="outline" type="text/x-opml" title="OPML" href={view.opmlUrl} />
    </>
  )
  return renderDocument(
    <Page title={title} description={directoryDescription(view)} url={view.directory} siteName={view.siteName} head={head}>
      <header>
        <h1>{title}</h1>
        <p>أحدث أخبار <a href={view.siteUrl}>{view.siteName}</a> لكل قسم، واشترك بما تريد منها في قارئ الخلاصات الذي تفضّله.</p>
        <nav class="jump" aria-label="الأقسام">
          <ul>
            {view.sections.map((s) => <li><a href={`#section-${s.section.slug}`}>{s.section.name}</a></li>)}
            <li><a href={`#${SITE_FEEDS_ID}`}>كل الأقسام</a></li>
          </ul>
        </nav>
      </header>
      <main id={MAIN_ID}>
        <div class="sections">{view.sections.map((s) => <SectionCard entry={s} siteName={view.siteName} />)}</div>
        <section class="card" id={SITE_FEEDS_ID} aria-labelledby="title-site-feeds">
          <h2 id="title-site-feeds">كل الأقسام</h2>
          <p>خلاصة واحدة بأخبار الأقسام كلها، أو ملف OPML يضيف خلاصات الأقسام إلى قارئك دفعة واحدة.</p>
          <Subscribe feeds={view.siteFeeds} feedName={`${view.siteName} — كل الأقسام`} />
          <p><a href={view.opmlUrl}>ملف OPML لكل الخلاصات</a></p>
        </section>
      </main>
      <SiteFooter siteName={view.siteName} siteUrl={view.siteUrl} directory={view.directory} opmlUrl={view.opmlUrl} />
    </Page>,
  )
}

export function renderNotFoundPage(message: string, directory: string, siteName: string): string {
  return renderDocument(
    <Page title={`غير موجود — ${siteName}`} description={message} siteName={siteName}>
      <main id={MAIN_ID}>
        <h1>غير موجود</h1>
        <p>{message}</p>
        <p><a href={directory}>كل الخلاصات</a></p>
      </main>
    </Page>,
  )
}
