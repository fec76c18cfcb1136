// The shell of every page for people: Arabic, right to left, readable on a phone and on a desktop. hono/jsx
// escapes every text and attribute value it is given; the only raw HTML is the constant style sheets below.
import type { Child } from 'hono/jsx'

const STYLE = `
:root{--bg:#fbfaf7;--fg:#1d1d1b;--muted:#5c5c58;--card:#fff;--line:#e2ded5;--accent:#8c1c13}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:17px/1.7 "Noto Naskh Arabic","Noto Sans Arabic","Segoe UI",Tahoma,sans-serif}
header,main,footer{max-width:72rem;margin:0 auto;padding:1rem}
header h1{margin:.5rem 0 0;font-size:1.8rem}
header p{margin:.25rem 0;color:var(--muted)}
a{color:var(--accent)}
.sections{display:grid;gap:1rem;grid-template-columns:repeat(auto-fill,minmax(min(20rem,100%),1fr))}
.card{background:var(--card);border:1px solid var(--line);border-radius:.6rem;padding:1rem;margin:0 0 1rem;min-width:0}
.card h2{margin:0;font-size:1.3rem}
.card p{margin:.25rem 0 .75rem;color:var(--muted)}
.feeds{list-style:none;margin:0 0 .75rem;padding:0}
.feeds li{display:flex;flex-wrap:wrap;gap:.2rem .5rem;align-items:center;margin:.5rem 0}
.feeds .label{flex:1;font-size:.9rem;color:var(--muted)}
.feeds .url{order:3;flex-basis:100%;direction:ltr;text-align:left;overflow-wrap:anywhere;font:13px/1.5 ui-monospace,"DejaVu Sans Mono",monospace;padding:.3rem .4rem;border:1px solid var(--line);border-radius:.3rem;background:#f6f5f1;user-select:all}
button.copy{font:inherit;font-size:.85rem;padding:.1rem .7rem;border:1px solid var(--accent);background:#fff;color:var(--accent);border-radius:.3rem;cursor:pointer}
button.copy.done{background:var(--accent);color:#fff}
.headlines{margin:0;padding:0 1.2rem 0 0}
.headlines li{margin:.2rem 0}
time{color:var(--muted);font-size:.85rem;white-space:nowrap}
.headlines time{display:block}
.items{list-style:none;padding:0}
.item{display:grid;grid-template-columns:1fr;gap:.75rem;background:var(--card);border:1px solid var(--line);border-radius:.6rem;padding:1rem;margin:0 0 1rem}
.item img{width:100%;height:auto;border-radius:.4rem}
.item h3{margin:0;font-size:1.2rem}
.item .meta{color:var(--muted);font-size:.85rem}
.item .meta time{display:block}
.item p{margin:.4rem 0 0}
@media (min-width:48rem){.item.with-image{grid-template-columns:14rem 1fr}}
nav.pages{display:flex;gap:1rem;margin:0 0 1rem}
#archives summary{cursor:pointer;font-weight:bold}
.archives{display:flex;flex-wrap:wrap;gap:.3rem 1rem;list-style:none;padding:0;margin:0}
.archives li{white-space:nowrap}
footer{color:var(--muted);font-size:.9rem;border-top:1px solid var(--line)}
footer ul{display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;list-style:none;padding:0;margin:.5rem 0}
`

/** A fixed style sheet into a `<style>` element: CSS is raw text there, so it is never built from data. */
export function StyleSheet({ css }: { css: string }) {
  return <style dangerouslySetInnerHTML={{ __html: css }} />
}

export interface PageProps {
  title: string
  /** Extra elements for <head>: feed discovery links. */
  head?: Child
  children?: Child
}

export function Page({ title, head, children }: PageProps) {
  return (
    <html lang="ar" dir="rtl">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <link rel="icon" href="/favicon.ico" type="image/x-icon" />
        <StyleSheet css={STYLE} />
        {head}
        <script src="/assets/site.js" defer></script>
      </head>
      <body>{children}</body>
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

/** One feed URL, shown whole, with a copy button whose accessible name says which feed it copies. */
export function FeedRow({ label, url, feedName }: { label: string; url: string; feedName: string }) {
  return (
    <li>
      <span class="label">{label}</span>
      <code class="url" dir="ltr">{breakable(url)}</code>
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
