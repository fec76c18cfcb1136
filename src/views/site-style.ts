// The style sheet of every page for people, written by build/static-assets.ts into the Worker's static assets under
// a name that carries its hash (served for a year, immutable): it is the same for every page, so a reader's
// browser fetches it once, and it stays out of the Worker's script bundle. Light colours, and dark ones for
// readers whose system asks for them (`prefers-color-scheme`).
import { FONT_STACK, type FontFace, fontFaceRules } from './typeface'

/** The pages' colours, light and dark. */
export const PAGE_COLOURS = {
  light: '--bg:#fbfaf7;--fg:#1d1d1b;--muted:#5c5c58;--card:#fff;--line:#d9d4c9;--accent:#8c1c13;--code:#f3f1ec;--on-accent:#fff',
  dark: '--bg:#15161a;--fg:#f1f0ec;--muted:#b0afa9;--card:#1e2026;--line:#3a3d46;--accent:#f29a8f;--code:#262930;--on-accent:#15161a',
}

/** The colours of the audience chart's lines (/stats), one a feed, each 3:1 or more against both backgrounds. */
export const CHART_COLOURS = ['#1e88e5', '#e53935', '#388e3c', '#d26900', '#ab47bc', '#00838f']

/** The whole sheet, naming the typeface's `fonts`. */
export function siteStyle(fonts: readonly FontFace[]): string {
  return `${fontFaceRules(fonts)}
:root{color-scheme:light dark;${PAGE_COLOURS.light}}
@media (prefers-color-scheme:dark){:root{${PAGE_COLOURS.dark}}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:18px/1.8 ${FONT_STACK}}
header,main,footer{max-width:72rem;margin:0 auto;padding:1rem}
h1,h2,h3{line-height:1.5}
header h1{margin:.25rem 0 0;font-size:1.8rem}
header p{margin:.25rem 0;color:var(--muted)}
a{color:var(--accent);text-underline-offset:.4em;text-decoration-thickness:1px}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px;border-radius:2px}
.skip{position:absolute;inset-inline-start:.5rem;top:-10rem;z-index:1;background:var(--card);padding:.4rem .8rem;border:2px solid var(--accent)}
.skip:focus{top:.5rem}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
nav.jump ul{display:flex;flex-wrap:wrap;gap:.4rem;list-style:none;padding:0;margin:.75rem 0 0}
nav.jump a{display:inline-block;padding:.15rem .8rem;border:1px solid var(--line);border-radius:1rem;background:var(--card);text-decoration:none}
.sections{display:grid;gap:1rem;grid-template-columns:repeat(auto-fill,minmax(min(21rem,100%),1fr))}
.card{background:var(--card);border:1px solid var(--line);border-radius:.6rem;padding:1rem;margin:0 0 1rem;min-width:0}
.card h2{margin:0;font-size:1.3rem}
.card h2 a,.headlines a,.item h3 a{text-decoration:none}
.card h2 a:hover,.headlines a:hover,.item h3 a:hover{text-decoration:underline}
.card p{margin:.25rem 0 .75rem;color:var(--muted)}
.headlines{list-style:none;margin:0 0 .75rem;padding:0}
.headlines li{display:flex;gap:.6rem;align-items:flex-start;padding:.35rem 0;border-top:1px solid var(--line)}
.headlines li:first-child{border-top:0}
.headlines .thumb{flex:none;width:5.5rem;height:auto;aspect-ratio:16/9;object-fit:cover;border-radius:.3rem;background:var(--code)}
.headlines .text{min-width:0}
time{color:var(--muted);font-size:.85rem;white-space:nowrap;display:block}
details.subscribe>summary{display:inline-block;cursor:pointer;font-weight:bold;padding:.1rem 1rem;border:1px solid var(--accent);border-radius:.3rem;color:var(--accent)}
details.subscribe[open]>summary{background:var(--accent);color:var(--on-accent)}
.readers{display:flex;flex-wrap:wrap;gap:.4rem;list-style:none;padding:0;margin:.5rem 0}
.readers a{display:inline-block;padding:.1rem .7rem;border:1px solid var(--line);border-radius:.3rem;text-decoration:none}
.feeds{list-style:none;margin:0 0 .75rem;padding:0}
.feeds li{display:flex;flex-wrap:wrap;gap:.2rem .5rem;align-items:center;margin:.5rem 0}
.feeds .label{flex:1;font-size:.9rem;color:var(--muted)}
.feeds .url{order:3;flex-basis:100%;direction:ltr;text-align:left;overflow-wrap:anywhere;font:13px/1.5 ui-monospace,"DejaVu Sans Mono",monospace;padding:.3rem .4rem;border:1px solid var(--line);border-radius:.3rem;background:var(--code);color:var(--fg)}
button.copy{font:inherit;font-size:.85rem;padding:.1rem .7rem;border:1px solid var(--accent);background:var(--card);color:var(--accent);border-radius:.3rem;cursor:pointer}
button.copy.done{background:var(--accent);color:var(--on-accent)}
.items{list-style:none;padding:0}
.item{display:grid;grid-template-columns:1fr;gap:.75rem;background:var(--card);border:1px solid var(--line);border-radius:.6rem;padding:1rem;margin:0 0 1rem}
.item img{width:100%;height:auto;aspect-ratio:16/9;object-fit:cover;border-radius:.4rem;background:var(--code)}
.item h3{margin:0;font-size:1.2rem}
.item .meta{color:var(--muted);font-size:.85rem}
.item p{margin:.4rem 0 0}
@media (min-width:48rem){.item.with-image{grid-template-columns:14rem 1fr}}
nav.pages{display:flex;flex-wrap:wrap;gap:1rem;margin:0 0 1rem}
#archives summary{cursor:pointer;font-weight:bold}
.archives{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(17rem,100%),1fr));gap:.3rem 1.5rem;list-style:none;padding:0;margin:0}
footer{color:var(--muted);font-size:.9rem;border-top:1px solid var(--line)}
footer ul{display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;list-style:none;padding:0;margin:.5rem 0}
.stats table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem;font-size:.95rem}
.stats th,.stats td{text-align:right;padding:.3rem .5rem;border-bottom:1px solid var(--line);vertical-align:top;font-variant-numeric:tabular-nums}
.stats td{white-space:nowrap}
.stats td:last-child{white-space:normal}
.stats form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end}
.stats label{display:flex;flex-direction:column}
.stats input,.stats button{font:inherit;padding:.2rem .5rem}
.stats figure{margin:0}
.chart{width:100%;max-width:44rem;height:auto;display:block;direction:ltr}
.chart text{font-size:11px;fill:currentColor}
.chart line{stroke:var(--line)}
.chart polyline{fill:none;stroke-width:2.5;stroke-linecap:round;stroke-linejoin:round}
.legend{display:flex;flex-wrap:wrap;gap:.2rem 1rem;list-style:none;padding:0}
.legend li::before{content:"";display:inline-block;width:.9em;height:.9em;margin-inline-end:.3em;vertical-align:middle;background:currentColor}
${CHART_COLOURS.map((c, i) => `.s${i}{stroke:${c}}.legend .k${i}::before{background:${c}}`).join('\n')}
`
}
