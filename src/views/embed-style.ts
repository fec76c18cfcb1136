// The partner widget's look, shared by the iframe (views/embed.tsx, in the Worker) and /embed.js (views/embed-script.ts,
// written by build/static-assets.ts into the static assets). Pure, and free of the generated font-files.ts, so the
// build script that writes that module can import it.
import { FONT_STACK } from './typeface'

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
