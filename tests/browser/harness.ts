// What the browser tests share: Debian's Chromium (playwright-core), navigations that name what they wait for and
// get one more try when wrangler dev's asset layer stalls (visit, settle), the problems a page shows, axe-core's
// verdict. The Worker under `wrangler dev` comes from tests/support/wrangler-dev.ts. Loopback only.
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import axe from 'axe-core'
import { type Browser, type BrowserContext, type Page, type Response, chromium, errors } from 'playwright-core'
import { answering } from '../support/wrangler-dev'

export { IMAGE_BASE, type Service, TOKEN, freePort, seed, startService } from '../support/wrangler-dev'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const ARTIFACTS = join(process.cwd(), 'test-results')

/** Debian's Chromium, headless, with the flags this closed network needs. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`)
  mkdirSync(ARTIFACTS, { recursive: true })
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}

/** Notes each request of the context until it is answered or fails, so that a stalled navigation names what it waits for. */
export function trackPending(context: BrowserContext): void {
  const pending = new Map<unknown, string>()
  context.on('request', (r) => pending.set(r, `${new Date().toISOString()} ${r.url()}`))
  context.on('requestfinished', (r) => pending.delete(r))
  context.on('requestfailed', (r) => pending.delete(r))
  PENDING.set(context, pending)
}

/** Requests each test context has sent and not seen answered, to tell what a navigation that times out waits for. */
const PENDING = new WeakMap<BrowserContext, Map<unknown, string>>()

/**
 * The first try of a navigation: pages load here in a second or two, and past a minute only on a machine loaded
 * far beyond its cores.
 */
const FIRST_TRY_MS = 60_000

/**
 * The second try: 5 minutes. wrangler dev on a machine shared with other work has been seen to stall for half a
 * minute, and past a minute on 2 cores with a load of 12 (the tests' own bounds are longer still).
 */
const SECOND_TRY_MS = 300_000

/** What a navigation still waits for. */
function pendingOf(page: Page): string {
  return [...(PENDING.get(page.context())?.values() ?? [])].join(', ')
}

/**
 * `page.goto`, naming what was still pending when it fails. wrangler dev's static-asset layer (not this Worker:
 * the Worker never sees /assets/ or /fonts/ requests) has been seen (three runs of about ten on 2 cores) to leave one asset's
 * response pending for good; so a navigation that has not settled within FIRST_TRY_MS says so on stderr and is
 * made once more, with SECOND_TRY_MS. Only a second failure fails the test.
 */
export async function visit(page: Page, url: string, waitUntil: 'load' | 'networkidle' = 'networkidle'): Promise<Response | null> {
  for (let attempt = 1; ; attempt++) {
    const response = await navigate(page, url, waitUntil)
    const retryAfter = Number(response?.headers()['retry-after'])
    if (response?.status() !== 503 || !(retryAfter > 0) || attempt === STORAGE_TRIES) return response
    // The Worker gives a page 3 s of storage (FEED_DEADLINE_MS), then answers 503 with Retry-After: "send the same
    // request again". On 2 cores busy with other work, local D1 and KV under wrangler dev have been seen to miss it
    // when a dozen views start at once; a reader would reload, so the test does, as the answer says, and forgets
    // that 503 (any other problem, and a 503 on the last try, still fails the test).
    console.warn(`${url}: 503 (storage did not answer in time), the same request again in ${retryAfter} s (try ${attempt + 1} of ${STORAGE_TRIES})`)
    forgetProblems(page, `503: ${response.url()}`)
    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000))
  }
}

/** How many times a view is made when the Worker answers it 503 with Retry-After (its storage deadline missed). */
export const STORAGE_TRIES = 4

/** What Chromium says when nothing listens on the port, or the server went away mid-answer. */
const GONE = /ERR_CONNECTION_REFUSED|ERR_CONNECTION_RESET|ERR_EMPTY_RESPONSE/

/** `page.goto` with one more try on a stalled navigation, or one to a service that went away and came back (visit). */
async function navigate(page: Page, url: string, waitUntil: 'load' | 'networkidle'): Promise<Response | null> {
  try {
    return await page.goto(url, { waitUntil, timeout: FIRST_TRY_MS })
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    if (error instanceof errors.TimeoutError) {
      console.warn(`${url}: no ${waitUntil} within ${FIRST_TRY_MS} ms, navigating once more; pending: ${pendingOf(page)}`)
    } else if (GONE.test(message)) {
      // The service went away (startService starts a `wrangler dev` that exits on its own again): once it answers.
      console.warn(`${url}: ${message.split('\n')[0]}; navigating once more when the service answers again`)
      const origin = new URL(url).origin
      if (!(await answering(origin, SECOND_TRY_MS))) throw new Error(`${url}: ${origin} did not answer again within ${SECOND_TRY_MS} ms`)
      // The failed tries are not the page's problems (watchProblems): the navigation is made again.
      forgetProblems(page, `failed: ${new URL(url).href}`)
    } else {
      throw new Error(`${url}: ${message}`)
    }
  }
  try {
    return await page.goto(url, { waitUntil, timeout: SECOND_TRY_MS })
  } catch (error) {
    throw new Error(`${url}: ${error instanceof Error ? error.message : error}; pending: ${pendingOf(page)}`)
  }
}

/**
 * Waits for a navigation the page made itself (a link followed, a form sent) to reach `state`, with visit's second
 * try: a page that has not got there within FIRST_TRY_MS says so on stderr and is reloaded once (a GET of the
 * address it landed on); only a second failure fails the test.
 */
export async function settle(page: Page, state: 'load' | 'networkidle' = 'networkidle'): Promise<void> {
  try {
    await page.waitForLoadState(state, { timeout: FIRST_TRY_MS })
    return
  } catch (error) {
    if (!(error instanceof errors.TimeoutError)) throw error
    console.warn(`${page.url()}: no ${state} within ${FIRST_TRY_MS} ms, reloading once; pending: ${pendingOf(page)}`)
  }
  try {
    await page.reload({ waitUntil: state, timeout: SECOND_TRY_MS })
  } catch (error) {
    throw new Error(`${page.url()}: ${error instanceof Error ? error.message : error}; pending: ${pendingOf(page)}`)
  }
}

/** What watchProblems has seen on each page, so that visit can take back what it made again. */
const PROBLEMS = new WeakMap<Page, string[]>()

/** Takes `problem` back from what watchProblems has seen on `page` (a navigation made again, as the answer said). */
function forgetProblems(page: Page, problem: string): void {
  const problems = PROBLEMS.get(page)
  if (problems) problems.splice(0, problems.length, ...problems.filter((p) => p !== problem))
}

/** Console errors and failed or 4xx/5xx requests of our own origin, from now on. */
export function watchProblems(page: Page, origin: string): string[] {
  const problems: string[] = []
  PROBLEMS.set(page, problems)
  page.on('console', (m) => m.type() === 'error' && !/ERR_FAILED|Failed to load resource/.test(m.text()) && problems.push(`console: ${m.text()}`))
  page.on('requestfailed', (r) => r.url().startsWith(origin) && problems.push(`failed: ${r.url()}`))
  page.on('response', (r) => r.status() >= 400 && r.url().startsWith(origin) && !r.url().includes('none-such') && problems.push(`${r.status()}: ${r.url()}`))
  return problems
}

/** axe-core's rules (all but the experimental ones) on the page as it stands: the violations, by rule and target. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axe.source)
  const result = await page.evaluate(() => (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] }))
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary?.split('\n').join(' ')}`))
}

