// The built Worker's size against its budget; `npm run build` runs it after `wrangler deploy --dry-run --outdir dist`
// (so `npm test` fails when the bundle outgrows the budget). The figure is wrangler's "Total Upload" one: every module
// it uploads, concatenated and gzipped at zlib's default level. Its last line is for tools:
// `size: total=X.XX KiB gzip=X.XX KiB budget=150 KiB`.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

/**
 * A smaller bundle is a faster cold start, and a feed's first poll after a deploy pays for it. 150 until API keys,
 * roles and the audit trail (issue 19, 5.3 KiB) took it to 151.13 KiB gzipped, after zod's z.compile (7.9 KiB) had
 * been aliased away; the audience took it to 158.15, and /embed.js as a static asset with hono/tiny's router (the
 * `hono` alias, build/hono-tiny.ts) back to 153.90. 156 when a repeat poll's count became synchronous and the
 * four middlewares every request runs became one (issue 15: 0.427 → 0.410 ms of CPU a repeat poll, 1.24x → 1.18x
 * the floor) took it from 154.99 to 155.02 KiB.
 */
const BUDGET_GZIP_KIB = 156
const DIST = process.argv[2] ?? 'dist'
/** What the outdir holds besides the uploaded modules: source maps, wrangler's note, the esbuild metafile. */
const NOT_UPLOADED = /\.map$|^README\.md$|^bundle-meta\.json$/

interface Metafile {
  outputs: Record<string, { inputs?: Record<string, { bytesInOutput: number }> }>
}

const kib = (bytes: number): string => (bytes / 1024).toFixed(2)

/** Bytes in the output per package (the part after the last node_modules/) or per folder of src. */
function largestParts(metafile: Metafile, count: number): string {
  const parts = new Map<string, number>()
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs ?? {})) {
      const inPackage = path.split('node_modules/').at(-1) ?? path
      const segments = inPackage.split('/')
      const name = path.includes('node_modules/')
        ? segments.slice(0, segments[0]?.startsWith('@') ? 2 : 1).join('/')
        : segments.slice(0, 2).join('/')
      parts.set(name, (parts.get(name) ?? 0) + input.bytesInOutput)
    }
  }
  return [...parts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, bytes]) => `${name} ${kib(bytes)}`)
    .join(', ')
}

const files = readdirSync(DIST).filter((name) => !NOT_UPLOADED.test(name)).sort()
if (files.length === 0) throw new Error(`Nothing built in ${DIST}: run \`npm run build\`.`)
const modules = Buffer.concat(files.map((name) => readFileSync(join(DIST, name))))
const gzip = gzipSync(modules).byteLength

try {
  const metafile = JSON.parse(readFileSync(join(DIST, 'bundle-meta.json'), 'utf8')) as Metafile
  console.log(`Largest parts, KiB before gzip: ${largestParts(metafile, 8)}`)
} catch {
  // The breakdown is a courtesy: without the metafile the figure below still stands.
}
console.log(`size: total=${kib(modules.byteLength)} KiB gzip=${kib(gzip)} KiB budget=${BUDGET_GZIP_KIB} KiB`)
if (gzip > BUDGET_GZIP_KIB * 1024) {
  console.error(`The Worker is ${kib(gzip)} KiB gzipped, over its budget of ${BUDGET_GZIP_KIB} KiB (files: ${files.join(', ')}).`)
  process.exit(1)
}
