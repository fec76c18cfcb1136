// Cleans article HTML to an allowlist when it is written, so that nothing unsafe is stored or served.
// This is the driver: it runs the cleaner (sanitize-cleaner.ts) over the input, reading again what follows an
// element or comment the input ended inside, and returns the result (sanitize-output.ts).
import { htmlTokenizer } from '../model/html-tokenizer'
import { Cleaner } from './sanitize-cleaner'
import { type SanitizeResult, serialize } from './sanitize-output'

export type { Removed, SanitizeResult } from './sanitize-output'

/** What opens a comment, a CDATA section or a bogus comment (`<!x`, `<?x`). */
const COMMENT_OPENER = /<!--|<!\[CDATA\[|<[!?]/gi
/** A CDATA section's opener, which HTML outside SVG and MathML reads as a bogus comment. */
const CDATA_OPENER = /<!\[CDATA\[/gi

/**
 * Cleans `html` to the allowlist, resolving relative URLs against `baseUrl`, in time linear in its length.
 * The result is balanced (every kept element is closed), NFC and free of characters XML cannot carry.
 * @example sanitizeHtml('<p onclick="x()">hi<script>x()</script></p>', 'https://a.example/').html // '<p>hi</p>'
 */
export function sanitizeHtml(html: string, baseUrl?: string): SanitizeResult {
  const cleaner = new Cleaner(baseUrl)
  // In HTML content `<![CDATA[` opens no CDATA section but a bogus comment that ends at the next `>` (HTML
  // § 13.2.5.42): spelled `<!CDATA[`, the tokenizer reads it so, as a browser would.
  let input = html.replace(CDATA_OPENER, '<!CDATA[')
  // At most a few passes: after an element read as raw text is left open, raw text is off; after a comment is
  // left open, every later opener is removed (none could close), so neither can happen twice.
  for (;;) {
    cleaner.source = input
    cleaner.resumeAt = -1
    const tokenizer = htmlTokenizer(cleaner)
    tokenizer.write(input)
    tokenizer.end()
    if (cleaner.resumeAt < 0) break
    input = input.slice(cleaner.resumeAt)
    if (cleaner.resumeAfterComment) input = input.replace(COMMENT_OPENER, () => {
      cleaner.removedComment()
      return ''
    })
  }
  cleaner.finish()
  return serialize(cleaner.root)
}
