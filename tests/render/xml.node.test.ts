// The XML builder (src/render/xml.ts): text, attribute values and CDATA escaped and cleaned by construction, and
// the exact layout the renderers rely on for byte-identical feeds.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { LF, cdata, el, emptyEl, lines, serialize, xmlDocument } from '../../src/render/xml'
import { HOSTILE, HOSTILE_CLEAN, readXml, text } from './feed-fixtures'

/** A fixed seed, so that a run is repeatable; fast-check prints it (and the path) with any counterexample. */
const SEED = 15_2026
console.log(`XML builder round trips: fast-check seed ${SEED}`)

describe('el and serialize', () => {
  it('escapes &, < and > in text and keeps quotes, Arabic, RLM and emoji as written', () => {
    expect(serialize(el('title', null, 'أ & ب <b>"x"</b> ]]> \u200F🎉'))).toBe('<title>أ &amp; ب &lt;b&gt;"x"&lt;/b&gt; ]]&gt; \u200F🎉</title>')
  })

  it('escapes &, <, >, " in attribute values, and tab and LF as references; writes attributes in the order given', () => {
    const xml = serialize(emptyEl('outline', { text: 'a & "b" <c>', title: 'x\ty\nz', z: 'last' }))
    expect(xml).toBe('<outline text="a &amp; &quot;b&quot; &lt;c&gt;" title="x&#9;y&#10;z" z="last"/>')
  })

  it('leaves out attributes that are null, undefined or false and writes numbers', () => {
    expect(serialize(emptyEl('enclosure', { url: 'u', length: 0, width: null, height: undefined, type: false }))).toBe('<enclosure url="u" length="0"/>')
  })

  it('drops what XML 1.0 cannot carry from text, attribute values and CDATA: C0 (but tab, LF), DEL, C1, U+FFFE/U+FFFF, lone surrogates; CR LF becomes LF, a lone CR goes', () => {
    const dirty = 'a\u0000b\u0008c\u000Bd\u000Ce\u001Ff\u007Fg\u0085h\u009Fi\uFFFEj\uFFFFk\uD800l\uDBFFm\uDC00n\uDFFFo\tp\r\nq\rr🎉'
    const clean = 'abcdefghijklmno\tp\nqr🎉'
    expect(serialize(el('t', null, dirty))).toBe(`<t>${clean}</t>`)
    expect(serialize(emptyEl('t', { a: dirty }))).toBe('<t a="abcdefghijklmno&#9;p&#10;qr🎉"/>')
    expect(serialize(cdata(dirty))).toBe(`<![CDATA[${clean}]]>`)
  })

  it('writes CDATA as is and splits every ]]> across two sections', () => {
    expect(serialize(cdata('<p>a & b</p>'))).toBe('<![CDATA[<p>a & b</p>]]>')
    expect(serialize(cdata('x]]>y]]>'))).toBe('<![CDATA[x]]]]><![CDATA[>y]]]]><![CDATA[>]]>')
    const parsed = readXml(serialize(el('content', null, cdata('<p>]]></p>]]>]]]>'))))
    expect(text(parsed.content)).toBe('<p>]]></p>]]>]]]>')
  })

  it('writes <name></name> for an element, however empty, and <name/> only for emptyEl', () => {
    expect(serialize(el('description', null))).toBe('<description></description>')
    expect(serialize(el('description', null, ''))).toBe('<description></description>')
    expect(serialize(el('media:content', { url: 'u' }, null, undefined, false))).toBe('<media:content url="u"></media:content>')
    expect(serialize(emptyEl('fh:archive', null))).toBe('<fh:archive/>')
  })

  it('skips null, undefined and false children and flattens nested lists in order', () => {
    const xml = serialize(el('a', null, 'x', null, [el('b', null, '1'), [false, el('c', null, '2')], undefined], 'y'))
    expect(xml).toBe('<a>x<b>1</b><c>2</c>y</a>')
  })
})

describe('lines', () => {
  it('follows each child with a line break and leaves out skipped children and empty text', () => {
    expect(serialize(lines([el('a', null), null, '', false, undefined, emptyEl('b', null), 'c']))).toBe('<a></a>\n<b/>\nc\n')
    expect(lines([])).toEqual([])
  })
})

describe('xmlDocument', () => {
  it('writes the declaration, the root and a final line break', () => {
    expect(xmlDocument(el('urlset', { xmlns: 'http://www.sitemaps.org/schemas/sitemap/0.9' }, LF))).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n</urlset>\n',
    )
  })

  it('gives hostile text back, cleaned, in text, an attribute and CDATA of a well-formed document', () => {
    const doc = readXml(xmlDocument(el('r', { a: HOSTILE }, el('t', null, HOSTILE), el('c', null, cdata(HOSTILE)))))
    expect(doc.r['@a']).toBe(HOSTILE_CLEAN)
    expect(text(doc.r.t)).toBe(HOSTILE_CLEAN)
    expect(text(doc.r.c)).toBe(HOSTILE_CLEAN)
  })

  it('round-trips any string (any UTF-16 unit, lone surrogates too) through a well-formed document', () => {
    const unit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c))
    const pieces = fc.oneof(fc.constantFrom('&', '<', '>', '"', ']]>', '\r\n', '\r', '\t', '\n', 'عربي', '🎉', '\uD83C', '&amp;'), fc.string({ unit, maxLength: 6 }))
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 10 }).map((p) => p.join('')), (s) => {
        // What the document must carry, derived here on its own: surrogate pairs kept, everything else per XML 1.0.
        const want = s.replace(/\r\n?/g, (m) => (m === '\r\n' ? '\n' : '')).replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
        const doc = readXml(xmlDocument(el('r', { a: s }, el('t', null, s), el('c', null, cdata(s)))))
        expect(doc.r['@a'] ?? '').toBe(want)
        expect(text(doc.r.t)).toBe(want)
        expect(text(doc.r.c)).toBe(want)
      }),
      { numRuns: 300, seed: SEED },
    )
  })
})
