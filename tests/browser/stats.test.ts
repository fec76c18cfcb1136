// The audience dashboard (/stats) in Debian's Chromium under `wrangler dev`, on a phone (390×844) and a desktop
// (1366×900): signed in through its form (the token in an HttpOnly cookie, never in the URL), it shows the chart,
// fits the screen and passes axe-core. Screenshots go to test-results/stats-*.png.
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { ARTIFACTS, type Service, TOKEN, axeViolations, launchChromium, seed, settle, startService, trackPending, visit } from './harness'

const VIEWPORTS = [['phone', { width: 390, height: 844 }], ['desktop', { width: 1366, height: 900 }]] as const
const WRANGLER = join(process.cwd(), 'node_modules/.bin/wrangler')

let service: Service
let browser: Browser

/** Baghdad's day `days` before today. */
function dayAgo(days: number): string {
  return new Date(Date.now() + 3 * 3_600_000 - days * 86_400_000).toISOString().slice(0, 10)
}

beforeAll(async () => {
  // Every poll's count written at once, so the page shows today's polls.
  service = await startService({ AUDIENCE_BATCH: '1' })
  await seed(service.origin)
  // Today: polls through the Worker (aggregators, direct readers, a 304).
  const poll = (path: string, ua: string, headers: Record<string, string> = {}) => fetch(service.origin + path, { headers: { 'User-Agent': ua, ...headers } })
  await poll('/feeds/reports/rss.xml', 'Feedly/1.0 (+http://www.feedly.com/fetcher.html; 480 subscribers; )')
  await poll('/feeds/reports/rss.xml', 'Mozilla/5.0 (compatible; inoreader.com; 120 subscribers)')
  const first = await poll('/feeds/sports/atom.xml', 'NetNewsWire (RSS Reader; https://netnewswire.com/)')
  await poll('/feeds/sports/atom.xml', 'NetNewsWire (RSS Reader; https://netnewswire.com/)', { 'If-None-Match': first.headers.get('ETag') ?? '' })
  await poll('/feeds/sports/rss.xml', 'Feedbin feed-id:77 - 40 subscribers')
  await poll('/embed/reports?ref=partner-news', 'Mozilla/5.0')
  // The weeks before: daily rows as the cron's roll-up leaves them.
  const rows = Array.from({ length: 27 }, (_, i) => {
    const day = dayAgo(i + 1)
    return [
      `('${day}', '/feeds/reports/*', 'Feedly', ${430 + ((i * 7) % 40)}, 1)`,
      `('${day}', '/feeds/reports/*', 'direct', ${5 + (i % 4)}, 1)`,
      `('${day}', '/feeds/sports/*', 'Feedbin', ${30 + (i % 9)}, 1)`,
      `('${day}', '/feeds/*', 'Inoreader', ${100 + i}, 1)`,
    ].join(', ')
  })
  await promisify(execFile)(WRANGLER, ['d1', 'execute', 'DB', '--local', '--persist-to', service.state, '--command', `INSERT INTO audience_days (day, feed, reader, subscribers, days) VALUES ${rows.join(', ')}`], {
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' },
    timeout: 120_000,
  })
  browser = await launchChromium()
}, 240_000)

afterAll(async () => {
  await browser?.close()
  await service?.stop()
})

describe('/stats in a browser', { timeout: 600_000 }, () => {
  it('signs in with the token, keeps it out of the URL and out of scripts, and draws the dashboard on a phone and a desktop', async () => {
    const report: string[] = []
    for (const [name, viewport] of VIEWPORTS) {
      const context = await browser.newContext({ viewport })
      // As in pages.test.ts: on 2 cores busy with other work (and the other browser files beside this one), a
      // navigation and the network's settling have been seen to take past the 30 s default: 5 minutes, and a
      // navigation stalled on wrangler dev's asset layer is made once more (visit, settle).
      context.setDefaultNavigationTimeout(300_000)
      trackPending(context)
      await context.route('**/*', (route) => (route.request().url().startsWith(service.origin) ? route.continue() : route.abort()))
      const page = await context.newPage()
      await visit(page, `${service.origin}/stats`, 'load')
      await page.fill('input[name="token"]', TOKEN)
      await Promise.all([page.waitForURL(`${service.origin}/stats`, { waitUntil: 'commit' }), page.click('button[type="submit"]')])
      expect(page.url()).toBe(`${service.origin}/stats`)
      const cookies = await context.cookies()
      expect(cookies.map((c) => [c.name, c.httpOnly, c.secure, c.sameSite, c.path])).toEqual([['nashra_stats', true, true, 'Strict', '/stats']])
      expect(await page.evaluate(() => document.cookie)).toBe('')
      await settle(page)

      expect(await page.locator('h1').textContent()).toBe('جمهور الخلاصات')
      expect(await page.locator('svg.chart polyline').count()).toBe(3)
      const readers = await page.locator('table').first().textContent()
      expect(readers).toContain('Feedly 480')
      expect(readers).toContain('Inoreader 120')
      expect(await page.locator('table').nth(1).textContent()).toContain('50٪')
      expect(await page.locator('table').nth(2).textContent()).toContain('partner-news')

      const size = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth, chart: document.querySelector('svg.chart')!.getBoundingClientRect().width }))
      expect(size.scroll).toBeLessThanOrEqual(size.width)
      // The chart's 11-unit labels are drawn at least 11 px high: its width is at least its viewBox's.
      expect(size.chart).toBeGreaterThanOrEqual(Math.min(340, viewport.width - 40))
      expect(await axeViolations(page)).toEqual([])
      await page.screenshot({ path: join(ARTIFACTS, `stats-${name}.png`), fullPage: true })
      report.push(`${name} ${viewport.width}×${viewport.height}: chart ${Math.round(size.chart)} px wide, no overflow, 0 axe violations`)
      await context.close()
    }
    console.log(report.join('\n'))
  })
})

// startService's restart and visit's wait for a service that went away (tests/support/wrangler-dev.ts,
// tests/browser/harness.ts), which the other browser tests need only when wrangler dev exits on its own.
describe('a service that exits on its own', { timeout: 600_000 }, () => {
  it('is started again on its port with its KV and D1, and a view made meanwhile waits for it and is made once more', async () => {
    const warn = vi.spyOn(console, 'warn')
    const context = await browser.newContext()
    try {
      // The lead images' addresses are the publisher's: nothing leaves the machine.
      await context.route('**/*', (route) => (route.request().url().startsWith(service.origin) ? route.continue() : route.abort()))
      const page = await context.newPage()
      await service.crash()
      // wrangler dev takes seconds to start again: this navigation finds nothing on the port and is made again.
      const response = await visit(page, `${service.origin}/sections/reports`, 'load')
      expect(response?.status()).toBe(200)
      expect(warn.mock.calls.map(([message]) => String(message)).filter((m) => m.includes('navigating once more when the service answers again'))).toHaveLength(1)
      // What was seeded is still there: the articles (KV) in the index's order (D1).
      expect(await page.locator('.item h3').first().textContent()).toBe('تقرير: عنوان الخبر رقم 0')
    } finally {
      warn.mockRestore()
      await context.close()
    }
  })
})
