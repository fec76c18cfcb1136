// Stands in for zod's JSON Schema generator core (zod/v4/core/to-json-schema.js) in the built Worker (wrangler.toml
// [alias]): `z.toJSONSchema`, `schema.toJSONSchema()` and `~standard.jsonSchema` are never called here (the OpenAPI
// document is @asteasolutions/zod-to-openapi's own walk over the schemas), but @hono/zod-openapi hands zod's whole
// `z` around, so a bundler keeps the generator (with build/zod-json-schema-processors.ts, about 23 KiB).
function unavailable(): never {
  throw new Error('zod’s JSON Schema generator is not part of this build (build/zod-to-json-schema.ts)')
}

export const initializeContext = unavailable
export const handleUnrepresentable = unavailable
export const processSchema = unavailable
export { processSchema as process }
export const extractDefs = unavailable
export const finalize = unavailable
/** zod builds these methods with every schema (`~standard.jsonSchema`); only calling them is unavailable. */
export const createToJSONSchemaMethod = (): typeof unavailable => unavailable
export const createStandardJSONSchemaMethod = (): typeof unavailable => unavailable
