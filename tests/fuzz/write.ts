// Sends the generated cases through the publishing API (single PUTs, JSON batches, NDJSON batches, dry runs,
// updates, repeats, deletes) and checks each answer: accepted with the right status, or a 4xx naming exactly
// the broken fields; never a 5xx. Keeps the model of what must now be stored.
import { api } from '../helpers'
import { FUZZ_ENV } from './clock'
import type { Bugs } from './bugs'
import type { Case, FieldGen } from './generate'
import { dateIsBad, isoAt } from './generate'
import type { Report } from './report'
import { checkPlainText, checkStoredExact } from './expect'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const BATCH_MAX = 60

export interface SectionInfo {
  slug: string
  name: string
}

/** An article the service must now hold. */
export interface Stored {
  id: string
  section: string
  published: number
  future: boolean
  /** Accepted though invalid, at a time that cannot be placed: left out of the placement checks. */
  stray?: boolean
  body: Record<string, unknown>
  fields: Case['fields']
  markers: string[]
  /** The cases that wrote it, for failure reports: `n op/transport`. */
  history: string[]
  /** As the PUT answered it (absent after a batch). */
  article?: Record<string, any>
}

export interface Prepared {
  c: Case
  n: number
  id: string
  pathId: string
  body: Record<string, unknown>
  /** The generated fields and content markers the body was made of (an earlier case's, for a repeat). */
  fields: Case['fields']
  markers: string[]
  broken: Map<string, FieldGen['bad']>
  expect: 'created' | 'updated' | 'unchanged'
  target?: Stored
  future: boolean
  /** A repeat of an article accepted though invalid: not placed either. */
  stray?: boolean
  published: number
  section: string
}

export class Model {
  readonly stored = new Map<string, Stored>()
  readonly ids: string[] = []
  /** Ids a write to which answered 5xx (or "could not be stored"): what follows may be its consequence. */
  readonly failedWrites = new Set<string>()
  constructor(readonly sections: SectionInfo[], readonly runTag: string, readonly now: number, readonly bugs: Bugs, readonly report: Report) {}

  pickStored(pick: number, busy: Set<string>): Stored | undefined {
    for (let k = 0; k < 4 && this.ids.length > 0; k++) {
      const id = this.ids[(pick + k * 7919) % this.ids.length]!
      const s = this.stored.get(id)
      if (s && !busy.has(id)) return s
    }
    return undefined
  }

  /** A failure class, marked when the id had a failed write (a partial write may explain it). */
  kind(kind: string, id: string): string {
    return this.failedWrites.has(id) ? `${kind} (after a failed write to it)` : kind
  }

  accept(p: Prepared, article?: Record<string, any>, stray = p.stray === true): void {
    if (!this.stored.has(p.id)) this.ids.push(p.id)
    const history = [...(this.stored.get(p.id)?.history ?? []), `${p.n} ${p.c.op}/${p.c.transport}`]
    const stored: Stored = { history, id: p.id, section: p.section, published: Math.floor(p.published / 1000) * 1000, future: p.future, body: p.body, fields: p.fields, markers: p.markers }
    if (article) stored.article = article
    if (stray || !Number.isFinite(stored.published)) stored.stray = true
    this.stored.set(p.id, stored)
  }
}

function idFor(c: Case, base: string): { id: unknown; pathId: string } {
  switch (c.idForm) {
    case 'max': return { id: (base + '-' + 'x'.repeat(128)).slice(0, 128), pathId: (base + '-' + 'x'.repeat(128)).slice(0, 128) }
    case 'long': return { id: (base + '-' + 'y'.repeat(129)).slice(0, 129), pathId: (base + '-' + 'y'.repeat(129)).slice(0, 129) }
    case 'slash': return { id: `${base}/x`, pathId: `${base}/x` }
    case 'arabic': return { id: `${base}-خبر`, pathId: `${base}-خبر` }
    case 'dot': return { id: `.${base}`, pathId: `.${base}` }
    case 'type': return { id: 12345, pathId: base }
    case 'missing': return { id: undefined, pathId: base }
    case 'mismatch': return { id: `${base}-other`, pathId: base }
    default: return { id: base, pathId: base }
  }
}

const ID_BREAK: Record<string, FieldGen['bad']> = { long: 'value', slash: 'value', arabic: 'value', dot: 'value', type: 'type', missing: 'value', mismatch: 'solo' }

/** The body and expectations of a case; null when an update finds nothing to act on (it becomes a create). */
export function prepare(model: Model, c: Case, n: number, busy: Set<string>): Prepared {
  const target = c.op === 'create' ? undefined : model.pickStored(c.pick, busy)
  const op = target ? c.op : 'create'
  if (op === 'repeat' && target) {
    return { c, n, id: target.id, pathId: target.id, body: target.body, fields: target.fields, markers: target.markers, broken: new Map(), expect: 'unchanged', target, stray: target.stray === true, future: target.future, published: target.published, section: target.section }
  }
  const broken = new Map<string, FieldGen['bad']>()
  const base = target?.id ?? `${model.runTag}-${n}`
  // A batch has no path id to disagree with.
  const idForm = c.idForm === 'mismatch' && c.transport !== 'put' ? 'ok' : c.idForm
  const ids = target ? { id: base, pathId: base } : idFor({ ...c, idForm }, base)
  if (!target && ID_BREAK[idForm]) broken.set('id', ID_BREAK[idForm])

  const section = model.sections[c.pick % model.sections.length]!
  const sectionValue: Record<string, unknown> = { slug: section.slug, name: section.name, upper: section.slug.toUpperCase(), spaced: `  ${section.name} `, unknown: 'no-such-section-zz', blank: '  ', long: 'a'.repeat(81), type: 7 }
  if (['unknown', 'blank', 'long', 'type'].includes(c.sectionForm)) broken.set('section', c.sectionForm === 'unknown' ? 'solo' : c.sectionForm === 'type' ? 'type' : 'value')

  const d = c.date
  let published = d.ms ?? NaN
  if (dateIsBad(d)) broken.set('published', d.kind === 'malformed' ? (typeof d.value === 'string' ? 'value' : 'type') : 'solo')
  let updated: unknown
  if (c.updated.kind === 'later' && d.ms !== undefined) {
    const cap = d.ms <= model.now ? Math.max(d.ms, model.now - HOUR) : model.now + 360 * DAY
    // Whole seconds, rounded up: never a few milliseconds before a published time that has them.
    updated = isoAt(Math.ceil(Math.min(d.ms + c.updated.minutes * 60_000, cap) / 1000) * 1000, 180, c.updated.minutes)
  } else if (c.updated.kind === 'before' && d.ms !== undefined) {
    updated = isoAt(d.ms - HOUR, 180, 1)
    broken.set('updated', 'solo')
  } else if (c.updated.kind === 'malformed') {
    updated = c.updated.value
    broken.set('updated', typeof c.updated.value === 'string' ? 'value' : 'type')
  }

  const body: Record<string, unknown> = { id: ids.id, section: sectionValue[c.sectionForm], published: d.value, updated }
  for (const [name, f] of Object.entries(c.fields)) {
    if (name === 'extra') {
      if (typeof f.value === 'string') { body[f.value] = 1; broken.set(f.value, 'value') }
      continue
    }
    body[name] = f.value
    if (f.bad) broken.set(name, f.bad)
  }
  // A "solo" break is only seen once everything else is valid: with other breaks, send a valid value instead.
  if (broken.size > 1) {
    for (const [field, how] of [...broken]) {
      if (how !== 'solo') continue
      broken.delete(field)
      if (field === 'id') body.id = ids.pathId
      else if (field === 'section') body.section = section.slug
      else if (field === 'published') { body.published = '2024-02-18T12:13:00+03:00'; published = Date.parse('2024-02-18T12:13:00+03:00') }
      else if (field === 'updated') delete body.updated
      else body[field] = field === 'title' ? 'عنوان بديل' : undefined
    }
  }
  if (body.published === '2024-02-18T12:13:00+03:00' && body.updated !== undefined && !broken.has('updated')) delete body.updated
  for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k]
  const expect = !target ? 'created' : 'updated'
  return { c, n, id: ids.pathId, pathId: ids.pathId, body, fields: c.fields, markers: c.markers, broken, expect, target, future: d.kind === 'future', published, section: section.slug }
}

const FIELD_OF = /^#\/(?:\d+\/)?([^/]*)/

function unescapePointer(s: string): string {
  return s.replace(/~1/g, '/').replace(/~0/g, '~')
}

/** Checks a refusal's errors name every broken field and nothing else. */
function checkNamed(report: Report, bugs: Bugs, p: Prepared, errors: unknown, got: unknown): void {
  if (!Array.isArray(errors) || errors.length === 0) return report.fail('refused without an errors list', { what: `case ${p.n}`, input: p.body, got })
  const whole = (errors as { pointer?: string; detail?: string }[]).find((e) => /^#\/\d+$/.test(e.pointer ?? ''))
  if (whole) return report.fail(`batch item refused as a whole: "${whole.detail}"`, { what: `case ${p.n}: broke ${[...p.broken.keys()]}`, input: p.body, got })
  const named = new Set<string>()
  for (const e of errors as { pointer?: string; parameter?: string; detail?: string }[]) {
    const field = e.parameter ?? unescapePointer(FIELD_OF.exec(e.pointer ?? '')?.[1] ?? '')
    named.add(field)
    if (!p.broken.has(field)) report.fail(`refused naming a field that was valid: ${field}`, { what: `case ${p.n}: broke ${[...p.broken.keys()]}`, input: p.body, got })
    if (!bugs.has('wrong-type-required') && p.broken.get(field) === 'type' && e.detail === 'required') {
      report.fail(`a wrong type reported as "required": ${field}`, { what: `case ${p.n}`, input: p.body[field], got: e })
    }
  }
  // A bad path (the id of a PUT) is answered before the body is read: a 400 naming the parameter alone.
  const pathOnly = (errors as { parameter?: string }[]).every((e) => e.parameter !== undefined)
  for (const field of p.broken.keys()) {
    if (pathOnly && field !== 'id') continue
    if (!named.has(field)) report.fail(`refused without naming the broken field: ${field}`, { what: `case ${p.n}: broke ${[...p.broken.keys()]}`, input: p.body, got })
  }
}

function afterAccept(model: Model, p: Prepared, status: string, article?: Record<string, any>): void {
  const report = model.report
  if (status !== p.expect) report.fail(model.kind(`status "${status}" where "${p.expect}" was due`, p.id), { what: `case ${p.n} (${p.c.op} by ${p.c.transport})`, input: p.body, got: status })
  if (status === 'unchanged') report.unchanged++
  else report.accepted++
  if (article) {
    checkStoredExact(report, model.bugs, p, article)
    if (!model.bugs.has('plain-text-cleaning')) checkPlainText(report, model.bugs, `case ${p.n} PUT answer`, article, p.body)
  }
  model.accept(p, article)
}

async function put(model: Model, p: Prepared): Promise<void> {
  const res = await api('PUT', `/api/articles/${encodeURIComponent(p.pathId)}`, p.body, FUZZ_ENV)
  model.report.requests++
  const text = await res.text()
  let json: any
  try { json = JSON.parse(text) } catch { json = text }
  if (res.status >= 500) {
    model.failedWrites.add(p.id)
    return model.report.fail(`PUT answered ${res.status}`, { what: `case ${p.n}`, input: p.body, got: json })
  }
  if (p.broken.size === 0) {
    const want = p.expect === 'created' ? 201 : 200
    if (res.status !== want) return model.report.fail(`valid PUT answered ${res.status}`, { what: `case ${p.n} (${p.c.op})`, input: p.body, got: json })
    return afterAccept(model, p, json.status, json.article)
  }
  model.report.refused(p.broken.keys())
  if (res.status < 400) {
    model.report.fail(`invalid PUT accepted (${res.status}): ${[...p.broken.keys()]}`, { what: `case ${p.n}`, input: p.body, got: json })
    // It was stored: the model must know, or the feed checks would blame the service twice.
    if (typeof json === 'object' && json?.article) model.accept({ ...p, section: json.article.section, published: Date.parse(json.article.published) }, json.article, true)
    return
  }
  if (!res.headers.get('Content-Type')?.startsWith('application/problem+json')) model.report.fail('a refusal that is not problem+json', { what: `case ${p.n}`, got: res.headers.get('Content-Type') })
  checkNamed(model.report, model.bugs, p, json.errors, json)
}

async function del(model: Model, target: Stored): Promise<void> {
  const res = await api('DELETE', `/api/articles/${encodeURIComponent(target.id)}`, undefined, FUZZ_ENV)
  model.report.requests++
  if (res.status !== 204) return model.report.fail(`DELETE of a stored article answered ${res.status}`, { what: target.id, got: await res.text() })
  model.report.deleted++
  model.stored.delete(target.id)
}

async function batch(model: Model, items: Prepared[], ndjson: boolean, dryRun: boolean): Promise<void> {
  const body = ndjson ? items.map((p) => JSON.stringify(p.body)).join('\n') : JSON.stringify(items.map((p) => p.body))
  const res = await api('POST', `/api/articles${dryRun ? '?dry_run=true' : ''}`, body, FUZZ_ENV, ndjson ? { 'Content-Type': 'application/x-ndjson' } : {})
  model.report.requests++
  const text = await res.text()
  if (res.status !== 200) return model.report.fail(`batch answered ${res.status}`, { what: `cases ${items[0]!.n}…`, got: text.slice(0, 500) })
  const json = JSON.parse(text) as { results: { index: number; id: string | null; status: string; errors?: unknown }[] }
  items.forEach((p, i) => {
    const r = json.results[i]
    if (!r) return model.report.fail('batch result missing', { what: `case ${p.n}` })
    if (!dryRun && r.status === 'failed' && JSON.stringify(r.errors ?? []).includes('could not be stored')) model.failedWrites.add(p.id)
    if (p.broken.size === 0) {
      if (r.status === 'failed') {
        const errors = (r.errors ?? []) as { pointer: string; detail: string }[]
        const why = errors.find((e) => /^#\/\d+$/.test(e.pointer))?.detail ?? `naming ${errors.map((e) => e.pointer.replace(/^#\/\d+/, '#'))}`
        return model.report.fail(`valid batch item failed: ${why}`, { what: `case ${p.n}`, input: p.body, got: r })
      }
      if (dryRun) return void model.report.dryRun++
      return afterAccept(model, p, r.status)
    }
    model.report.refused(p.broken.keys())
    if (r.status !== 'failed') {
      model.report.fail(`invalid batch item accepted: ${[...p.broken.keys()]}`, { what: `case ${p.n}`, input: p.body, got: r })
      if (!dryRun && typeof p.body.id === 'string') model.accept({ ...p, id: p.body.id }, undefined, true)
      return
    }
    checkNamed(model.report, model.bugs, p, r.errors, r)
  })
}

/** Runs every case in order; batch cases travel together (up to BATCH_MAX, never one id twice). */
export async function runCases(model: Model, cases: Case[]): Promise<void> {
  let pending: Prepared[] = []
  let pendingNd = false
  const busy = new Set<string>()
  const flush = async () => {
    if (pending.length === 0) return
    const first = pending[0]!
    await batch(model, pending, pendingNd, first.c.pick % 17 === 0)
    pending = []
    busy.clear()
  }
  for (const [n, c] of cases.entries()) {
    model.report.tried++
    if (c.op === 'delete') {
      const target = model.pickStored(c.pick, busy)
      if (target) { await del(model, target); continue }
    }
    const p = prepare(model, c, n, busy)
    if (c.transport === 'put') { await put(model, p); continue }
    if (pending.length > 0 && (pendingNd !== (c.transport === 'ndjson') || pending.length >= 1 + (pending[0]!.c.pick % BATCH_MAX))) await flush()
    pendingNd = c.transport === 'ndjson'
    pending.push(p)
    busy.add(p.id)
  }
  await flush()
}
