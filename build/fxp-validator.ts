// Stands in for fast-xml-parser's validator inside its XMLParser in the built Worker (wrangler.toml [alias]):
// XMLParser calls it only when `parse` is given a validation option, which src/ingest never does (a feed is read
// leniently and checked by what it holds, not refused by a validator; 5.5 KiB). Tests still use the real validator
// through `XMLValidator` (fast-xml-parser's own './validator.js', not aliased).
export function validate(): never {
  throw new Error("fast-xml-parser's validator is not part of this build (build/fxp-validator.ts)")
}
