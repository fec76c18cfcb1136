// The shell of every page for people: Arabic, right to left, readable on a phone and on a desktop.
import { escapeHtml } from '../model/html'

const STYLE = `
:root{--bg:#fbfaf7;--fg:#1d1d1b;--muted:#5c5c58;--card:#fff;--line:#e2ded5;--accent:#8c1c13}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:17px/1.7 "Noto Naskh Arabic","Segoe UI",Tahoma,sans-serif}
header,main,footer{max-width:72rem;margin:0 auto;padding:1rem}
header h1{margin:.5rem 0 0;font-size:1.8rem}
header p{margin:.25rem 0;color:var(--muted)}
a{color:var(--accent)}
.sections{display:grid;gap:1rem;grid-template-columns:repeat(auto-fill,minmax(20rem,1fr))}
.card{background:var(--card);border:1px solid var(--line);border-radius:.6rem;padding:1rem}
.card h2{margin:0;font-size:1.3rem}
.card p{margin:.25rem 0 .75rem;color:var(--muted)}
.feeds{list-style:none;margin:0 0 .75rem;padding:0}
.feeds li{display:flex;gap:.4rem;align-items:center;margin:.3rem 0}
.feeds .label{min-width:5.5rem;font-size:.9rem;color:var(--muted)}
.feeds input{flex:1;min-width:0;direction:ltr;text-align:left;font:13px/1.4 ui-monospace,monospace;padding:.3rem;border:1px solid var(--line);border-radius:.3rem;background:#f6f5f1}
button.copy{font:inherit;font-size:.85rem;padding:.2rem .7rem;border:1px solid var(--accent);background:#fff;color:var(--accent);border-radius:.3rem;cursor:pointer}
button.copy.done{background:var(--accent);color:#fff}
.headlines{margin:0;padding:0 1.2rem 0 0}
.headlines li{margin:.2rem 0}
time{color:var(--muted);font-size:.85rem;white-space:nowrap}
.headlines time{display:block}
.items{list-style:none;padding:0}
.item{display:grid;grid-template-columns:1fr;gap:.75rem;background:var(--card);border:1px solid var(--line);border-radius:.6rem;padding:1rem;margin:0 0 1rem}
.item img{width:100%;height:auto;border-radius:.4rem}
.item h3{margin:0;font-size:1.2rem}
@media (min-width:48rem){.item.with-image{grid-template-columns:14rem 1fr}}
footer{color:var(--muted);font-size:.9rem}
`

export interface PageOptions {
  title: string
  /** Extra elements for <head>: feed discovery links. */
  head?: string
  body: string
}

export function renderPage({ title, head = '', body }: PageOptions): string {
  return `<!doctype html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
${head}
<script src="/assets/site.js" defer></script>
</head>
<body>
${body}
</body>
</html>
`
}

/** A feed URL with its copy button. */
export function feedRow(label: string, url: string): string {
  return `<li><span class="label">${escapeHtml(label)}</span><input readonly value="${escapeHtml(url)}" aria-label="${escapeHtml(label)}"><button type="button" class="copy" data-copy="${escapeHtml(url)}">نسخ</button></li>`
}
