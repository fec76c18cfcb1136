// The static assets the pages load (static/: the typeface's subsets, the style sheet, the script), the partners'
// /embed.js, and the list the views name them from (src/views/font-files.ts) are what `npm run assets` makes from
// the installed @fontsource-variable package and src/views/: nothing stale, nothing missing.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ASSETS_MODULE, STATIC_DIR, plannedAssets } from '../../build/static-assets'

describe('the static assets', () => {
  it('are the package\'s Arabic and Latin subsets, the style sheet and the script, under names that carry their hash, and nothing else', () => {
    const { fonts, style, script, embed, module } = plannedAssets()
    expect(fonts.map((f) => f.subset)).toEqual(['arabic', 'latin'])
    expect(readFileSync(ASSETS_MODULE, 'utf8')).toBe(module)
    expect(readdirSync(join(STATIC_DIR, 'fonts')).filter((n) => n.endsWith('.woff2')).sort()).toEqual(fonts.map((f) => f.path.replace('/fonts/', '')).sort())
    expect(readdirSync(join(STATIC_DIR, 'assets')).sort()).toEqual([style.path, script.path].map((p) => p.replace('/assets/', '')).sort())
    for (const f of [...fonts, style, script, embed]) expect(readFileSync(join(STATIC_DIR, f.path)).equals(f.data), f.path).toBe(true)
    for (const f of fonts) expect(f.data.subarray(0, 4).toString('latin1')).toBe('wOF2')
    // Arabic letters and Arabic-Indic digits in one, ASCII digits and Latin in the other.
    expect(fonts[0]!.unicodeRange).toContain('U+0600-06FF')
    expect(fonts[1]!.unicodeRange).toMatch(/^U\+0000-00FF,/)
    // The sheet names both subsets, follows a dark colour scheme, and sets the family first.
    const css = style.data.toString('utf8')
    for (const f of fonts) expect(css).toContain(`src:url(${f.path}) format("woff2")`)
    expect(css).toContain('@media (prefers-color-scheme:dark){:root{--bg:#15161a')
    expect(css).toContain('font:18px/1.8 "Noto Naskh Arabic",')
  })

  it('hold the partners\' /embed.js, loading those font files, and the Worker\'s code never imports its source', () => {
    const { fonts, embed } = plannedAssets()
    // Partners embed this very URL: it carries no hash (static/_headers caches it for a day).
    expect(embed.path).toBe('/embed.js')
    const source = embed.data.toString('utf8')
    // The subsets as planned, not as font-files.ts last named them.
    for (const f of fonts) expect(source).toContain(JSON.stringify({ path: f.path, range: f.unicodeRange }))
    // Text goes in with textContent, drawn in a shadow root, and nothing ever parsed as HTML.
    expect(source).toContain('textContent')
    expect(source).toContain('attachShadow')
    expect(source).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|DOMParser/)
    // Out of the Worker's bundle (its budget is why it is a static asset): no module of src/ imports it.
    const importers = readdirSync('src', { recursive: true, encoding: 'utf8' })
      .filter((name) => /\.tsx?$/.test(name) && /from '[^']*\/embed-script'/.test(readFileSync(join('src', name), 'utf8')))
    expect(importers).toEqual([])
  })
})
