// Stands in for `entities/decode` in the built Worker (wrangler.toml [alias]; vitest.config.ts mirrors it). The
// real module carries the trie of all 2,231 HTML named references (24 KiB, 13.7 KiB gzipped), which
// htmlparser2's Tokenizer hands its entity decoder; src/model/html-tokenizer.ts replaces that decoder with one that
// reads HTML 4's names, so the trie is never read. This keeps what the Tokenizer and that module import.
export { replaceCodePoint } from '../node_modules/entities/dist/decode-codepoint.js'

export enum DecodingMode {
  Legacy = 0,
  Strict = 1,
  Attribute = 2,
}

export const htmlDecodeTree = new Uint16Array(0)
export const xmlDecodeTree = new Uint16Array(0)

/** The Tokenizer builds one; src/model/html-tokenizer.ts replaces it at once, so using it is a bug. */
export class EntityDecoder {
  startEntity(): never {
    throw new Error('entities/decode is a stand-in here: build the Tokenizer with htmlTokenizer (src/model/html-tokenizer.ts)')
  }
  write(): never {
    return this.startEntity()
  }
  end(): never {
    return this.startEntity()
  }
}
