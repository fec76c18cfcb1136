// The tests that need Node, not workerd: Node runs `wrangler dev` (tests/support/wrangler-dev.ts) on a loopback
// port; the browser tests drive Debian's Chromium against it, the *.node.test.ts files run the CLI against it.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/browser/**/*.test.ts', 'tests/**/*.node.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
})
