// The partner widget: a small right-to-left headline list for an <iframe>. No script, no images, no fonts:
// it makes no request of its own, to us or anyone. /embed.js draws the same look (views/assets.ts).
import { formatArabicDate, toRfc3339 } from '../model/dates'
import type { Article, Section } from '../model/types'
import { StyleSheet, renderDocument } from './layout'

export type EmbedTheme = 'light' | 'dark'

/** Colours of each theme; /embed.js uses the same values. */
export const EMBED_THEMES: Record<EmbedTheme, string> = {
  light: '--bg:#ffffff;--fg:#1d1d1b;--muted:#5c5c58;--line:#e2ded5;--accent:#8c1c13',
  dark: '--bg:#15161a;--fg:#f1f0ec;--muted:#a9a8a2;--line:#2c2e35;--accent:#f08a7e',
}

/** The widget's look, shared with /embed.js (which scopes it to its shadow root's `.nashra`). */
export const EMBED_FONT = '15px/1.6 "Noto Naskh Arabic","Noto Sans Arabic","Segoe UI",Tahoma,sans-serif'
export const EMBED_RULES = `h1,.title{font-size:1rem;font-weight:700;margin:0;padding:.5rem .75rem;border-bottom:2px solid var(--accent)}
ol{list-style:none;margin:0;padding:0}
li{padding:.5rem .75rem;border-bottom:1px solid var(--line)}
a{color:var(--fg);text-decoration:none;display:block}a:hover,a:focus{color:var(--accent)}
time{display:block;color:var(--muted);font-size:.8rem}`

export interface EmbedView {
  section: Section
  articles: Article[]
  theme: EmbedTheme
  /** Article URL as the partner's readers should follow it (UTM parameters added when asked). */
  link: (article: Article) => string
  siteName: string
}

export function renderEmbed(view: EmbedView): string {
  const title = `${view.section.name} — ${view.siteName}`
  const css = `:root{${EMBED_THEMES[view.theme]}}body{margin:0;background:var(--bg);color:var(--fg);font:${EMBED_FONT}}\n${EMBED_RULES}`
  return renderDocument(
    <html lang="ar" dir="rtl">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <StyleSheet css={css} />
      </head>
      <body>
        <h1>{title}</h1>
        <ol class="headlines">
          {view.articles.map((a) => (
            <li>
              <a href={view.link(a)} target="_blank" rel="noopener">{a.title}</a>
              <time datetime={toRfc3339(a.published)}>{formatArabicDate(a.published)}</time>
            </li>
          ))}
        </ol>
      </body>
    </html>,
  )
}
