// The pages for people: the feed directory and a section's preview. Pure: data in, HTML out.
import { formatArabicDate, toRfc3339 } from '../model/dates'
import { escapeHtml } from '../model/html'
import type { Article, FeedFormat, Section } from '../model/types'
import { FEED_FORMATS, FEED_MEDIA_TYPES } from '../model/urls'
import { feedRow, renderPage } from './layout'

const FORMAT_LABELS: Record<FeedFormat, string> = { rss: 'RSS 2.0', atom: 'Atom', json: 'JSON Feed' }

export interface SectionView {
  section: Section
  articles: Article[]
  feeds: Record<FeedFormat, string>
  page: string
}

export interface DirectoryView {
  siteName: string
  siteUrl: string
  siteFeeds: Record<FeedFormat, string>
  opmlUrl: string
  sections: SectionView[]
}

function discovery(title: string, feeds: Record<FeedFormat, string>): string {
  return FEED_FORMATS.map((f) => `<link rel="alternate" type="${FEED_MEDIA_TYPES[f]}" title="${escapeHtml(`${title} (${FORMAT_LABELS[f]})`)}" href="${escapeHtml(feeds[f])}">`).join('\n')
}

function feedList(feeds: Record<FeedFormat, string>): string {
  return `<ul class="feeds">${FEED_FORMATS.map((f) => feedRow(FORMAT_LABELS[f], feeds[f])).join('')}</ul>`
}

function dateOf(article: Article): string {
  return `<time datetime="${toRfc3339(article.published)}">${escapeHtml(formatArabicDate(article.published))}</time>`
}

export function renderDirectory(view: DirectoryView): string {
  const head = [
    discovery(view.siteName, view.siteFeeds),
    ...view.sections.map((s) => discovery(`${s.section.name} — ${view.siteName}`, s.feeds)),
    `<link rel="outline" type="text/x-opml" title="OPML" href="${escapeHtml(view.opmlUrl)}">`,
  ].join('\n')
  const cards = view.sections
    .map(
      (s) => `<section class="card" id="section-${escapeHtml(s.section.slug)}">
<h2><a href="${escapeHtml(s.page)}">${escapeHtml(s.section.name)}</a></h2>
<p>${escapeHtml(s.section.description)}</p>
${feedList(s.feeds)}
<ol class="headlines">${s.articles.map((a) => `<li><a href="${escapeHtml(a.url)}">${escapeHtml(a.title)}</a> ${dateOf(a)}</li>`).join('')}</ol>
</section>`,
    )
    .join('\n')
  return renderPage({
    title: `خلاصات ${view.siteName}`,
    head,
    body: `<header><h1>خلاصات ${escapeHtml(view.siteName)}</h1>
<p>تابِع أخبار <a href="${escapeHtml(view.siteUrl)}">${escapeHtml(view.siteName)}</a> في قارئ الخلاصات الذي تفضّله: انسخ رابط الخلاصة وأضِفه إليه.</p>
<section class="card"><h2>كل الأقسام</h2>${feedList(view.siteFeeds)}<p><a href="${escapeHtml(view.opmlUrl)}">ملف OPML لكل الخلاصات</a> — لاستيرادها كلها دفعة واحدة.</p></section>
</header>
<main><div class="sections">
${cards}
</div></main>
<footer><p>RSS 2.0 و Atom و JSON Feed 1.1 · <a href="${escapeHtml(view.opmlUrl)}">OPML</a> · <a href="/feeds">/feeds</a></p></footer>`,
  })
}

export function renderSectionPreview(view: SectionView & { siteName: string; directory: string }): string {
  const { section } = view
  const items = view.articles
    .map(
      (a) => `<li class="item${a.image ? ' with-image' : ''}">
${a.image ? `<img src="${escapeHtml(a.image.url)}" alt="${escapeHtml(a.image.caption ?? a.title)}" loading="lazy"${a.image.width ? ` width="${a.image.width}"` : ''}${a.image.height ? ` height="${a.image.height}"` : ''}>` : ''}
<div><h3><a href="${escapeHtml(a.url)}">${escapeHtml(a.title)}</a></h3>${dateOf(a)}<p>${escapeHtml(a.summary)}</p></div>
</li>`,
    )
    .join('\n')
  return renderPage({
    title: `${section.name} — ${view.siteName}`,
    head: discovery(`${section.name} — ${view.siteName}`, view.feeds),
    body: `<header><p><a href="${escapeHtml(view.directory)}">كل الخلاصات</a></p>
<h1>${escapeHtml(section.name)}</h1><p>${escapeHtml(section.description)}</p></header>
<main>
<section class="card"><h2>كيف تشترك</h2>
<p>انسخ أحد الروابط التالية وألصِقه في قارئ الخلاصات (Feedly أو Inoreader أو NetNewsWire أو Miniflux أو Newsboat). كلها تحمل الأخبار نفسها؛ اختر الصيغة التي يدعمها قارئك.</p>
${feedList(view.feeds)}</section>
<h2>أحدث الأخبار</h2>
<ol class="items">
${items || '<li>لا أخبار في هذا القسم بعد.</li>'}
</ol>
</main>`,
  })
}

export function renderNotFoundPage(message: string, directory: string): string {
  return renderPage({
    title: 'غير موجود',
    body: `<header><h1>غير موجود</h1><p>${escapeHtml(message)}</p><p><a href="${escapeHtml(directory)}">كل الخلاصات</a></p></header>`,
  })
}
