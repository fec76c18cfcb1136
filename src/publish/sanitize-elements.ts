// What the HTML cleaner knows of each element (keep, unwrap or drop; its tags as written out), one lookup per tag.
import { ALLOWED, CLOSES, DROPPED_WITH_CONTENT, FOREIGN, RAW_TEXT, RENAMED, VOID } from './html-rules'

export const KEEP = 0
export const UNWRAP = 1
export const DROP = 2

/** What the cleaner needs to know of a known element, found with one lookup per tag. */
export interface Known {
  /** The name as written in, interned: the stack holds these, not one fresh string per tag. */
  name: string
  /** KEEP, UNWRAP or DROP. */
  kind: number
  /** For KEEP: the attributes it may carry; its start tag without attributes and its end tag, as written out. */
  allowed: readonly string[]
  out: string
  startTag: string
  endTag: string
  isVoid: boolean
  foreign: boolean
  rawText: boolean
  closes: ReadonlySet<string> | undefined
}

export const KNOWN = new Map<string, Known>(
  [...new Set([...ALLOWED.keys(), ...RENAMED.keys(), ...DROPPED_WITH_CONTENT, ...FOREIGN, ...VOID, ...CLOSES.keys()])].map((name) => {
    const out = RENAMED.get(name) ?? name
    const allowed = ALLOWED.get(out)
    const kind = DROPPED_WITH_CONTENT.has(name) ? DROP : allowed ? KEEP : UNWRAP
    return [name, {
      name, kind, allowed: allowed ?? [], out, startTag: `<${out}>`, endTag: `</${out}>`, isVoid: VOID.has(name),
      foreign: FOREIGN.has(name), rawText: RAW_TEXT.has(name), closes: CLOSES.get(name),
    }]
  }),
)
