// The bundle's aliases (wrangler.toml [alias]) for the test configs, so that tests and the fuzz run the zod and the
// entity decoder that ship. build/ says what each stand-in replaces and why.
import { fileURLToPath } from 'node:url'

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url))

/** Each specifier wrangler.toml [alias] replaces, and its stand-in. */
const SHIPPED: Record<string, string> = {
  '../locales/index.js': here('./zod-locales.ts'),
  './from-json-schema.js': here('./zod-from-json-schema.ts'),
  '../core/to-json-schema.js': here('./zod-to-json-schema.ts'),
  './to-json-schema.js': here('./zod-to-json-schema.ts'),
  '../core/json-schema-processors.js': here('./zod-json-schema-processors.ts'),
  './json-schema-processors.js': here('./zod-json-schema-processors.ts'),
  './json-schema-generator.js': here('./zod-json-schema-processors.ts'),
  './compile.js': here('./zod-compile.ts'),
  'entities/decode': here('./entities-decode.ts'),
  hono: here('./hono-tiny.ts'),
}

/**
 * For Vite's `resolve.alias`: exact specifiers, as wrangler matches them (Vite's own matching of a string also takes
 * its subpaths, which would send `hono/jsx` to the `hono` stand-in).
 */
export const SHIPPED_ALIASES = Object.entries(SHIPPED).map(([find, replacement]) => ({
  find: new RegExp(`^${find.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`),
  replacement,
}))
