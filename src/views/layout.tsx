// The shell of every page for people: Arabic, right to left, readable on a phone and on a desktop. hono/jsx
// escapes every text and attribute value it is given; the style sheet is a static file (site-style.ts).
import type { Child } from 'hono/jsx'
import { FONT_FILES, SITE_SCRIPT_PATH, SITE_STYLE_PATH } from './font-files'

/** A fixed style sheet into a `<style>` element: CSS is raw text there, so it is never built from data. */
export function StyleSheet({ css }: { css: string }) {
  return <style dangerouslySetInnerHTML={{ __html: css }} />
}

export interface PageProps {
  title: string
  /** The page's summary for search engines and link previews (`<meta name="description">`, Open Graph). */
  description: string
  /** The page's canonical URL; none on an error page. */
  url?: string
  siteName: string
  /** Extra elements for <head>: feed discovery links. */
  head?: Child
  children?: Child
}

/** Where the skip link lands: every page's `<main>`. */
export const MAIN_ID = 'main'

export function Page({ title, description, url, siteName, head, children }: PageProps) {
  return (
    <html lang="ar" dir="rtl">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <meta name="description" content={description} />
        <meta name="color-scheme" content="light dark" />
        {url && <link rel="canonical" href={url} />}
        <meta property="og:type" content="website" />
        <meta property="og:site_name" content={siteName} />
        <meta property="og:title" content={title} />
        <meta property="og:description" content={description} />
        <meta property="og:locale" content="ar_IQ" />
        {url && <meta property="og:url" content={url} />}
        <link rel="icon" href="/favicon.ico" type="image/x-icon" />
        {/* Arabic text and Latin digits are on every page: both subsets are needed at once. */}
        {FONT_FILES.map((f) => <link rel="preload" href={f.path} as="font" type="font/woff2" crossorigin="anonymous" />)}
        <link rel="stylesheet" href={SITE_STYLE_PATH} />
        {head}
        <script src={SITE_SCRIPT_PATH} defer></script>
      </head>
      <body>
        <a class="skip" href={`#${MAIN_ID}`}>انتقل إلى المحتوى</a>
        {children}
        <p class="sr" role="status" id="copy-status"></p>
      </body>
    </html>
  )
}

/** The footer of the pages for people. */
export function SiteFooter({ siteName, siteUrl, directory, opmlUrl }: { siteName: string; siteUrl: string; directory: string; opmlUrl: string }) {
  return (
    <footer>
      <ul>
        <li><a href={siteUrl}>{siteName}</a></li>
        <li><a href={directory}>كل الخلاصات</a></li>
        <li><a href={opmlUrl}>OPML</a></li>
        <li><a href="/api/docs" lang="en" dir="ltr">API</a></li>
      </ul>
      <p>RSS 2.0 و Atom 1.0 و JSON Feed 1.1 · التواريخ بتوقيت بغداد</p>
    </footer>
  )
}

/** A URL that may wrap after each `/`, `?` or `&` on a narrow screen (a <wbr> there; the text is unchanged). */
function breakable(url: string) {
  return url.split(/(?<=[/?&])/).map((part, i) => (i === 0 ? part : <><wbr />{part}</>))
}

/** One feed URL, shown whole and followable, with a copy button whose accessible name says which feed it copies. */
export function FeedRow({ label, url, feedName }: { label: string; url: string; feedName: string }) {
  return (
    <li>
      <span class="label">{label}</span>
      <a class="url" dir="ltr" href={url}>{breakable(url)}</a>
      <button type="button" class="copy" data-copy={url} aria-label={`نسخ رابط ${label} لخلاصة ${feedName}`}>نسخ</button>
    </li>
  )
}

/**
 * A JSX tree as an HTML document. Every view is synchronous, so the tree renders to a string at once.
 * @example renderDocument(<Page title="x">…</Page>) // '<!doctype html><html lang="ar" …'
 */
export function renderDocument(node: { toString(): string | Promise<string> }): string {
  const html = node.toString()
  if (typeof html !== 'string') throw new Error('views must render synchronously')
  return '<!doctype html>\n' + html + '\n'
}
