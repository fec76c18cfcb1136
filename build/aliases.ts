// The bundle's aliases (wrangler.toml [alias]) for the test configs, so that tests and the fuzz run the zod and the
// entity decoder that ship. build/ says what each stand-in replaces and why.
import { fileURLToPath } from 'node:url'

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url))

export const SHIPPED_ALIASES: Record<string, string> = {
  '../locales/index.js': here('./zod-locales.ts'),
  './from-json-schema.js': here('./zod-from-json-schema.ts'),
  '../core/to-json-schema.js': here('./zod-to-json-schema.ts'),
  './to-json-schema.js': here('./zod-to-json-schema.ts'),
  '../core/json-schema-processors.js': here('./zod-json-schema-processors.ts'),
  './json-schema-processors.js': here('./zod-json-schema-processors.ts'),
  './json-schema-generator.js': here('./zod-json-schema-processors.ts'),
  './compile.js': here('./zod-compile.ts'),
  'entities/decode': here('./entities-decode.ts'),
}
