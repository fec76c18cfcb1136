// What a fuzz run saw: figures, and each failure class with its first few examples (to replay by seed).

export interface Example {
  what: string
  input?: unknown
  got?: unknown
}

export class Report {
  readonly started = Date.now()
  tried = 0
  accepted = 0
  unchanged = 0
  deleted = 0
  dryRun = 0
  requests = 0
  documents = 0
  readonly refusedBy = new Map<string, number>()
  readonly failures = new Map<string, { count: number; examples: Example[] }>()

  refused(fields: Iterable<string>): void {
    for (const f of fields) this.refusedBy.set(f, (this.refusedBy.get(f) ?? 0) + 1)
  }

  fail(kind: string, example: Example): void {
    const entry = this.failures.get(kind) ?? { count: 0, examples: [] }
    entry.count++
    if (entry.examples.length < 3) entry.examples.push(example)
    this.failures.set(kind, entry)
  }

  /** Figures on one line, then every failure class with its examples (values shortened). */
  summary(seed: number, bugs: ReadonlySet<string>): string {
    const refused = [...this.refusedBy].sort((a, b) => b[1] - a[1]).map(([f, n]) => `${f}=${n}`).join(' ')
    const lines = [
      `fuzz: seed=${seed} tried=${this.tried} accepted=${this.accepted} unchanged=${this.unchanged} deleted=${this.deleted} dry-run=${this.dryRun} ` +
        `refused-by-field[${refused}] requests=${this.requests} documents-checked=${this.documents} failures=${[...this.failures.values()].reduce((n, f) => n + f.count, 0)} ` +
        `elapsed=${((Date.now() - this.started) / 1000).toFixed(1)}s`,
      `fuzz: stepping around known bugs: ${[...bugs].join(', ') || 'none'} (FUZZ_BUGS=none to include them); replay with FUZZ_SEED=${seed}`,
    ]
    for (const [kind, { count, examples }] of this.failures) {
      lines.push(`FAIL ×${count}: ${kind}`)
      for (const e of examples) lines.push(`  - ${e.what}\n    input: ${short(e.input)}\n    got: ${short(e.got)}`)
    }
    return lines.join('\n')
  }
}

/** JSON of `value`, long strings shortened so a 200,000-character body does not flood the log. */
export function short(value: unknown, max = 600): string {
  const text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'string' && v.length > 120 ? `${v.slice(0, 60)}…(${v.length} chars)…${v.slice(-20)}` : v))
  if (text === undefined) return 'undefined'
  return text.length > max ? text.slice(0, max) + '…' : text
}
