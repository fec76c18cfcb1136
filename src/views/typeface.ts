// The pages' typeface, Noto Naskh Arabic, served from the Worker's static assets (build/static-assets.ts writes the
// files and font-files.ts). Latin letters and digits come from the same family, so a date never mixes two
// typefaces. Pure: the Worker's views and the build script both use it.

export const FONT_FAMILY = 'Noto Naskh Arabic'

/** The stack every page and the widget use: ours first; the rest only while it loads or where it is blocked. */
export const FONT_STACK = `"${FONT_FAMILY}","Noto Sans Arabic","Segoe UI",Tahoma,sans-serif`

/** One subset of the typeface: where it is served, which characters it holds. */
export interface FontFace {
  path: string
  unicodeRange: string
}

/**
 * `@font-face` for each subset. `font-display: swap`: text shows at once in a fallback face and takes ours when
 * it arrives. A browser fetches a subset only when the page holds a character of its `unicode-range`.
 * `origin` is empty on our own pages and our origin where the faces are declared for another site's page.
 */
export function fontFaceRules(files: readonly FontFace[], origin = ''): string {
  return files
    .map((f) => `@font-face{font-family:"${FONT_FAMILY}";font-style:normal;font-weight:400 700;font-display:swap;src:url(${origin}${f.path}) format("woff2");unicode-range:${f.unicodeRange}}`)
    .join('\n')
}
