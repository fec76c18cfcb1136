// The HTML cleaner's output while it is written, and the result it becomes: the cleaned HTML and a count of what
// was removed.

/** What the cleaning removed, by kind: `element:script`, `attribute:onclick`, `url:javascript`, `comment`. */
export type Removed = Record<string, number>

export interface SanitizeResult {
  html: string
  removed: Removed
}

/**
 * Output being written: pieces of HTML in order, among them the buffers of elements removed with their content
 * that turned out to be kept (see the cleaner's `pop`), referenced rather than copied so keeping one costs nothing; and what
 * was removed.
 */
export interface Output {
  parts: (string | Output)[]
  removed: string[]
  /** Whether `parts` holds a kept buffer (most outputs hold only strings, and join at once). */
  nested: boolean
}

export function output(): Output {
  return { parts: [], removed: [], nested: false }
}

/** The HTML and what was removed, from the output and every kept buffer in it (without recursion: kept buffers
 * can nest as deep as the input is long). */
export function serialize(root: Output): SanitizeResult {
  if (!root.nested) {
    const removed: Removed = {}
    for (const what of root.removed) removed[what] = (removed[what] ?? 0) + 1
    return { html: root.parts.join(''), removed }
  }
  const html: string[] = []
  const removed: Removed = {}
  const pending: { output: Output; next: number }[] = [{ output: root, next: 0 }]
  while (pending.length > 0) {
    const top = pending[pending.length - 1]!
    if (top.next === 0) for (const what of top.output.removed) removed[what] = (removed[what] ?? 0) + 1
    const { parts } = top.output
    let i = top.next
    while (i < parts.length && typeof parts[i] === 'string') html.push(parts[i++] as string)
    if (i === parts.length) {
      pending.pop()
      continue
    }
    top.next = i + 1
    pending.push({ output: parts[i] as Output, next: 0 })
  }
  return { html: html.join(''), removed }
}
