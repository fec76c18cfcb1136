// The partner widget: a small right-to-left headline list for an <iframe>. No script and no image: besides the
// document it loads only our own typeface (static assets, cached for a year), nothing from anyone else.
// /embed.js draws the same look (views/assets.ts).
import { formatArabicDate, toRfc3339 } from '../model/dates'
import type { Article, Section } from '../model/types'
import { StyleSheet, renderDocument } from './layout'
import { FONT_FILES } from './font-files'
import { FONT_STACK, fontFaceRules } from './typeface'

export type EmbedTheme = 'light' | 'dark' | 'auto'

/** Colours of each theme; /embed.js uses the same values. */
export const EMBED_THEMES: Record<Exclude<EmbedTheme, 'auto'>, string> = {
  light: '--bg:#ffffff;--fg:#1d1d1b;--muted:#5c5c58;--line:#e2ded5;--accent:#8c1c13',
  dark: '--bg:#15161a;--fg:#f1f0ec;--muted:#a9a8a2;--line:#2c2e35;--accent:#f08a7e',
}

/** The widget's look, shared with /embed.js (which scopes it to its shadow root's `.nashra`). */
export const EMBED_FONT = `15px/1.6 ${FONT_STACK}`
/**
 * A headline takes at most two lines (the rest is cut with an ellipsis, the whole title stays in the link), so
 * the widget's height depends only on `limit`: the README's iframe heights hold whatever the titles.
 */
export const EMBED_RULES = `h1,.title{font-size:1rem;font-weight:700;margin:0;padding:.5rem .75rem;border-bottom:2px solid var(--accent)}
h1 a,.title a{display:inline;color:var(--fg)}
ol{list-style:none;margin:0;padding:0}
li{padding:.5rem .75rem;border-bottom:1px solid var(--line)}
a{color:var(--fg);text-decoration:none;display:block}a:hover,a:focus{color:var(--accent);text-decoration:underline}
li a{display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:2;line-clamp:2;overflow:hidden;max-height:3.2em}
time{display:block;color:var(--muted);font-size:.8rem}
.more{display:block;padding:.4rem .75rem;color:var(--accent);font-size:.9rem}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}`

export interface EmbedView {
  section: Section
  articles: Article[]
  theme: EmbedTheme
  /** Article URL as the partner's readers should follow it (UTM parameters added when asked). */
  link: (article: Article) => string
  /** The section's page on the publisher's site, as the partner's readers should follow it. */
  sectionLink: string
  siteName: string
}

function themeCss(theme: EmbedTheme): string {
  if (theme !== 'auto') return `:root{${EMBED_THEMES[theme]}}`
  return `:root{color-scheme:light dark;${EMBED_THEMES.light}}@media (prefers-color-scheme:dark){:root{${EMBED_THEMES.dark}}}`
}

export function renderEmbed(view: EmbedView): string {
  const title = `${view.section.name} — ${view.siteName}`
  const css = `${fontFaceRules(FONT_FILES)}\n${themeCss(view.theme)}body{margin:0;background:var(--bg);color:var(--fg);font:${EMBED_FONT}}\n${EMBED_RULES}`
  return renderDocument(
    <html lang="ar" dir="rtl">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <StyleSheet css={css} />
      </head>
      <body>
        <main>
          <h1><a href={view.sectionLink} target="_blank" rel="noopener">{title}</a></h1>
          <ol class="headlines">
            {view.articles.map((a) => (
              <li>
                <a href={view.link(a)} target="_blank" rel="noopener" title={a.title}>{a.title}</a>
                <time datetime={toRfc3339(a.published)}>{formatArabicDate(a.published)}</time>
              </li>
            ))}
          </ol>
          <a class="more" href={view.sectionLink} target="_blank" rel="noopener">المزيد<span class="sr"> من {title}</span></a>
        </main>
      </body>
    </html>,
  )
}
