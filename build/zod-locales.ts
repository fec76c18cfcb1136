// Stands in for zod's locale index in the built Worker (wrangler.toml [alias]): @hono/zod-openapi hands zod's
// whole `z` namespace around, so a bundler keeps every one of its 63 locales (about 360 KiB) although only
// English is used (the default; schemas.ts's customError words the type errors). Only `z.locales.en` remains.
export { default as en } from 'zod/v4/locales/en.js'
