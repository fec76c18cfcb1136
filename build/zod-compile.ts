// Stands in for zod's ahead-of-time compiler in the built Worker (wrangler.toml [alias]): `z.compile` builds
// parsers with `new Function`, which Workers forbid, and is never called here; but @hono/zod-openapi hands zod's
// whole `z` around, so a bundler keeps it (31 KiB). The names stay so that zod's index still links.
export const INVALID = Symbol.for('zod.compile.invalid')

export class ZodCompileAsyncError extends Error {}

export class ZodCompileUnsupportedError extends Error {}

function absent(): never {
  throw new Error('z.compile is not part of this build (build/zod-compile.ts)')
}

export const compile = absent
export const withParser = absent
export const compileFn = absent
