declare module '*?raw' {
  const text: string
  export default text
}

/** Universal Feed Parser's corpus (tests/fixtures/feedparser), base64 by path: see vitest.config.ts. */
declare module 'virtual:feedparser-corpus' {
  const corpus: { files: Record<string, string>; node: Record<string, string> }
  export default corpus
}
