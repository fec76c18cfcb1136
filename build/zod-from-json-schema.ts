// Stands in for zod's JSON Schema importer in the built Worker (wrangler.toml [alias]): `z.fromJSONSchema` is
// never called here, but @hono/zod-openapi hands zod's whole `z` around, so a bundler keeps it (12 KiB).
export function fromJSONSchema(): never {
  throw new Error('z.fromJSONSchema is not part of this build (build/zod-from-json-schema.ts)')
}
