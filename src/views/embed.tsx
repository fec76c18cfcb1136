// The partner widget: a small right-to-left headline list for an <iframe>. No script and no image: besides the
// document it loads only our own typeface (static assets, cached for a year), nothing from anyone else.
// /embed.js (a static asset, views/embed-script.ts) draws the same look, from views/embed-style.ts.
import { formatArabicDate, toRfc3339 } from '../model/dates'
import type { Article, Section } from '../model/types'
import { EMBED_FONT, EMBED_RULES, EMBED_THEMES, type EmbedTheme } from './embed-style'
import { StyleSheet, renderDocument } from './layout'
import { FONT_FILES } from './font-files'
import { fontFaceRules } from './typeface'

export type { EmbedTheme }

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
