// The feed directory (/): every section with its feeds and newest headlines. Pure: data in, HTML out.
import type { Article, FeedFormat, Section } from '../model/types'
import { DateOf, Discovery, FeedList } from './feed-parts'
import { Page, SiteFooter, renderDocument } from './layout'

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

function SectionCard({ entry, siteName }: { entry: DirectorySection; siteName: string }) {
  const { section } = entry
  return (
    <section class="card" id={`section-${section.slug}`}>
      <h2><a href={entry.page}>{section.name}</a></h2>
      <p>{section.description}</p>
      <FeedList feeds={entry.feeds} feedName={`${section.name} — ${siteName}`} />
      <ol class="headlines">
        {entry.articles.map((a) => (
          <li><a href={a.url}>{a.title}</a> <DateOf article={a} /></li>
        ))}
      </ol>
    </section>
  )
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
    <Page title={title} head={head}>
      <header>
        <h1>{title}</h1>
        <p>تابِع أخبار <a href={view.siteUrl}>{view.siteName}</a> في قارئ الخلاصات الذي تفضّله: انسخ رابط الخلاصة وأضِفه إليه.</p>
        <section class="card" id="site-feeds">
          <h2>كل الأقسام</h2>
          <FeedList feeds={view.siteFeeds} feedName={`${view.siteName} — كل الأقسام`} />
          <p><a href={view.opmlUrl}>ملف OPML لكل الخلاصات</a> — لاستيرادها كلها دفعة واحدة.</p>
        </section>
      </header>
      <main>
        <div class="sections">{view.sections.map((s) => <SectionCard entry={s} siteName={view.siteName} />)}</div>
      </main>
      <SiteFooter siteName={view.siteName} siteUrl={view.siteUrl} directory={view.directory} opmlUrl={view.opmlUrl} />
    </Page>,
  )
}

export function renderNotFoundPage(message: string, directory: string): string {
  return renderDocument(
    <Page title="غير موجود">
      <header>
        <h1>غير موجود</h1>
        <p>{message}</p>
        <p><a href={directory}>كل الخلاصات</a></p>
      </header>
    </Page>,
  )
}
