// Browser tests: the directory, a section preview and a partner page, in Debian's Chromium.
import { createServer, type Server } from 'node:http'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ARTIFACTS, type Service, freePort, launchChromium, seed, startService } from './harness'

let service: Service
let browser: Browser

beforeAll(async () => {
  service = await startService()
  await seed(service.origin)
  browser = await launchChromium()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await service?.stop()
})

describe('the feed directory', () => {
  it('lays out right to left, on a desktop and on a phone', async () => {
    for (const [name, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 390, height: 844 }]] as const) {
      const page = await browser.newPage({ viewport })
      await page.goto(`${service.origin}/`)
      expect(await page.evaluate(() => getComputedStyle(document.body).direction)).toBe('rtl')
      const heading = page.locator('#section-reports h2')
      const card = page.locator('#section-reports')
      const [h, c] = [await heading.boundingBox(), await card.boundingBox()]
      // Right to left: a heading starts at the card's right edge.
      expect(Math.abs(h!.x + h!.width - (c!.x + c!.width))).toBeLessThan(40)
      expect(await page.locator('#section-reports .headlines li').count()).toBe(5)
      // Nothing wider than the screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width)
      await page.screenshot({ path: join(ARTIFACTS, `directory-${name}.png`), fullPage: true })
      await page.close()
    }
  })

  it('puts a feed URL on the clipboard with its copy button', async () => {
    const context = await browser.newContext()
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: service.origin })
    const page = await context.newPage()
    await page.goto(`${service.origin}/`)
    const button = page.locator(`#section-sports button.copy[data-copy="${service.origin}/feeds/sports/atom.xml"]`)
    await button.click()
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(`${service.origin}/feeds/sports/atom.xml`)
    expect(await button.textContent()).toBe('نُسخ')
    await context.close()
  })
})

describe('a section preview', () => {
  it('shows its items with dates and the three feed URLs', async () => {
    const page = await browser.newPage()
    await page.goto(`${service.origin}/sections/reports`)
    const titles = await page.locator('.item h3').allTextContents()
    expect(titles).toHaveLength(6)
    expect(titles[0]).toBe('تقرير: عنوان الخبر رقم 0')
    expect(await page.locator('.item time').first().textContent()).toBe('18 شباط 2024، 12:13')
    expect(await page.locator('.feeds input').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual([
      `${service.origin}/feeds/reports/rss.xml`, `${service.origin}/feeds/reports/atom.xml`, `${service.origin}/feeds/reports/feed.json`,
    ])
    await page.screenshot({ path: join(ARTIFACTS, 'section-reports.png'), fullPage: true })
    await page.close()
  })
})

describe('the API reference page', () => {
  it('is styled and breaks no rule of its own Content-Security-Policy', async () => {
    const page = await browser.newPage()
    const violations: string[] = []
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text())
    })
    const res = await page.goto(`${service.origin}/api/docs`)
    expect(res?.headers()['content-security-policy']).toContain("default-src 'none'")
    // The inline style sheet applied: a GET badge is green with white text.
    const badge = page.locator('.method.get').first()
    expect(await badge.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(47, 111, 62)')
    expect(await page.locator('.op').count()).toBeGreaterThan(5)
    expect(violations).toEqual([])
    await page.close()
  })
})

describe('a partner page on another origin', () => {
  let partner: Server
  let partnerOrigin: string

  beforeAll(async () => {
    const port = await freePort()
    partnerOrigin = `http://127.0.0.1:${port}`
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner</title></head><body>
<h1>Partner news site</h1>
<iframe id="widget" src="${service.origin}/embed/reports?limit=3&ref=partner" width="400" height="300"></iframe>
<div id="script-widget" data-section="رياضة" data-limit="4" data-ref="partner"></div>
<script src="${service.origin}/embed.js"></script>
</body></html>`
    partner = createServer((_, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
      res.end(html)
    })
    await new Promise<void>((resolve) => partner.listen(port, '127.0.0.1', resolve))
  })

  afterAll(async () => {
    await new Promise((resolve) => partner?.close(resolve))
  })

  it('shows the headlines in the iframe and through the script', async () => {
    const page = await browser.newPage()
    const requests: string[] = []
    page.on('request', (r) => requests.push(r.url()))
    await page.goto(partnerOrigin)
    const frame = page.frameLocator('#widget')
    await expect.poll(() => frame.locator('li a').allTextContents()).toEqual([
      'تقرير: عنوان الخبر رقم 0', 'تقرير: عنوان الخبر رقم 2', 'تقرير: عنوان الخبر رقم 4',
    ])
    expect(await frame.locator('li a').first().getAttribute('href')).toContain('utm_source=partner')
    const scripted = page.locator('#script-widget li a')
    await expect.poll(() => scripted.allTextContents()).toEqual([
      'رياضة: عنوان الخبر رقم 1', 'رياضة: عنوان الخبر رقم 3', 'رياضة: عنوان الخبر رقم 5', 'رياضة: عنوان الخبر رقم 7',
    ])
    expect(await page.locator('#script-widget').getAttribute('dir')).toBe('rtl')
    expect(await scripted.first().getAttribute('href')).toBe('https://www.mawazin.net/news/1001?utm_source=partner&utm_medium=nashra-embed&utm_campaign=%D8%B1%D9%8A%D8%A7%D8%B6%D8%A9')
    // Nothing but the partner and Nashra was asked for anything.
    expect(requests.every((u) => u.startsWith(partnerOrigin) || u.startsWith(service.origin))).toBe(true)
    await page.screenshot({ path: join(ARTIFACTS, 'partner-page.png'), fullPage: true })
    await page.close()
  })
})
