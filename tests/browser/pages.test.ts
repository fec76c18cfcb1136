// Browser tests: the directory, a section preview and a partner page, in Debian's Chromium, on a desktop
// (1366×900) and a phone (390×844); screenshots go to test-results/.
import { createServer, type Server } from 'node:http'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ARTIFACTS, type Service, freePort, launchChromium, seed, startService } from './harness'

const VIEWPORTS = [['desktop', { width: 1366, height: 900 }], ['phone', { width: 390, height: 844 }]] as const

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

/** Console errors and failed or 4xx/5xx requests of a page, from now on. */
function watchProblems(page: Page): string[] {
  const problems: string[] = []
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`))
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()}`))
  page.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()}: ${r.url()}`))
  return problems
}

/** Every feed URL on the page: its text, whether it is shown whole, and where it sits. */
function feedUrlBoxes(page: Page) {
  return page.locator('.feeds .url').evaluateAll((nodes) =>
    nodes.map((node) => {
      const el = node as HTMLElement
      const box = el.getBoundingClientRect()
      const button = el.parentElement?.querySelector('button.copy')
      return {
        text: el.textContent,
        copies: button?.getAttribute('data-copy'),
        clipped: el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1,
        left: box.left,
        right: box.right,
      }
    }),
  )
}

describe('the feed directory', () => {
  it('lays out right to left with every feed URL whole, on a desktop and on a phone, with no console error', async () => {
    for (const [name, viewport] of VIEWPORTS) {
      const page = await browser.newPage({ viewport })
      const problems = watchProblems(page)
      await page.goto(`${service.origin}/`, { waitUntil: 'networkidle' })
      expect(await page.evaluate(() => getComputedStyle(document.body).direction)).toBe('rtl')
      const heading = page.locator('#section-reports h2')
      const card = page.locator('#section-reports')
      const [h, c] = [await heading.boundingBox(), await card.boundingBox()]
      // Right to left: a heading starts at the card's right edge.
      expect(Math.abs(h!.x + h!.width - (c!.x + c!.width))).toBeLessThan(40)
      expect(await page.locator('#section-reports .headlines li').count()).toBe(5)
      // Every URL is shown whole (wrapped where it must be), inside the screen, and is what its button copies.
      const urls = await feedUrlBoxes(page)
      expect(urls).toHaveLength(3 * 4)
      for (const url of urls) {
        expect(url.text).toBe(url.copies)
        expect(url.clipped).toBe(false)
        expect(url.left).toBeGreaterThanOrEqual(0)
        expect(url.right).toBeLessThanOrEqual(viewport.width)
      }
      expect(urls.map((u) => u.text)).toContain(`${service.origin}/feeds/sports/feed.json`)
      // Nothing wider than the screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width)
      await page.screenshot({ path: join(ARTIFACTS, `directory-${name}.png`), fullPage: true })
      // The icon was asked for and found: no 404, no console error.
      expect(problems).toEqual([])
      await page.close()
    }
  })

  it('gives each copy button its own name, and puts its feed URL on the clipboard', async () => {
    const context = await browser.newContext()
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: service.origin })
    const page = await context.newPage()
    await page.goto(`${service.origin}/`)
    const names = await page.locator('button.copy').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label')))
    expect(new Set(names).size).toBe(names.length)
    const button = page.getByRole('button', { name: 'نسخ رابط Atom لخلاصة رياضة — موازين نيوز', exact: true })
    expect(await button.getAttribute('data-copy')).toBe(`${service.origin}/feeds/sports/atom.xml`)
    await button.click()
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(`${service.origin}/feeds/sports/atom.xml`)
    expect(await button.textContent()).toBe('نُسخ')
    await context.close()
  })

  it('serves /favicon.ico as an image the browser decodes', async () => {
    const page = await browser.newPage()
    await page.goto(`${service.origin}/`)
    const size = await page.evaluate(async () => {
      const img = new Image()
      img.src = '/favicon.ico'
      await img.decode()
      return [img.naturalWidth, img.naturalHeight]
    })
    expect(size).toEqual([32, 32])
    await page.close()
  })
})

describe('a section preview', () => {
  it('shows items with bylines and dates, the three feed URLs, the monthly archives and a footer', async () => {
    for (const [name, viewport] of VIEWPORTS) {
      const page = await browser.newPage({ viewport })
      const problems = watchProblems(page)
      await page.goto(`${service.origin}/sections/reports`, { waitUntil: 'networkidle' })
      const titles = await page.locator('.item h3').allTextContents()
      expect(titles).toHaveLength(6)
      expect(titles[0]).toBe('تقرير: عنوان الخبر رقم 0')
      expect(await page.locator('.item time').first().textContent()).toBe('18 شباط 2024، 12:13')
      // No byline was given: the publication is named, as in the feeds.
      expect(await page.locator('.item .byline').first().textContent()).toBe('موازين نيوز')
      const urls = await feedUrlBoxes(page)
      expect(urls.map((u) => u.text)).toEqual([
        `${service.origin}/feeds/reports/rss.xml`, `${service.origin}/feeds/reports/atom.xml`, `${service.origin}/feeds/reports/feed.json`,
      ])
      for (const url of urls) expect(url.clipped).toBe(false)
      expect(await page.locator('#archives a').count()).toBeGreaterThan(0)
      expect(await page.locator('#archives a').first().getAttribute('href')).toMatch(/\/feeds\/reports\/archive\/\d{4}-\d{2}\/rss\.xml$/)
      await expect.poll(() => page.locator('footer').isVisible()).toBe(true)
      expect(await page.locator('footer a').allTextContents()).toEqual(expect.arrayContaining(['موازين نيوز', 'كل الخلاصات', 'OPML']))
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width)
      await page.screenshot({ path: join(ARTIFACTS, `section-reports-${name}.png`), fullPage: true })
      expect(problems).toEqual([])
      await page.close()
    }
  })

  it('pages to older items and back', async () => {
    const page = await browser.newPage({ viewport: VIEWPORTS[1][1] })
    await page.goto(`${service.origin}/sections/local`)
    expect(await page.locator('.item').count()).toBe(20)
    expect(await page.locator('.item .byline').nth(1).textContent()).toBe('زينب كاظم')
    await page.getByRole('link', { name: 'أخبار أقدم ←' }).click()
    await page.waitForURL(/\?page=/)
    expect(await page.locator('.item h3').allTextContents()).toEqual(['محلية: خبر قديم رقم 20', 'محلية: خبر قديم رقم 21'])
    await page.screenshot({ path: join(ARTIFACTS, 'section-local-older-phone.png'), fullPage: true })
    await page.getByRole('link', { name: 'أحدث الأخبار' }).click()
    await page.waitForURL(`${service.origin}/sections/local`)
    expect(await page.locator('.item h3').first().textContent()).toBe('محلية: خبر قديم رقم 0')
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
    // The partner's own CSS, which must not reach the widget.
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Partner</title>
<style>body{font-family:"Times New Roman",serif;margin:8px} a{color:#ff0000;font-size:40px} li{display:inline} time{display:inline}</style></head><body>
<h1>Partner news site</h1>
<iframe id="widget" src="${service.origin}/embed/reports?limit=3&ref=partner" style="width:100%;max-width:400px;height:300px;border:0"></iframe>
<div id="script-widget" data-section="رياضة" data-limit="4" data-ref="partner"></div>
<div id="dark-widget" data-section="reports" data-limit="2" data-theme="dark"></div>
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

  it('shows the headlines in the iframe and through the script, styled alike and kept from the partner CSS', async () => {
    for (const [name, viewport] of VIEWPORTS) {
      const page = await browser.newPage({ viewport })
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
      // The publication's name heads it, and each date carries its time, as the iframe's do.
      expect(await page.locator('#script-widget .title').textContent()).toBe('رياضة — موازين نيوز')
      expect(await page.locator('#script-widget li time').first().textContent()).toBe('18 شباط 2024، 11:13')
      expect(await frame.locator('li time').first().textContent()).toBe('18 شباط 2024، 12:13')
      // The widget's look, not the partner's: Arabic fonts, its own colour and size, the date on its own line.
      const style = await scripted.first().evaluate((a) => {
        const li = a.parentElement as HTMLElement
        const time = li.querySelector('time') as HTMLElement
        const s = getComputedStyle(a)
        return { font: s.fontFamily, color: s.color, size: s.fontSize, li: getComputedStyle(li).display, linkBottom: a.getBoundingClientRect().bottom, timeTop: time.getBoundingClientRect().top }
      })
      const iframeFont = await frame.locator('li a').first().evaluate((a) => getComputedStyle(a).fontFamily)
      expect(style.font).toBe(iframeFont)
      expect(style.font).toMatch(/^"Noto Naskh Arabic"/)
      expect(style.color).toBe('rgb(29, 29, 27)')
      expect(style.size).toBe('15px')
      expect(style.li).toBe('list-item')
      expect(style.timeTop).toBeGreaterThanOrEqual(style.linkBottom - 1)
      // data-theme="dark": the iframe's dark colours.
      await expect.poll(() => page.locator('#dark-widget li a').count()).toBe(2)
      expect(await page.locator('#dark-widget .nashra').evaluate((box) => getComputedStyle(box).backgroundColor)).toBe('rgb(21, 22, 26)')
      // Nothing but the partner and Nashra was asked for anything.
      expect(requests.every((u) => u.startsWith(partnerOrigin) || u.startsWith(service.origin))).toBe(true)
      await page.screenshot({ path: join(ARTIFACTS, `partner-page-${name}.png`), fullPage: true })
      await page.close()
    }
  })
})
