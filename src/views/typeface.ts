// The pages' typeface: @font-face rules for Noto Naskh Arabic, served from the Worker's static assets
// (build/fonts.ts writes the files and font-files.ts). Latin letters and digits come from the same family, so a
// date never mixes two typefaces.
import { FONT_FAMILY, FONT_FILES } from './font-files'

/** The stack every page and the widget use: ours first; the rest only while it loads or where it is blocked. */
export const FONT_STACK = `"${FONT_FAMILY}","Noto Sans Arabic","Segoe UI",Tahoma,sans-serif`

/**
 * `@font-face` for each subset. `font-display: swap`: text shows at once in a fallback face and takes ours when
 * it arrives. A browser fetches a subset only when the page holds a character of its `unicode-range`.
 * `origin` is empty on our own pages and our origin where the faces are declared for another site's page.
 */
export function fontFaceCss(origin = ''): string {
  return FONT_FILES.map(
    (f) =>
      `@font-face{font-family:"${FONT_FAMILY}";font-style:normal;font-weight:400 700;font-display:swap;src:url(${origin}${f.path}) format("woff2");unicode-range:${f.unicodeRange}}`,
  ).join('\n')
}

/** The files every page needs at once (Arabic text and Latin digits are on every page), to preload. */
export const PRELOADED_FONTS: readonly string[] = FONT_FILES.map((f) => f.path)
