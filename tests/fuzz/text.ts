// Text for the fuzz: Arabic at exact lengths, and hostile pieces (controls, lone surrogates, markup, entities,
// bidi controls, emoji) for plain-text fields and article bodies.
import fc from 'fast-check'

/** Base Arabic letters: each one UTF-16 unit, one code point, NFC-stable. */
export const LETTERS = Array.from('ابتثجحخدذرزسشصضطظعغفقكلمنهوي')

/** Bidi embedding, override and isolate controls: plain-text fields must lose them (LRM/RLM stay). */
export const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/

/** Exactly `n` characters of Arabic words (single spaces, none at either end): any limit counts it as n. */
export function arabicExact(n: number, salt: number, word = 7): string {
  let out = ''
  for (let i = 0; i < n; i++) {
    out += i % word === word - 1 && i !== n - 1 && i !== n - 2 ? ' ' : LETTERS[(salt + i * 13 + (i >> 3)) % LETTERS.length]
  }
  return out
}

export const arabicWord = fc.string({ unit: fc.constantFrom(...LETTERS), minLength: 2, maxLength: 9 })

/** Arabic words, single spaces: stored exactly as sent. */
export const arabicPhrase = (min: number, max: number) => fc.array(arabicWord, { minLength: min, maxLength: max }).map((w) => w.join(' '))

/** Raw markup pieces a plain-text field must not keep (none can be produced by decoding an entity). */
export const MARKUP = ['<b>', '</b>', '<i>', '</i>', '<script>alert(1)</script>', '<br/>', '<a href="javascript:alert(1)">', '</a>']
/** Entity pieces a plain-text field must decode. */
export const ENTITIES = ['&amp;', '&#1576;', '&#x628;', '&quot;']

const PIECES = [
  ']]>', '<![CDATA[', '&', '<', '>', '"', "'", '\u0000', '\u0008', '\u000B', '\u001F', '\u007F', '\u0085', '\uD800', '\uDFFF',
  '\uFFFE', '\uFFFF', '\r\n', '\r', '\t', '\n', '\u200F', '\u200E', '\u061C', '\u202B', '\u202C', '\u202E', '\u2066', '\u2069',
  '🎉', '👨‍👩‍👧', 'Latin', 'ـــ', 'إ', '\u0627\u0655', ' ', '\u00A0', ...MARKUP, ...ENTITIES,
]

/**
 * A line of text for a plain-text field: an Arabic word first (so it is never blank, whatever cleaning does),
 * then hostile pieces, random code points (lone surrogates too) and Arabic.
 */
export const nastyLine = (maxPieces: number) =>
  fc
    .tuple(
      arabicWord,
      fc.array(
        fc.oneof(
          { arbitrary: fc.constantFrom(...PIECES), weight: 4 },
          { arbitrary: fc.string({ unit: 'binary', maxLength: 6 }), weight: 1 },
          { arbitrary: fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 4 }), weight: 1 },
          { arbitrary: arabicWord, weight: 3 },
        ),
        { maxLength: maxPieces },
      ),
    )
    .map(([first, rest]) => `${first} ${rest.join('')}`)

/** Cuts to at most `max` UTF-16 units (may leave a lone surrogate: that is still a string the API takes). */
export function cut(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max)
}

/** Values that are not strings. */
export const notAString = fc.constantFrom<unknown>(42, null, true, [], {}, ['x'])

/** Markup only: blank once markup and bidi controls are stripped. */
export const blankAfterCleaning = fc.constantFrom('<b></b>', '\u202B\u202C', '<i> </i>\u2066\u2069', '<script>x</script>', '<br/> <b> </b>')

/**
 * Hostile HTML that must not take the rest of the article with it. `safe` ones today's sanitizer handles; the
 * others (void or unclosed elements it drops "with their content") lose everything after them on main.
 */
export const HOSTILE_SAFE = [
  '<script>alert(1)</script>', '<style>p{color:red}</style>', '<iframe src="https://evil.example/"></iframe>',
  '<b onclick="alert(1)">ب</b>', '<a href="javascript:alert(1)">ا</a>', '<img src=x onerror="alert(1)">', '<!-- تعليق -->',
  '<p style="x:y">ت</p>', '<unknown-el>ث</unknown-el>', '&amp; &lt; &#1576; &nbsp;', '<a href="/relative">نسبي</a>',
  '<template><p>x</p></template>', '<h1>عنوان</h1>', '<table><tr><td>خ</td></tr></table>', '<br>', '<hr/>',
]
export const HOSTILE_LOSSY = [
  '<embed src="https://evil.example/x.swf">', '<svg/onload=alert(1)>', '<svg>', '<object data="https://evil.example/">',
  '<math>', '<object><param name="a" value="b"></object>', '<svg><script>alert(1)</script></svg>',
]
