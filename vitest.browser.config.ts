// The tests that need Node, not workerd: Node runs `wrangler dev` (tests/support/wrangler-dev.ts) on a loopback
// port; the browser tests drive Debian's Chromium against it, the *.node.test.ts files run the CLI against it.
// Files run side by side, three at a time: the three files that start a `wrangler dev` (`end-to-end`: each its
// own, with its own KV and D1, so no file sees another's writes) first, as vitest runs projects in the order of
// their names, then the pure unit tests (`unit`), which share their workers' modules (no isolation: none of them
// touches a global), sparing a module graph per file; they fill the time the others spend waiting.
import { configDefaults, defineConfig } from 'vitest/config'

const WITH_WORKER = ['tests/browser/**/*.test.ts', 'tests/cli/import-cli.node.test.ts']

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    maxWorkers: 3,
    projects: [
      { extends: true, test: { name: 'end-to-end', include: WITH_WORKER } },
      { extends: true, test: { name: 'unit', include: ['tests/**/*.node.test.ts'], exclude: [...configDefaults.exclude, ...WITH_WORKER], isolate: false } },
    ],
  },
})
