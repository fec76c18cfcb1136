// The upstream URL guard: every notation of an inward address is refused, public hosts pass.
import { describe, expect, it } from 'vitest'
import { ConfigError, parseConfig } from '../../src/model/config'
import { checkUpstreamUrl, classifyHost } from '../../src/model/upstream-url'

const POLICY = { selfHosts: ['feeds.mawazin.net'], allowLoopback: false }

describe('upstream URL guard', () => {
  it.each([
    ['http://127.0.0.1/feed', 'loopback'],
    ['http://2130706433/feed', 'loopback'],
    ['http://0177.0.0.1/feed', 'loopback'],
    ['http://0x7f.1/feed', 'loopback'],
    ['http://127.1/feed', 'loopback'],
    ['http://127.0.0.1./feed', 'loopback'],
    ['http://[::1]/feed', 'loopback'],
    ['http://[0:0:0:0:0:0:0:1]/feed', 'loopback'],
    ['http://[::ffff:127.0.0.1]/feed', 'loopback'],
    ['http://[::ffff:7f00:1]/feed', 'loopback'],
    ['http://localhost:8787/feed', 'loopback'],
    ['http://LOCALHOST./feed', 'loopback'],
    ['http://api.localhost/feed', 'loopback'],
    ['http://evil@127.0.0.1/feed', 'loopback'],
    ['http://user:pw@[::1]:80/feed', 'loopback'],
    ['http://10.0.0.5/feed', 'private'],
    ['http://172.16.3.4/feed', 'private'],
    ['http://192.168.1.1/feed', 'private'],
    ['http://3232235777/feed', 'private'],
    ['http://100.64.0.1/feed', 'private'],
    ['http://[fd00::1]/feed', 'private'],
    ['http://169.254.169.254/latest/meta-data', 'link-local'],
    ['http://0xa9fea9fe/latest', 'link-local'],
    ['http://[fe80::1]/feed', 'link-local'],
    ['http://[::ffff:169.254.169.254]/', 'link-local'],
    ['http://0.0.0.0/feed', 'unspecified'],
    ['http://0/feed', 'unspecified'],
    ['http://[::]/feed', 'unspecified'],
    ['http://224.0.0.1/feed', 'multicast'],
    ['http://255.255.255.255/feed', 'multicast'],
    ['http://[ff02::1]/feed', 'multicast'],
    ['http://[::127.0.0.1]/feed', 'reserved'],
    ['http://[64:ff9b::7f00:1]/feed', 'reserved'],
    ['http://192.0.2.1/feed', 'reserved'],
    ['http://printer.local/feed', 'local-name'],
    ['http://metadata.google.internal/feed', 'local-name'],
    ['http://intranet/feed', 'local-name'],
    ['https://feeds.mawazin.net/feeds/reports/rss.xml', 'self'],
    ['https://FEEDS.mawazin.net./feeds/rss.xml', 'self'],
    ['http://x@feeds.mawazin.net:8443/feeds/rss.xml', 'self'],
    ['ftp://example.com/feed', 'scheme'],
    ['file:///etc/passwd', 'scheme'],
    ['not a url', 'invalid'],
  ])('refuses %s (%s)', (url, refusal) => {
    const check = checkUpstreamUrl(url, undefined, POLICY)
    expect(check.ok ? null : check.refusal).toBe(refusal)
  })

  it.each([
    'https://old.example/rss.xml',
    'http://127.0.0.1@upstream.example/feed',
    'https://93.184.216.34/feed',
    'https://[2606:4700::1111]/feed',
    'https://www.mawazin.net/feed',
    'https://xn--mgbh0fb.example/feed',
  ])('accepts %s', (url) => {
    expect(checkUpstreamUrl(url, undefined, POLICY).ok).toBe(true)
  })

  it('lets loopback alone through when development allows it', () => {
    const dev = { selfHosts: [], allowLoopback: true }
    expect(checkUpstreamUrl('http://127.0.0.1:8788/feed', undefined, dev).ok).toBe(true)
    expect(checkUpstreamUrl('http://[::1]/feed', undefined, dev).ok).toBe(true)
    expect(checkUpstreamUrl('http://localhost/feed', undefined, dev).ok).toBe(true)
    expect(checkUpstreamUrl('http://10.0.0.1/feed', undefined, dev).ok).toBe(false)
    expect(checkUpstreamUrl('http://169.254.169.254/', undefined, dev).ok).toBe(false)
  })

  it('resolves a redirect Location against the hop it came from, then checks it', () => {
    expect(checkUpstreamUrl('/api/articles', 'https://feeds.mawazin.net/x', POLICY)).toMatchObject({ ok: false, refusal: 'self' })
    const relative = checkUpstreamUrl('../b.xml', 'https://old.example/a/c.xml', POLICY)
    expect(relative.ok && relative.url.href).toBe('https://old.example/b.xml')
  })

  it('says why, naming the host', () => {
    const check = checkUpstreamUrl('http://2130706433/feed', undefined, POLICY)
    expect(check.ok ? '' : check.detail).toBe('127.0.0.1 is a loopback address; upstream sources must be public')
    expect(classifyHost('example.com')).toBeNull()
  })
})

describe('ALLOW_LOOPBACK_SOURCES', () => {
  const vars = { SITE_URL: 'https://www.mawazin.net', SITE_NAME: 'موازين نيوز', TAG_AUTHORITY: 'mawazin.net,2024' }
  it('is off unless exactly "true", and a bad value fails the configuration', () => {
    expect(parseConfig(vars).allowLoopbackSources).toBe(false)
    expect(parseConfig({ ...vars, ALLOW_LOOPBACK_SOURCES: 'false' }).allowLoopbackSources).toBe(false)
    expect(parseConfig({ ...vars, ALLOW_LOOPBACK_SOURCES: 'true' }).allowLoopbackSources).toBe(true)
    expect(() => parseConfig({ ...vars, ALLOW_LOOPBACK_SOURCES: 'yes' })).toThrow(ConfigError)
  })
})
