// Checks on one stored article: plain Arabic sent is stored exactly; plain-text fields hold no markup, no
// undecoded entities, no bidi embedding controls; text is NFC; content keeps every marker word.
import type { Bugs } from './bugs'
import type { Report } from './report'
import { BIDI_CONTROLS, ENTITIES, MARKUP } from './text'
import type { Prepared } from './write'

/** The stored article's plain-text fields (API output or JSON Feed item). */
function plainFields(a: Record<string, any>): [string, string][] {
  const out: [string, string][] = []
  const add = (name: string, v: unknown) => typeof v === 'string' && out.push([name, v])
  add('title', a.title)
  add('summary', a.summary)
  add('dateline', a.dateline)
  for (const t of a.tags ?? []) add('tags', t)
  for (const au of a.authors ?? []) add('authors', au?.name)
  add('image.caption', a.image?.caption)
  add('image.credit', a.image?.credit)
  return out
}

export function checkPlainText(report: Report, bugs: Bugs, what: string, a: Record<string, any>, sent?: Record<string, unknown>): void {
  for (const [field, value] of plainFields(a)) {
    if (BIDI_CONTROLS.test(value)) report.fail(`plain-text ${field} keeps a bidi embedding/override/isolate control`, { what, got: value })
    const markup = MARKUP.find((m) => value.includes(m))
    // Known: text after <![CDATA[ is kept as written, markup included (HTML reads it as a bogus comment).
    const cdata = bugs.has('cdata-in-plain-text') && JSON.stringify(sent?.[field.split('.')[0]!] ?? '').includes('<![CDATA[')
    if (markup && !cdata) report.fail(`plain-text ${field} keeps markup`, { what, input: sent?.[field.split('.')[0]!], got: value })
    const entity = ENTITIES.find((e) => value.includes(e))
    if (entity) report.fail(`plain-text ${field} keeps an entity undecoded`, { what, got: value })
  }
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/** What a PUT answered against what was sent. */
export function checkStoredExact(report: Report, bugs: Bugs, p: Prepared, article: Record<string, any>): void {
  const what = `case ${p.n}`
  for (const [name, f] of Object.entries(p.fields)) {
    if (f.exact === undefined || p.broken.size > 0) continue
    // Known: a summary is cut to SUMMARY_CHARS (280) even when the editor wrote one within the 1,000 allowed.
    if (name === 'summary' && bugs.has('summary-cut') && String(f.exact).length > 280) continue
    const got = name === 'authors' ? (article.authors as { name: string }[]).map((a) => ({ name: a.name })) : article[name]
    if (!same(got, f.exact)) report.fail(`plain Arabic ${name} not stored exactly as sent`, { what, input: f.exact, got })
  }
  for (const [field, value] of plainFields(article)) {
    if (value !== value.normalize('NFC')) report.fail(`stored ${field} is not NFC`, { what, got: value })
  }
  checkMarkers(report, what, p.markers, String(article.content))
}

export function checkMarkers(report: Report, what: string, markers: string[], content: string): void {
  const lost = markers.filter((m) => !content.includes(m))
  if (lost.length > 0) report.fail('content lost text that was not inside a removed element', { what, input: lost, got: content })
}
