// Browser tests in Debian's Chromium, on a desktop (1366×900) and a phone (390×844), in light and dark: every
// page (the directory, a section and its page 2, the embed, the API reference, the 404 page) checked for overflow,
// the typeface it draws with, axe-core's rules and a visible focus; then what a reader does on them, a partner page,
// and newsboat reading an Atom feed. Screenshots go to test-results/. Nothing leaves the machine: every request to
// another address is answered or refused by the test (routeOutside). The tests run side by side (every describe is
// concurrent; none writes to the service, each has its own browser context): most of a test's time is waiting on
// the network, which the others fill.
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import axe from 'axe-core'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ARTIFACTS, IMAGE_BASE, STORAGE_TRIES, type Service, TOKEN, axeViolations, freePort, launchChromium, seed, settle, startService, trackPending, visit, watchProblems } from './harness'

const VIEWPORTS = [['desktop', { width: 1366, height: 900 }], ['phone', { width: 390, height: 844 }]] as const
const SCHEMES = ['light', 'dark'] as const
/** The typeface the pages name first and serve themselves. */
const FAMILY = 'Noto Naskh Arabic'
/** A 16×9 PNG (one colour), what the routed `ok-*` lead images answer. */
const PICTURE = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAJCAIAAAC0SDtlAAAAFklEQVR4nGNomrmMJMQwqmFUw/DVAAC05rXm+4GGEQAAAABJRU5ErkJggg==',
  'base64',
)
/**
 * How long `expect.poll` may wait for what a page's script does (its own default, 1 s, is a wall clock that a
 * machine busy with other work loses to; a page that never gets there still fails).
 */
const POLL = { timeout: 60_000 }
/** The README's iframe height for the widget: its title, `limit` headlines of at most two lines, «المزيد». */
const embedHeight = (limit: number): number => 80 + 86 * limit

const run = promisify(execFile)

let service: Service
let browser: Browser

beforeAll(async () => {
  service = await startService()
  await seed(service.origin)
  // A section whose headlines are long enough to wrap past two lines in a narrow widget.
  await send('PUT', '/api/sections/long', { name: 'عناوين طويلة', description: 'عناوين تلتف على أكثر من سطر', order: 9 })
  await send('POST', '/api/articles', Array.from({ length: 20 }, (_, i) => ({
    id: `browser-long-${i}`,
    section: 'long',
    title: `عنوان طويل رقم ${i}: وزارة التخطيط تعلن نتائج المسح الوطني للأسر في المحافظات الجنوبية وتكشف عن ارتفاع معدلات الفقر والبطالة بين الشباب خلال السنوات الثلاث الماضية`,
    content: `<p>نص ${i}</p>`,
    url: `https://www.mawazin.net/news/${3000 + i}`,
    published: new Date(Date.UTC(2024, 1, 10, 9) - i * 3_600_000).toISOString(),
  })))
  // Each page produced once before a dozen views ask for it at once (see visit): a 503 here is asked again too.
  const status = async (path: string) => {
    const res = await fetch(service.origin + path)
    await res.arrayBuffer()
    return res.status
  }
  for (const [, path] of PAGES) {
    for (let attempt = 1; (await status(path)) === 503; attempt++) {
      if (attempt === STORAGE_TRIES) throw new Error(`${path}: 503 ${STORAGE_TRIES} times`)
      await new Promise((resolve) => setTimeout(resolve, 5_000))
    }
  }
  browser = await launchChromium()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await service?.stop()
})

async function send(method: string, path: string, body: unknown): Promise<void> {
  const res = await fetch(service.origin + path, { method, headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
}

/**
 * Requests to anywhere but this machine never leave it: the seeded `ok-*` lead images are answered with a
 * picture, anything else is refused. Returns the list of what was asked.
 */
async function routeOutside(context: BrowserContext, local: string[]): Promise<string[]> {
  const asked: string[] = []
  await context.route('**/*', (route) => {
    const url = route.request().url()
    if (local.some((origin) => url.startsWith(origin))) return route.continue()
    asked.push(url)
    if (url.startsWith(`${IMAGE_BASE}ok-`)) return route.fulfill({ status: 200, contentType: 'image/png', body: PICTURE })
    return route.abort()
  })
  return asked
}

async function newContext(viewport: { width: number; height: number }, colorScheme: 'light' | 'dark' = 'light'): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport, colorScheme })
  await routeOutside(context, [service.origin])
  // wrangler dev on a machine shared with other work has been seen to stall for half a minute, and past a
  // minute on 2 cores with a load of 12: a navigation gets 5 minutes (the tests' own bounds are longer still).
  context.setDefaultNavigationTimeout(300_000)
  trackPending(context)
  return context
}

/** The fonts Chromium actually drew a node's text with (DevTools: CSS.getPlatformFontsForNode). */
async function fontsDrawing(page: Page, selector: string): Promise<{ familyName: string; isCustomFont: boolean; glyphCount: number }[]> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('DOM.enable')
  await cdp.send('CSS.enable')
  const { root } = await cdp.send('DOM.getDocument', { depth: -1 })
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector })
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId })
  await cdp.detach()
  return fonts
}

/** Widths wider than the screen: the document's, and any element's box past either edge. */
function overflow(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => {
        const box = el.getBoundingClientRect()
        return box.width > 0 && (box.right > width + 1 || box.left < -1)
      })
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`)
    return { scrollWidth: document.documentElement.scrollWidth, width, wide: wide.slice(0, 5) }
  })
}

/** Opens every <details> (the subscribe controls, the archives, the schemas), so what they hold is checked too. */
async function openAll(page: Page): Promise<void> {
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => d.setAttribute('open', '')))
}

/** Every page a person may land on; `section-page-2` is reached through its own link. */
const PAGES: [string, string][] = [
  ['directory', '/'],
  ['section', '/sections/reports'],
  ['section-page-2', '/sections/local'],
  ['embed', '/embed/long?limit=5&theme=auto'],
  ['api-docs', '/api/docs'],
  ['not-found', '/sections/none-such'],
]

// Twenty-four navigations (six pages, two viewports, two schemes) (and their retries on a stalled asset): its own bound, not the config's.
describe('every page, on a phone and a desktop, in light and dark', { timeout: 900_000, concurrent: true }, () => {
  it('fits the screen, draws Arabic and digits in the named typeface, passes axe-core, follows the colour scheme', async () => {
    const report: string[] = []
    // The four contexts (viewport × scheme) at once, each going through the six pages in turn: while one waits on
    // the network (networkidle is 500 ms without a request), the others work. Every one runs to its end; then
    // every failure is told, not only the first.
    const viewsIn = async ([name, viewport]: (typeof VIEWPORTS)[number], scheme: (typeof SCHEMES)[number]): Promise<void> => {
      const context = await newContext(viewport, scheme)
      for (const [pageName, path] of PAGES) {
        const page = await context.newPage()
        const problems = watchProblems(page, service.origin)
        await visit(page, service.origin + path)
        if (pageName === 'section-page-2') {
          await page.getByRole('link', { name: 'أخبار أقدم ←' }).click()
          await page.waitForURL(/\?page=/, { waitUntil: 'commit' })
          await settle(page)
        }
        await page.evaluate(() => document.fonts.ready)
        const where = `${pageName} ${name} ${scheme}`
        // Dark where the system asks for it: the page's background follows (the API reference too).
        const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
        const [r, g, b] = background.match(/\d+/g)!.map(Number)
        expect((r! + g! + b!) / 3 < 60, `${where}: background ${background}`).toBe(scheme === 'dark')
        await page.screenshot({ path: join(ARTIFACTS, `${pageName}-${name}-${scheme}.png`), fullPage: true })
        // Our typeface drew the Arabic and the digits, loaded from our own assets (not the API reference,
        // which is English in the system's face).
        if (pageName !== 'api-docs') {
          const faces = await page.evaluate((family) => [...document.fonts].filter((f) => f.family.replace(/"/g, '') === family).map((f) => f.status), FAMILY)
          expect(faces, where).toEqual(['loaded', 'loaded'])
          const selector = pageName === 'not-found' ? 'main p' : pageName === 'embed' || pageName === 'directory' ? 'li time' : '.item time'
          const drawn = await fontsDrawing(page, selector)
          expect(drawn.map((f) => f.familyName), `${where}: ${selector}`).toEqual([FAMILY])
          expect(drawn[0]!.isCustomFont).toBe(true)
        }
        // Nothing wider than the screen, with every <details> open too.
        await openAll(page)
        const wide = await overflow(page)
        expect(wide.wide, where).toEqual([])
        expect(wide.scrollWidth, where).toBeLessThanOrEqual(viewport.width)
        const violations = await axeViolations(page)
        expect(violations, where).toEqual([])
        report.push(`${where}: 0 axe violations`)
        expect(problems, where).toEqual([])
        await page.close()
      }
      await context.close()
    }
    const runs = await Promise.allSettled(VIEWPORTS.flatMap((viewport) => SCHEMES.map((scheme) => viewsIn(viewport, scheme))))
    const failures = runs.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []))
    if (failures.length === 1) throw failures[0]
    if (failures.length > 1) throw new AggregateError(failures, failures.map((f) => (f instanceof Error ? f.message : String(f))).join('\n\n'))
    expect(report).toHaveLength(VIEWPORTS.length * SCHEMES.length * PAGES.length)
    console.log(`axe-core ${axe.version}: ${report.length} page views, none with a violation`)
  }, 600_000)

  it('costs a first visit to / this many bytes, fonts included, and caches the fonts for a year', async () => {
    const context = await newContext(VIEWPORTS[1][1])
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
    const urls = new Map<string, string>()
    const sizes = new Map<string, number>()
    cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, e.response.url))
    cdp.on('Network.loadingFinished', (e) => sizes.set(e.requestId, e.encodedDataLength))
    await visit(page, `${service.origin}/`)
    await page.evaluate(() => document.fonts.ready)
    const own = [...sizes].filter(([id]) => urls.get(id)?.startsWith(service.origin)).map(([id, bytes]) => ({ path: new URL(urls.get(id)!).pathname, bytes }))
    const total = own.reduce((sum, f) => sum + f.bytes, 0)
    console.log(`first visit to / (phone, nothing cached): ${total} bytes over ${own.length} requests: ${own.map((f) => `${f.path} ${f.bytes}`).join(', ')}`)
    const fonts = own.filter((f) => f.path.startsWith('/fonts/'))
    expect(fonts.map((f) => f.path).sort()).toEqual(['/fonts/noto-naskh-arabic-arabic.2a10d33e1f.woff2', '/fonts/noto-naskh-arabic-latin.2a30d48ddf.woff2'])
    // Two subsets of about 92 and 19 KiB: the typeface is most of a first visit, and none of a second.
    expect(fonts.reduce((sum, f) => sum + f.bytes, 0)).toBeLessThan(120 * 1024)
    const res = await fetch(`${service.origin}${fonts[0]!.path}`)
    expect(res.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable')
    expect(res.headers.get('Content-Type')).toBe('font/woff2')
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*')
    // So are the style sheet and the script: hashed names, a year, immutable.
    const sheets = own.filter((f) => f.path.startsWith('/assets/'))
    expect(sheets.map((f) => f.path.replace(/\.[0-9a-f]{10}\./, '.')).sort()).toEqual(['/assets/site.css', '/assets/site.js'])
    for (const f of sheets) expect((await fetch(`${service.origin}${f.path}`)).headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable')
    await context.close()
  })
})

describe('the feed directory', { timeout: 180_000, concurrent: true }, () => {
  it('puts headlines first, the sections a few Tab presses away, and a visible focus on every stop', async () => {
    for (const [name, viewport] of VIEWPORTS) {
      const context = await newContext(viewport)
      const page = await context.newPage()
      await visit(page, `${service.origin}/`)
      // The first screen shows headlines, not feed URLs: those are behind «اشترك», one per section.
      const firstHeadline = await page.locator('#section-reports .headlines a').first().boundingBox()
      expect(firstHeadline!.y + firstHeadline!.height).toBeLessThan(viewport.height)
      expect(await page.locator('.feeds .url').first().isVisible()).toBe(false)
      expect(await page.locator('details.subscribe').count()).toBe(5)
      // Tab: the skip link first, then the page's own links; the last section is reached from the jump list.
      const stops: { text: string; outline: string; inView: boolean }[] = []
      for (let i = 0; i < 12; i++) {
        await page.keyboard.press('Tab')
        stops.push(await page.evaluate(() => {
          const el = document.activeElement as HTMLElement
          const style = getComputedStyle(el)
          const box = el.getBoundingClientRect()
          return { text: el.textContent ?? '', outline: `${style.outlineStyle} ${style.outlineWidth}`, inView: box.bottom > 0 && box.top < innerHeight && box.width > 0 }
        }))
      }
      expect(stops[0]!.text).toBe('انتقل إلى المحتوى')
      for (const stop of stops) {
        expect(stop.outline, stop.text).toBe('solid 3px')
        expect(stop.inView, stop.text).toBe(true)
      }
      const toLast = stops.findIndex((s) => s.text === 'عناوين طويلة') + 1
      expect(toLast).toBeGreaterThan(0)
      expect(toLast).toBeLessThanOrEqual(6)
      await page.getByRole('navigation', { name: 'الأقسام' }).getByRole('link', { name: 'عناوين طويلة' }).press('Enter')
      expect(new URL(page.url()).hash).toBe('#section-long')
      await page.keyboard.press('Tab')
      expect(await page.evaluate(() => document.activeElement?.closest('section')?.id)).toBe('section-long')
      // «اشترك» opens the readers and the three URLs, which are links.
      const card = page.locator('#section-sports')
      await card.locator('summary').click()
      expect(await card.locator('.readers a').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual([
        `https://feedly.com/i/subscription/feed/${encodeURIComponent(`${service.origin}/feeds/sports/rss.xml`)}`,
        `https://www.inoreader.com/?add_feed=${encodeURIComponent(`${service.origin}/feeds/sports/rss.xml`)}`,
        `feed:${service.origin}/feeds/sports/rss.xml`,
      ])
      const urls = card.locator('a.url')
      expect(await urls.allTextContents()).toEqual(['rss.xml', 'atom.xml', 'feed.json'].map((f) => `${service.origin}/feeds/sports/${f}`))
      for (const url of await urls.all()) {
        const box = (await url.boundingBox())!
        expect(box.x).toBeGreaterThanOrEqual(0)
        expect(box.x + box.width).toBeLessThanOrEqual(viewport.width)
      }
      await page.screenshot({ path: join(ARTIFACTS, `directory-subscribe-${name}.png`) })
      await context.close()
    }
  })

  it('copies a feed URL and says so to a screen reader', async ({ expect }) => {
    const context = await newContext({ width: 1280, height: 720 })
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: service.origin })
    const page = await context.newPage()
    // The button says «نُسخ» for 2 s of the page's clock (a setTimeout), then «نسخ» again: the page's clock is
    // held still from before the click, so a test slowed by a busy machine still sees it, and then moved on.
    await page.clock.install()
    await visit(page, `${service.origin}/`, 'load')
    await page.clock.pauseAt(Date.now() + 60_000)
    await page.locator('#section-sports summary').click()
    const button = page.getByRole('button', { name: 'نسخ رابط Atom لخلاصة رياضة — موازين نيوز', exact: true })
    await button.click()
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText()), POLL).toBe(`${service.origin}/feeds/sports/atom.xml`)
    await expect.poll(() => button.textContent(), POLL).toBe('نُسخ')
    expect(await page.getByRole('status').textContent()).toBe('نُسخ: رابط Atom لخلاصة رياضة — موازين نيوز')
    await page.clock.runFor(2_000)
    expect(await button.textContent()).toBe('نسخ')
    await context.close()
  })

  it('shows thumbnails that load, and leaves no box where one failed', async ({ expect }) => {
    const context = await newContext(VIEWPORTS[0][1])
    const page = await context.newPage()
    await visit(page, `${service.origin}/`)
    // Asked until every thumbnail has settled (loaded, or failed and so removed by the page's script): on a busy
    // machine `networkidle` has come first, and a failed image is `complete` a moment before its error is handled.
    const thumbs = () => page.locator('#section-reports img.thumb').evaluateAll((imgs) =>
      imgs.map((img) => ({ src: (img as HTMLImageElement).src, loaded: (img as HTMLImageElement).naturalWidth > 0 })),
    )
    await expect.poll(thumbs, POLL).toEqual([0, 4, 8].map((i) => ({ src: `${IMAGE_BASE}ok-${i}.jpg`, loaded: true })))
    await context.close()
  })

  it('serves /favicon.ico as an image the browser decodes', async () => {
    const page = await browser.newPage()
    await visit(page, `${service.origin}/favicon.ico`, 'load')
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

describe('a section preview', { timeout: 180_000, concurrent: true }, () => {
  it('keeps a lead image\'s 16:9 box while it loads, and collapses one that fails', async ({ expect }) => {
    for (const [name, viewport] of VIEWPORTS) {
      const context = await newContext(viewport)
      const page = await context.newPage()
      await visit(page, `${service.origin}/sections/reports`)
      // Asked until the failed pictures are gone (as with the thumbnails, networkidle may come first).
      const items = () => page.locator('.item').evaluateAll((nodes) =>
        nodes.map((item) => {
          const img = item.querySelector('img')
          const box = img?.getBoundingClientRect()
          return { title: item.querySelector('h3')?.textContent, withImage: item.classList.contains('with-image'), img: box ? Math.round((box.width / box.height) * 100) / 100 : null }
        }),
      )
      // Articles 0, 4, 8: a picture (a 16×9 one, kept at 16:9); 2, 6: gone (no box, no column); 10: none.
      await expect.poll(async () => (await items()).map((i) => [i.title, i.withImage, i.img]), POLL).toEqual([0, 2, 4, 6, 8, 10].map((n) => [
        `تقرير: عنوان الخبر رقم ${n}`, n % 4 === 0 && n < 10, n % 4 === 0 && n < 10 ? 1.78 : null,
      ]))
      // While it loads, the box is already there: its height comes from the aspect ratio, not the picture.
      const reserved = await page.evaluate(() => {
        const img = document.createElement('img')
        img.setAttribute('width', '1200')
        img.setAttribute('height', '675')
        document.querySelector('.item')!.prepend(img)
        const box = img.getBoundingClientRect()
        img.remove()
        return Math.round((box.width / box.height) * 100) / 100
      })
      expect(reserved).toBe(1.78)
      await page.screenshot({ path: join(ARTIFACTS, `section-images-${name}.png`) })
      await context.close()
    }
  })

  it('titles page 2 as page 2 and keeps how to subscribe on page 1', async () => {
    const context = await newContext(VIEWPORTS[1][1])
    const page = await context.newPage()
    await visit(page, `${service.origin}/sections/local`, 'load')
    expect(await page.title()).toBe('محلية — موازين نيوز')
    expect(await page.locator('#subscribe').count()).toBe(1)
    expect(await page.locator('.item').count()).toBe(20)
    await page.getByRole('link', { name: 'أخبار أقدم ←' }).click()
    await page.waitForURL(/\?page=/, { waitUntil: 'commit' })
    await settle(page, 'load')
    expect(await page.title()).toBe('محلية — الصفحة 2 — موازين نيوز')
    expect(await page.locator('#subscribe').count()).toBe(0)
    // The items come first on page 2: the first one is on the first screen.
    expect((await page.locator('.item').first().boundingBox())!.y).toBeLessThan(844)
    expect(await page.locator('.item h3').allTextContents()).toEqual(['محلية: خبر قديم رقم 20', 'محلية: خبر قديم رقم 21'])
    await page.getByRole('link', { name: 'أحدث الأخبار' }).click()
    await page.waitForURL(`${service.origin}/sections/local`, { waitUntil: 'commit' })
    await settle(page, 'load')
    expect(await page.locator('.item h3').first().textContent()).toBe('محلية: خبر قديم رقم 0')
    await context.close()
  })

  it('lists the monthly archives newest first, wrapping on a phone', async () => {
    const context = await newContext(VIEWPORTS[1][1])
    const page = await context.newPage()
    await visit(page, `${service.origin}/sections/reports`, 'load')
    await page.locator('#archives summary').click()
    const months = await page.locator('#archives li').evaluateAll((items) => items.map((li) => ({ right: li.getBoundingClientRect().right, left: li.getBoundingClientRect().left, href: li.querySelector('a')!.getAttribute('href')! })))
    // Only the months that have articles (the index counts them), newest first: each link opens a document with entries.
    expect(months.length).toBeGreaterThan(0)
    const stamps = months.map((m) => /archive\/(\d{4}-\d{2})\//.exec(m.href)![1]!)
    expect([...stamps].sort().reverse()).toEqual(stamps)
    for (const m of months) {
      const doc = await fetch(new URL(m.href, service.origin).href.replace(/\/(rss\.xml|atom\.xml)$/, '/feed.json'))
      expect(doc.status, m.href).toBe(200)
      expect(((await doc.json()) as { items: unknown[] }).items.length, m.href).toBeGreaterThan(0)
    }
    for (const m of months) {
      expect(m.left).toBeGreaterThanOrEqual(0)
      expect(m.right).toBeLessThanOrEqual(390)
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await page.screenshot({ path: join(ARTIFACTS, 'section-archives-phone.png'), fullPage: true })
    await context.close()
  })
})

describe('the embed', { timeout: 180_000, concurrent: true }, () => {
  it('fits its README height for every limit at 300 to 420 px, however long the titles, with its links', async () => {
    const heights: string[] = []
    for (const width of [300, 420]) {
      const context = await newContext({ width, height: 400 })
      const page = await context.newPage()
      for (const limit of [1, 3, 5, 10, 20]) {
        await visit(page, `${service.origin}/embed/long?limit=${limit}`)
        await page.evaluate(() => document.fonts.ready)
        const height = await page.evaluate(() => Math.ceil(document.querySelector('main')!.getBoundingClientRect().bottom))
        heights.push(`${width}px limit=${limit}: ${height} of ${embedHeight(limit)}`)
        expect(height, `${width}px, limit ${limit}`).toBeLessThanOrEqual(embedHeight(limit))
        expect(height, `${width}px, limit ${limit}`).toBeGreaterThan(embedHeight(limit) - 40)
        expect(await page.locator('li').count()).toBe(limit)
      }
      expect(await page.locator('h1 a').getAttribute('href')).toBe('https://www.mawazin.net/sections/long')
      expect(await page.locator('a.more').getAttribute('href')).toBe('https://www.mawazin.net/sections/long')
      await context.close()
    }
    console.log(`embed heights: ${heights.join('; ')}`)
  })
})

describe('the API reference page', { concurrent: true }, () => {
  it('is styled, contents first, and breaks no rule of its own Content-Security-Policy', async () => {
    const page = await browser.newPage()
    const violations: string[] = []
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text())
    })
    const res = await visit(page, `${service.origin}/api/docs`, 'load')
    expect(res?.headers()['content-security-policy']).toContain("default-src 'none'")
    // The inline style sheet applied: a GET badge is green with white text.
    const badge = page.locator('.method.get').first()
    expect(await badge.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(47, 111, 62)')
    expect(await page.locator('.op').count()).toBeGreaterThan(5)
    expect(await page.locator('nav li a').count()).toBe((await page.locator('.op').count()) + 1)
    expect(await page.locator('pre[tabindex="0"]').count()).toBe(await page.locator('pre').count())
    expect(violations).toEqual([])
    await page.close()
  })
})

describe('newsboat', { concurrent: true }, () => {
  it('takes an Atom feed\'s website to be the section page, not another format', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nashra-newsboat-'))
    const feed = `${service.origin}/feeds/reports/atom.xml`
    writeFileSync(join(dir, 'urls'), `${feed}\n`)
    // Not execFileSync: the other tests of this file run meanwhile.
    await run('newsboat', ['-u', join(dir, 'urls'), '-c', join(dir, 'cache.db'), '-x', 'reload'], { env: { ...process.env, HOME: dir }, timeout: 30_000 })
    const row = (await run('sqlite3', [join(dir, 'cache.db'), 'SELECT rssurl, url FROM rss_feed'], { encoding: 'utf8' })).stdout.trim()
    expect(row).toBe(`${feed}|https://www.mawazin.net/sections/reports`)
    const items = Number((await run('sqlite3', [join(dir, 'cache.db'), 'SELECT count(*) FROM rss_item'], { encoding: 'utf8' })).stdout.trim())
    expect(items).toBe(6)
  })
})

describe('a partner page on another origin', { concurrent: true }, () => {
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

  it('gets /embed.js from the static assets: the generated file, a day\'s caching, any origin, GET and HEAD only', async () => {
    const res = await fetch(`${service.origin}/embed.js`, { headers: { Origin: partnerOrigin } })
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toBe('text/javascript; charset=utf-8')
    expect(res.headers.get('Cache-Control')).toBe('public, max-age=86400')
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*')
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff')
    expect(Buffer.from(await res.arrayBuffer()).equals(readFileSync('static/embed.js'))).toBe(true)
    // The asset layer answers the other methods itself, before the Worker.
    expect((await fetch(`${service.origin}/embed.js`, { method: 'POST', body: '{}' })).status).toBe(405)
  })

  it('shows the headlines in the iframe and through the script, styled alike and kept from the partner CSS', async ({ expect }) => {
    for (const [name, viewport] of VIEWPORTS) {
      const page = await browser.newPage({ viewport })
      const requests: string[] = []
      page.on('request', (r) => requests.push(r.url()))
      await visit(page, partnerOrigin, 'load')
      const frame = page.frameLocator('#widget')
      await expect.poll(() => frame.locator('li a').allTextContents(), POLL).toEqual([
        'تقرير: عنوان الخبر رقم 0', 'تقرير: عنوان الخبر رقم 2', 'تقرير: عنوان الخبر رقم 4',
      ])
      expect(await frame.locator('li a').first().getAttribute('href')).toContain('utm_source=partner')
      const scripted = page.locator('#script-widget li a')
      await expect.poll(() => scripted.allTextContents(), POLL).toEqual([
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
      // The script put our typeface into the partner page's fonts (a shadow root cannot declare @font-face), from
      // our origin, and the headlines used it: both subsets loaded.
      await expect.poll(() => page.evaluate((family) => [...document.fonts].filter((f) => f.family.replace(/"/g, '') === family).map((f) => f.status), FAMILY), POLL).toEqual(['loaded', 'loaded'])
      expect(style.color).toBe('rgb(29, 29, 27)')
      expect(style.size).toBe('15px')
      expect(style.li).toBe('list-item')
      expect(style.timeTop).toBeGreaterThanOrEqual(style.linkBottom - 1)
      // data-theme="dark": the iframe's dark colours.
      await expect.poll(() => page.locator('#dark-widget li a').count(), POLL).toBe(2)
      expect(await page.locator('#dark-widget .nashra').evaluate((box) => getComputedStyle(box).backgroundColor)).toBe('rgb(21, 22, 26)')
      // Nothing but the partner and Nashra was asked for anything.
      expect(requests.every((u) => u.startsWith(partnerOrigin) || u.startsWith(service.origin))).toBe(true)
      await page.screenshot({ path: join(ARTIFACTS, `partner-page-${name}.png`), fullPage: true })
      await page.close()
    }
  })
})
