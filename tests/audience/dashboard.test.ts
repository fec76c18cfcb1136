// /stats through the Worker's fetch: a sign-in form until an admin token is posted, then the token in a Secure,
// HttpOnly, SameSite=Strict cookie (never in a URL) and the dashboard: the chart, readers per feed, 304s, partners.
import { describe, expect, it } from 'vitest'
import { resetIsolate } from '../../src/audience/count'
import { ADMIN_TOKEN, api, call, createSection, testEnv } from '../helpers'

const NOW = Date.parse('2026-12-02T10:00:00+03:00')
const env = (extra: Record<string, unknown> = {}) => ({ ...testEnv, AUDIENCE: 'on', AUDIENCE_BATCH: '1', TEST_CLOCK: () => NOW, ...extra }) as Env

async function signIn(token: string): Promise<Response> {
  return call('/stats', { method: 'POST', body: new URLSearchParams({ token }), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }, env())
}

describe('/stats', () => {
  it('asks for the token, refuses a wrong one and a desk’s key, and keeps an admin’s or a viewer’s in a strict cookie', async () => {
    const form = await call('/stats', {}, env())
    expect(form.status).toBe(200)
    expect(form.headers.get('Cache-Control')).toBe('no-store')
    const page = await form.text()
    expect(page).toContain('<html lang="ar" dir="rtl">')
    expect(page).toContain('type="password" name="token"')
    expect(page).toContain('method="post"')

    expect((await signIn('wrong-token')).status).toBe(401)
    const section = await createSection()
    const editor = (await (await api('POST', '/api/keys', { name: 'stats-editor', role: 'editor', sections: [section.slug] })).json()) as { key: string }
    expect((await signIn(editor.key)).status).toBe(401)
    const viewer = (await (await api('POST', '/api/keys', { name: 'stats-viewer', role: 'viewer' })).json()) as { key: string }
    expect((await signIn(viewer.key)).status).toBe(303)

    const accepted = await signIn(ADMIN_TOKEN)
    expect(accepted.status).toBe(303)
    expect(accepted.headers.get('Location')).toBe('/stats')
    const cookie = accepted.headers.get('Set-Cookie') ?? ''
    expect(cookie).toMatch(/^nashra_stats=/)
    for (const attribute of ['Path=/stats', 'Secure', 'HttpOnly', 'SameSite=Strict']) expect(cookie).toContain(attribute)
    expect(accepted.headers.get('Location')).not.toContain(ADMIN_TOKEN)

    const signOut = await call('/stats/sign-out', { method: 'POST', headers: { Cookie: cookie.split(';')[0]! } }, env())
    expect(signOut.status).toBe(303)
    expect(signOut.headers.get('Set-Cookie')).toMatch(/nashra_stats=;.*Max-Age=0/)
  })

  it('shows subscribers per feed as a chart, readers, the share of 304s and the partners', async () => {
    resetIsolate()
    const section = await createSection({ name: 'لوحة الجمهور' })
    const rss = `/feeds/${section.slug}/rss.xml`
    const feedly = 'Feedly/1.0 (+http://www.feedly.com/fetcher.html; 462 subscribers; )'
    const first = await call(rss, { headers: { 'User-Agent': feedly, 'CF-Connecting-IP': '198.51.100.1' } }, env())
    await call(rss, { headers: { 'User-Agent': 'newsboat/2.21.0', 'CF-Connecting-IP': '198.51.100.2', 'If-None-Match': first.headers.get('ETag')! } }, env())
    await call(`/embed/${section.slug}?ref=partner-one`, {}, env())
    const cookie = `nashra_stats=${ADMIN_TOKEN}`
    const res = await call('/stats?from=2026-11-20&to=2026-12-02', { headers: { Cookie: cookie } }, env())
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('<svg class="chart"')
    expect(html).toMatch(/<polyline[^>]+points="[\d., ]+"/)
    expect(html).toContain('لوحة الجمهور')
    expect(html).toContain('Feedly 462، قرّاء مباشرون 1')
    expect(html).toContain('463')
    expect(html).toContain(rss)
    expect(html).toContain('50٪')
    expect(html).toContain('partner-one')
    expect(html).not.toContain(ADMIN_TOKEN)
  })
})
