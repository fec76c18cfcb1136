// The fuzz's article drafts, as the publishing API takes them: every field valid, at its documented limit, or
// broken in a way the generator knows (too long, blank, wrong type, missing, malformed), so the checker can
// demand a 4xx naming exactly those fields. Ids and sections are picked when the case runs.
import fc from 'fast-check'
import type { Bugs } from './bugs'
import { type DateGen, dateGen, dateIsBad, isoAt } from './dates'
import { HOSTILE_LOSSY, HOSTILE_SAFE, LETTERS, arabicExact, arabicPhrase, arabicWord, blankAfterCleaning, cut, nastyLine, notAString } from './text'

/** How a field is broken: a bad value, a wrong type, or a break only seen once the rest is valid. */
export type Break = 'value' | 'type' | 'solo'

export interface FieldGen {
  /** undefined: the field is left out. */
  value: unknown
  bad?: Break
  /** The value stored when it was sent as is (plain Arabic): the API must answer exactly this. */
  exact?: unknown
}

export type IdForm = 'ok' | 'max' | 'long' | 'slash' | 'arabic' | 'dot' | 'type' | 'missing' | 'mismatch'
export type SectionForm = 'slug' | 'name' | 'upper' | 'spaced' | 'unknown' | 'blank' | 'long' | 'type'

export interface Case {
  op: 'create' | 'update' | 'delete' | 'repeat'
  transport: 'put' | 'batch' | 'ndjson'
  /** Picks the section, and the earlier article an update, delete or repeat acts on. */
  pick: number
  idForm: IdForm
  sectionForm: SectionForm
  fields: Record<string, FieldGen>
  date: DateGen
  /** `updated`: left out, later than published by this many minutes, or broken. */
  updated: { kind: 'absent' } | { kind: 'later'; minutes: number } | { kind: 'before' } | { kind: 'malformed'; value: unknown }
  /** Words in the content that cleaning must keep. */
  markers: string[]
}

const w = <T>(arbitrary: fc.Arbitrary<T>, weight: number) => ({ arbitrary, weight })
const ok = (value: unknown, exact?: unknown): FieldGen => (exact === undefined ? { value } : { value, exact })
const bad = (value: unknown, how: Break = 'value'): FieldGen => ({ value, bad: how })

function plainText(max: number, bugs: Bugs, opts: { required: boolean; absent: number; limitWeight?: number }): fc.Arbitrary<FieldGen> {
  const arbs = [
    w(arabicPhrase(1, 8).map((s) => ok(cut(s, max), s.length <= max ? s : undefined)), 30),
    w(nastyLine(10).map((s) => ok(cut(s, max))), 30),
    w(fc.nat(1000).map((salt) => ok(arabicExact(max, salt), arabicExact(max, salt))), opts.limitWeight ?? 4),
    w(fc.nat(1000).map((salt) => bad(arabicExact(max + 1, salt))), 3),
    w(notAString.map((v) => bad(v, 'type')), 2),
  ]
  if (opts.absent > 0) arbs.push(w(fc.constant(ok(undefined)), opts.absent))
  if (opts.required) {
    arbs.push(w(fc.constantFrom('', '   ', '\n\t ').map((v) => bad(v)), 2), w(fc.constant(bad(undefined)), 1))
    if (!bugs.has('plain-text-cleaning')) arbs.push(w(blankAfterCleaning.map((v) => bad(v, 'solo')), 2))
  }
  return fc.oneof(...arbs)
}

function contentGen(bugs: Bugs): fc.Arbitrary<{ field: FieldGen; markers: string[] }> {
  const hostile = bugs.has('sanitizer-loss') ? HOSTILE_SAFE : [...HOSTILE_SAFE, ...HOSTILE_LOSSY]
  const block = fc.oneof(
    w(arabicPhrase(1, 12).map((t) => ({ html: (m: string) => `<p>${m} ${t}</p>`, marked: true })), 5),
    w(fc.constantFrom(...hostile).map((h) => ({ html: () => h, marked: false })), 3),
    w(fc.tuple(arabicWord, arabicWord).map(([a, b]) => ({ html: (m: string) => `<p><strong>${a}</strong> <a href="https://www.mawazin.net/x">${m}</a> ${b}</p>`, marked: true })), 2),
  )
  const body = fc.tuple(fc.array(block, { minLength: 1, maxLength: 8 }), fc.option(nastyLine(8), { nil: undefined }), fc.nat()).map(([blocks, tail, salt]) => {
    const markers: string[] = []
    const html = blocks.map((b, i) => {
      if (!b.marked) return b.html('')
      const marker = `fz${salt.toString(36)}q${i}`
      markers.push(marker)
      return b.html(marker)
    })
    // Raw hostile text only at the end: an HTML parser may rightly read it as a tag that swallows what follows.
    return { field: ok(html.join('') + (tail === undefined ? '' : `<p>${tail}</p>`)), markers }
  })
  const limit = (n: number) =>
    fc.nat().map((salt) => {
      const marker = `fz${salt.toString(36)}big`
      const head = `<p>${marker} `
      return { html: head + arabicExact(n - head.length - 4, salt) + '</p>', marker }
    })
  type Content = { field: FieldGen; markers: string[] }
  return fc.oneof<fc.WeightedArbitrary<Content>[]>(
    w(body, 90),
    w(limit(200_000).map((l) => ({ field: ok(l.html), markers: [l.marker] })), 1),
    w(limit(200_001).map((l) => ({ field: bad(l.html), markers: [] })), 1),
    w(fc.constantFrom('', '  \n ').map((v) => ({ field: bad(v), markers: [] })), 2),
    w(notAString.map((v) => ({ field: bad(v, 'type'), markers: [] })), 1),
    w(fc.constant({ field: bad(undefined), markers: [] as string[] }), 1),
  )
}

const urlGen = fc.oneof(
  w(fc.nat().map((n) => ok(`https://www.mawazin.net/news/${n}`)), 60),
  w(arabicWord.map((a) => ok(`https://www.mawazin.net/أخبار/${a}?ref=${a}#x`)), 10),
  w(fc.nat().map((n) => ok(`https://www.mawazin.net/news/${'a'.repeat(2048 - 31 - String(n).length)}/${n}`)), 2),
  w(fc.constant(bad(`https://www.mawazin.net/news/${'b'.repeat(2020)}`)), 2),
  w(fc.constantFrom('javascript:alert(1)', 'ftp://files.example/a', 'news/1', 'https://', '', 'data:text/html,x').map((v) => bad(v)), 4),
  w(notAString.map((v) => bad(v, 'type')), 1),
  w(fc.constant(bad(undefined)), 1),
)

/** One element of a list (a tag, an author's name): mostly valid, so that a list of six is not mostly broken. */
function element(max: number, bugs: Bugs): fc.Arbitrary<FieldGen> {
  return fc.oneof(
    w(fc.oneof(arabicPhrase(1, 4), nastyLine(4)).map((v) => ok(cut(v, max))), 6),
    w(plainText(max, bugs, { required: true, absent: 0 }), 1),
  )
}

/** An array of generated values: broken when any is (the worst break wins), exact when all are. */
function gather(items: FieldGen[], build: (values: unknown[]) => unknown[]): FieldGen {
  const value = build(items.map((i) => i.value))
  const breaks = items.map((i) => i.bad).filter((b) => b !== undefined)
  if (breaks.length === 0) return ok(value)
  return bad(value, breaks.includes('value') ? 'value' : breaks.includes('type') ? 'type' : 'solo')
}

function authorsGen(bugs: Bugs): fc.Arbitrary<FieldGen> {
  const small = bugs.has('metadata-overflow')
  const name = small ? fc.oneof(arabicPhrase(1, 3), nastyLine(3).map((s) => cut(s, 30))).map((v) => ok(v)) : element(100, bugs)
  const author = fc.record({ name, url: fc.option(fc.constant('https://www.mawazin.net/authors/1'), { nil: undefined }) })
  const arbs = [
    w(fc.constant(ok(undefined)), 40),
    w(fc.array(author, { minLength: 1, maxLength: small ? 2 : 3 }).map((a) => gather(a.map((x) => x.name), (names) => a.map((x, i) => ({ name: names[i], url: x.url })))), 40),
    w(fc.constant(bad(Array.from({ length: 21 }, (_, i) => ({ name: `كاتب ${i}` })))), 2),
    w(fc.constantFrom<unknown>([{ name: '' }], [{ name: 'علي', role: 'محرر' }], [{ name: 'علي', url: 'nope' }], [{}]).map((v) => bad(v)), 4),
    w(fc.constantFrom<unknown>('علي حسين', { name: 'علي' }, 3).map((v) => bad(v, 'type')), 1),
  ]
  if (!small) arbs.push(w(fc.nat(999).map((s) => { const a = Array.from({ length: 20 }, (_, i) => ({ name: arabicExact(100, s + i) })); return ok(a, a) }), 3))
  return fc.oneof(...arbs)
}

function tagsGen(bugs: Bugs): fc.Arbitrary<FieldGen> {
  const small = bugs.has('metadata-overflow')
  const tag = small ? fc.oneof(arabicPhrase(1, 2).map((s) => cut(s, 15)), nastyLine(2).map((s) => cut(s, 15))).map((v) => ok(v)) : element(60, bugs)
  const arbs = [
    w(fc.constant(ok(undefined)), 30),
    w(fc.array(tag, { minLength: 1, maxLength: small ? 4 : 6 }).map((t) => gather(t, (values) => values)), 45),
    w(fc.constant(bad(Array.from({ length: 31 }, (_, i) => `وسم ${i}`))), 2),
    w(fc.nat(99).map((s) => bad([arabicExact(61, s)])), 2),
    w(fc.constantFrom<unknown>([''], ['عراق', '  ']).map((v) => bad(v)), 2),
    w(fc.constantFrom<unknown>('العراق', [1], { t: 'x' }).map((v) => bad(v, 'type')), 1),
  ]
  if (!small) arbs.push(w(fc.nat(999).map((s) => { const t = Array.from({ length: 30 }, (_, i) => arabicExact(58, s + i) + LETTERS[i % 28] + LETTERS[(i * 5) % 28]); return ok(t, [...new Set(t)]) }), 3))
  return fc.oneof(...arbs)
}

function imageGen(bugs: Bugs): fc.Arbitrary<FieldGen> {
  const image = (extra: Record<string, unknown>) => ({ url: 'https://www.mawazin.net/images/a.jpg', type: 'image/jpeg', length: 48213, ...extra })
  return fc.oneof(
    w(fc.constant(ok(undefined)), 60),
    w(fc.record({ width: fc.integer({ min: 1, max: 4000 }), caption: plainText(500, bugs, { required: false, absent: 3 }), credit: plainText(200, bugs, { required: false, absent: 3 }) }).map((r) =>
      r.caption.bad || r.credit.bad ? bad(image({ width: r.width, caption: r.caption.value, credit: r.credit.value }), r.caption.bad === 'type' || r.credit.bad === 'type' ? 'type' : 'value') : ok(image({ width: r.width, caption: r.caption.value, credit: r.credit.value }))), 30),
    w(fc.constantFrom<Record<string, unknown>>({ type: 'text/html' }, { length: -1 }, { length: 1.5 }, { width: 0 }, { url: 'nope' }, { alt: 'x' }, { type: 'image/jpeg; x' }).map((e) => bad(image(e))), 5),
    w(fc.constantFrom<unknown>('https://www.mawazin.net/images/a.jpg', 7).map((v) => bad(v, 'type')), 1),
  )
}

const updatedGen = fc.oneof(
  w(fc.constant({ kind: 'absent' as const }), 70),
  w(fc.integer({ min: 0, max: 60 * 24 * 30 }).map((minutes) => ({ kind: 'later' as const, minutes })), 22),
  w(fc.constant({ kind: 'before' as const }), 4),
  w(fc.constantFrom<unknown>('2024-02-18', 'غدا', 5).map((value) => ({ kind: 'malformed' as const, value })), 4),
)

/** The arbitrary of one case; `now` places "recent" and "future" dates. */
export function caseGen(now: number, bugs: Bugs, archiveStart: { y: number; m: number }): fc.Arbitrary<Case> {
  return fc
    .record({
      op: fc.oneof(w(fc.constant('create' as const), 80), w(fc.constant('update' as const), 12), w(fc.constant('repeat' as const), 4), w(fc.constant('delete' as const), 4)),
      transport: fc.oneof(w(fc.constant('put' as const), 50), w(fc.constant('batch' as const), 35), w(fc.constant('ndjson' as const), 15)),
      pick: fc.nat(),
      idForm: fc.oneof(w(fc.constant('ok' as const), 90), w(fc.constantFrom<IdForm>('max', 'long', 'slash', 'arabic', 'dot', 'type', 'missing', 'mismatch'), 8)),
      sectionForm: fc.oneof(w(fc.constantFrom<SectionForm>('slug', 'slug', 'name', 'upper', 'spaced'), 94), w(fc.constantFrom<SectionForm>('unknown', 'blank', 'long', 'type'), 6)),
      title: plainText(300, bugs, { required: true, absent: 0 }),
      summary: plainText(1000, bugs, { required: false, absent: 50 }),
      dateline: plainText(100, bugs, { required: false, absent: 60 }),
      content: contentGen(bugs),
      url: urlGen,
      authors: authorsGen(bugs),
      tags: tagsGen(bugs),
      image: imageGen(bugs),
      extra: fc.oneof(w(fc.constant(ok(undefined)), 96), w(fc.constantFrom('foo', 'section_name', 'hash').map((k) => bad(k)), 4)),
      date: dateGen(now, bugs, archiveStart),
      updated: updatedGen,
    })
    .map((r) => {
      const { op, transport, pick, idForm, sectionForm, date, updated, content, extra, ...plain } = r
      return { op, transport, pick, idForm, sectionForm, date, updated, markers: content.markers, fields: { ...plain, content: content.field, extra } }
    })
}

export { dateIsBad, isoAt }
