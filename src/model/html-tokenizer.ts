// htmlparser2's Tokenizer for the HTML readers (src/publish/sanitize.ts, src/model/text.ts), its character
// references decoded from a table of HTML 4's names (src/model/char-ref-names.ts) instead of `entities`' trie of
// all 2,231: the trie was 13.7 KiB of the gzipped Worker, over its budget (README, Tests and benchmark). The rules
// are the trie decoder's (WHATWG "character reference state"): numeric references checked by entities' own
// replaceCodePoint, the 106 legacy names matched without their semicolon too, except before `=` or a letter or
// digit in an attribute. Any other name is kept as written, so the cleaner escapes its ampersand:
// `&NotEqualTilde;` stays `&amp;NotEqualTilde;`. The same decoder runs in Node (seeding, bench) and in the
// Worker, where wrangler.toml aliases `entities/decode` to build/entities-decode.ts, which has no table.
import { DecodingMode, replaceCodePoint } from 'entities/decode'
import { Tokenizer, type TokenizerCallbacks } from 'htmlparser2'
import { NAMES, PREFIXES } from './char-ref-names'

/**
 * What the Tokenizer (htmlparser2 12.0.0, pinned) keeps private and this module replaces or calls. Should an
 * upgrade rename them, the Worker's stand-in decoder throws on the first `&` and the cleaner's tests fail.
 */
interface TokenizerInternals {
  entityDecoder: CharRefDecoder
  emitCodePoint(codePoint: number, consumed: number): void
}

/** An HTML (not XML) tokenizer whose character references are decoded by {@link CharRefDecoder}. */
export function htmlTokenizer(callbacks: TokenizerCallbacks): Tokenizer {
  const tokenizer = new Tokenizer({ xmlMode: false, decodeEntities: true }, callbacks)
  const internals = tokenizer as unknown as TokenizerInternals
  internals.entityDecoder = new CharRefDecoder((codePoint, consumed) => internals.emitCodePoint(codePoint, consumed))
  return tokenizer
}

const enum State {
  Start,
  NumericStart,
  Decimal,
  Hex,
  Named,
}

const isAlphanumeric = (code: number): boolean =>
  (code >= 0x30 && code <= 0x39) || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a)
const isDigit = (code: number, hex: boolean): boolean =>
  (code >= 0x30 && code <= 0x39) || (hex && (code | 0x20) >= 0x61 && (code | 0x20) <= 0x66)

/**
 * The interface htmlparser2's Tokenizer uses: `startEntity` after an `&`, then `write` from the character after it
 * (possibly over several chunks) until it returns the count of characters consumed including the `&` (0: no
 * reference, the `&` is text), or -1 for "need more input"; `end` when the input ends inside a reference.
 */
export class CharRefDecoder {
  private mode = DecodingMode.Legacy
  private state = State.Start
  private name = ''
  private value = 0
  private digits = 0

  constructor(private readonly emitCodePoint: (codePoint: number, consumed: number) => void) {}

  startEntity(mode: DecodingMode): void {
    this.mode = mode
    this.state = State.Start
    this.name = ''
    this.value = 0
    this.digits = 0
  }

  write(input: string, offset: number): number {
    for (let index = offset; index < input.length; index++) {
      const code = input.charCodeAt(index)
      switch (this.state) {
        case State.Start:
          if (code === 0x23) {
            this.state = State.NumericStart
            continue
          }
          this.state = State.Named
          break
        case State.NumericStart:
          this.state = (code | 0x20) === 0x78 ? State.Hex : State.Decimal
          if (this.state === State.Hex) continue
          break
      }
      if (this.state === State.Named) {
        if (isAlphanumeric(code) && PREFIXES.has(this.name + input[index])) {
          this.name += input[index]
          continue
        }
        const value = NAMES.get(this.name)
        return code === 0x3b && value ? this.emit(Math.abs(value), this.name.length + 2) : this.legacy(code)
      }
      const hex = this.state === State.Hex
      if (isDigit(code, hex)) {
        this.value = Math.min(this.value * (hex ? 16 : 10) + Number.parseInt(input[index] ?? '', 16), 0x110000)
        this.digits += 1
        continue
      }
      return this.numeric(code === 0x3b)
    }
    return -1
  }

  end(): number {
    if (this.state === State.Named) return this.legacy(Number.NaN)
    return this.state === State.Decimal || this.state === State.Hex ? this.numeric(false) : 0
  }

  /** `&#…` ended: with no digit it is text; otherwise its value, the semicolon consumed when there is one. */
  private numeric(semicolon: boolean): number {
    if (this.digits === 0) return 0
    const prefix = this.state === State.Hex ? 3 : 2
    return this.emit(replaceCodePoint(this.value), prefix + this.digits + (semicolon ? 1 : 0))
  }

  /** A name not ended by `;`: the longest legacy name it begins with, unless an attribute's next character forbids. */
  private legacy(next: number): number {
    for (let length = this.name.length; length > 0; length--) {
      const value = NAMES.get(this.name.slice(0, length)) ?? 0
      if (value >= 0) continue
      const after = length < this.name.length ? this.name.charCodeAt(length) : next
      if (this.mode === DecodingMode.Attribute && (after === 0x3d || isAlphanumeric(after))) return 0
      return this.emit(-value, length + 1)
    }
    return 0
  }

  private emit(codePoint: number, consumed: number): number {
    this.emitCodePoint(codePoint, consumed)
    return consumed
  }
}
