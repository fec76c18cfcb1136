// Pieces the directory and the section preview share: discovery links, feed URL lists, dates, bylines.
import { formatArabicDate, toRfc3339 } from '../model/dates'
import type { Article, FeedFormat } from '../model/types'
import { FEED_FORMATS, FEED_FORMAT_TABLE, FEED_MEDIA_TYPES, byFormat } from '../model/urls'
import { FeedRow } from './layout'

export const FORMAT_LABELS: Record<FeedFormat, string> = byFormat((f) => FEED_FORMAT_TABLE[f].label)

/** `<link rel="alternate">` for each format, so browsers and readers find the feeds. */
export function Discovery({ title, feeds }: { title: string; feeds: Record<FeedFormat, string> }) {
  return (
    <>
      {FEED_FORMATS.map((f) => (
        <link rel="alternate" type={FEED_MEDIA_TYPES[f]} title={`${title} (${FORMAT_LABELS[f]})`} href={feeds[f]} />
      ))}
    </>
  )
}

/** The three URLs of a feed, each whole and copyable; `feedName` names the feed to assistive technology. */
export function FeedList({ feeds, feedName }: { feeds: Record<FeedFormat, string>; feedName: string }) {
  return <ul class="feeds">{FEED_FORMATS.map((f) => <FeedRow label={FORMAT_LABELS[f]} url={feeds[f]} feedName={feedName} />)}</ul>
}

/** The publication date in Baghdad time: `18 شباط 2024، 12:13`. */
export function DateOf({ article }: { article: Article }) {
  return <time datetime={toRfc3339(article.published)}>{formatArabicDate(article.published)}</time>
}

/** Who wrote it, as the feeds say it: the byline, else the publication. */
export function bylineOf(article: Article, publication: string): string {
  return article.authors.length > 0 ? article.authors.map((a) => a.name).join('، ') : publication
}

/**
 * One-click subscriptions in the common readers, to the RSS feed: Feedly's and Inoreader's subscribe pages, and
 * the `feed:` scheme that desktop and phone readers (NetNewsWire, Reeder…) register for.
 */
export function readerLinks(feedUrl: string): { name: string; href: string }[] {
  return [
    { name: 'Feedly', href: `https://feedly.com/i/subscription/feed/${encodeURIComponent(feedUrl)}` },
    { name: 'Inoreader', href: `https://www.inoreader.com/?add_feed=${encodeURIComponent(feedUrl)}` },
    { name: 'NetNewsWire', href: `feed:${feedUrl}` },
  ]
}

/** Links into the common readers; `feedName` tells each link apart for assistive technology. */
export function ReaderLinks({ feeds, feedName }: { feeds: Record<FeedFormat, string>; feedName: string }) {
  return (
    <ul class="readers">
      {readerLinks(feeds.rss).map((r) => (
        <li><a href={r.href} lang="en" dir="ltr">{r.name}<span class="sr" lang="ar" dir="rtl"> — {feedName}</span></a></li>
      ))}
    </ul>
  )
}

/** The one «اشترك» control of a feed: closed, it is one line; open, the readers and the three formats. */
export function Subscribe({ feeds, feedName }: { feeds: Record<FeedFormat, string>; feedName: string }) {
  return (
    <details class="subscribe">
      <summary>اشترك<span class="sr"> في خلاصة {feedName}</span></summary>
      <p>بنقرة في قارئك:</p>
      <ReaderLinks feeds={feeds} feedName={feedName} />
      <p>أو انسخ رابطا إلى أي قارئ خلاصات (الصيغ الثلاث تحمل الأخبار نفسها):</p>
      <FeedList feeds={feeds} feedName={feedName} />
    </details>
  )
}
