// The partner widget: a small right-to-left headline list for an <iframe>. No script, no images, no fonts:
// it makes no request of its own, to us or anyone.
import { formatArabicDate, toRfc3339 } from '../model/dates'
import { escapeHtml } from '../model/html'
import type { Article, Section } from '../model/types'

export type EmbedTheme = 'light' | 'dark'

const THEMES: Record<EmbedTheme, string> = {
  light: '--bg:#ffffff;--fg:#1d1d1b;--muted:#5c5c58;--line:#e2ded5;--accent:#8c1c13',
  dark: '--bg:#15161a;--fg:#f1f0ec;--muted:#a9a8a2;--line:#2c2e35;--accent:#f08a7e',
}

export interface EmbedView {
  section: Section
  articles: Article[]
  theme: EmbedTheme
  /** Article URL as the partner's readers should follow it (UTM parameters added when asked). */
  link: (article: Article) => string
  siteName: string
}

export function renderEmbed(view: EmbedView): string {
  const items = view.articles
    .map((a) => `<li><a href="${escapeHtml(view.link(a))}" target="_blank" rel="noopener">${escapeHtml(a.title)}</a><time datetime="${toRfc3339(a.published)}">${escapeHtml(formatArabicDate(a.published))}</time></li>`)
    .join('')
  return `<!doctype html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(view.section.name)} — ${escapeHtml(view.siteName)}</title>
<style>:root{${THEMES[view.theme]}}body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.6 "Noto Naskh Arabic","Segoe UI",Tahoma,sans-serif}
h1{font-size:1rem;margin:0;padding:.5rem .75rem;border-bottom:2px solid var(--accent)}ol{list-style:none;margin:0;padding:0}
li{padding:.5rem .75rem;border-bottom:1px solid var(--line)}a{color:var(--fg);text-decoration:none;display:block}a:hover{color:var(--accent)}
time{color:var(--muted);font-size:.8rem}</style></head>
<body><h1>${escapeHtml(view.section.name)} — ${escapeHtml(view.siteName)}</h1><ol class="headlines">${items}</ol></body></html>
`
}
