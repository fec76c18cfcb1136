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
