// Which URLs an upstream source may point at: public http(s) hosts only, never this service or an address that
// reaches inward (loopback, private, link-local, ...), whatever notation the URL uses. Pure.
//
// The host is taken from the WHATWG URL parser, the one `fetch` itself uses, so `http://2130706433/`,
// `http://0x7f.1/`, `http://127.1/`, `http://[::ffff:7f00:1]/` and `http://evil@127.0.0.1/` all come out as
// the address they really reach before they are classified, against the IANA special-purpose ranges (the ones
// ipaddr.js 2.5.0 knows; it was replaced by the few lines here for the Worker's size budget: README, Tests and
// benchmark).
import { parseUrl } from './urls'

/** Names that never leave the machine or the local network (RFC 6761 localhost, RFC 6762 .local, RFC 8375). */
const LOCAL_NAME_SUFFIXES = ['localhost', 'local', 'localdomain', 'internal', 'home.arpa', 'lan', 'intranet']

/** Why a URL may not be an upstream source; `loopback` alone can be allowed for local development. */
export type UpstreamRefusal = 'scheme' | 'invalid' | 'loopback' | 'private' | 'link-local' | 'unspecified' | 'multicast' | 'reserved' | 'local-name' | 'self'

export interface UpstreamUrlPolicy {
  /** Host names (or addresses) of this service: PUBLIC_URL's, and the request's own when there is one. */
  selfHosts: readonly string[]
  /** Development only (ALLOW_LOOPBACK_SOURCES): let loopback through, nothing else. */
  allowLoopback: boolean
}

export type UpstreamUrlCheck = { ok: true; url: URL } | { ok: false; refusal: UpstreamRefusal; detail: string }

const DETAILS: Record<UpstreamRefusal, string> = {
  scheme: 'only http and https URLs can be pulled',
  invalid: 'not an absolute URL',
  loopback: 'a loopback address',
  private: 'a private address',
  'link-local': 'a link-local address',
  unspecified: 'an unspecified address',
  multicast: 'a multicast or broadcast address',
  reserved: 'a reserved, non-public address',
  'local-name': 'a local name that is not on the public internet',
  self: 'this service itself',
}

/** `Example.COM.` -> `example.com`; `[::1]` -> `::1`. */
export function canonicalHost(hostname: string): string {
  return hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.+$/, '')
}

/** IPv4 ranges that are not public (IANA special-purpose registry): first address, prefix length, refusal. */
const IPV4_RANGES: readonly (readonly [string, number, UpstreamRefusal])[] = [
  ['0.0.0.0', 8, 'unspecified'], ['255.255.255.255', 32, 'multicast'], ['224.0.0.0', 4, 'multicast'],
  ['169.254.0.0', 16, 'link-local'], ['127.0.0.0', 8, 'loopback'], ['100.64.0.0', 10, 'private'],
  ['10.0.0.0', 8, 'private'], ['172.16.0.0', 12, 'private'], ['192.168.0.0', 16, 'private'],
  // IETF protocol assignments, documentation, 6to4 relay, benchmarking, future use, AS112, AMT.
  ['192.0.0.0', 24, 'reserved'], ['192.0.2.0', 24, 'reserved'], ['192.88.99.0', 24, 'reserved'],
  ['198.18.0.0', 15, 'reserved'], ['198.51.100.0', 24, 'reserved'], ['203.0.113.0', 24, 'reserved'],
  ['240.0.0.0', 4, 'reserved'], ['192.175.48.0', 24, 'reserved'], ['192.31.196.0', 24, 'reserved'],
  ['192.52.193.0', 24, 'reserved'],
]
/** The same for IPv6, past those the checks below name (::, ::1, mapped and compatible IPv4). */
const IPV6_RANGES: readonly (readonly [string, number, UpstreamRefusal])[] = [
  ['fe80::', 10, 'link-local'], ['ff00::', 8, 'multicast'], ['fc00::', 7, 'private'],
  // Site-local, discard, SIIT, NAT64, 6to4, Teredo and the rest of 2001::/23, documentation, ORCHID, DRIP, SRv6.
  ['fec0::', 10, 'reserved'], ['100::', 64, 'reserved'], ['::ffff:0:0:0', 96, 'reserved'],
  ['64:ff9b::', 96, 'reserved'], ['64:ff9b:1::', 48, 'reserved'], ['2002::', 16, 'reserved'],
  ['2001::', 23, 'reserved'], ['2001:3::', 32, 'reserved'], ['2001:4:112::', 48, 'reserved'],
  ['2620:4f:8000::', 48, 'reserved'], ['2001:10::', 28, 'reserved'], ['2001:20::', 28, 'reserved'],
  ['2001:30::', 28, 'reserved'], ['5f00::', 16, 'reserved'], ['2001:db8::', 32, 'reserved'], ['3fff::', 20, 'reserved'],
]

/** `a.b.c.d` (the URL parser's form of every IPv4 notation) as its bytes, or null. */
function parseIPv4(host: string): number[] | null {
  const parts = host.split('.')
  if (parts.length !== 4 || !parts.every((part) => /^(0|[1-9]\d{0,2})$/.test(part) && Number(part) < 256)) return null
  return parts.map(Number)
}

/** An IPv6 address (`::` shorthand, a dotted IPv4 tail allowed) as its 16 bytes, or null. */
function parseIPv6(host: string): number[] | null {
  const halves = host.split('::')
  if (halves.length > 2) return null
  const groups = halves.map((half) => (half === '' ? [] : half.split(':')))
  const words: number[][] = []
  for (const [index, half] of groups.entries()) {
    const bytes: number[] = []
    for (const [position, group] of half.entries()) {
      const tail = index === groups.length - 1 && position === half.length - 1 ? parseIPv4(group) : null
      if (tail) bytes.push(...tail)
      else if (/^[0-9a-f]{1,4}$/i.test(group)) bytes.push(Number.parseInt(group, 16) >> 8, Number.parseInt(group, 16) & 255)
      else return null
    }
    words.push(bytes)
  }
  const [head = [], rest = []] = words
  const missing = 16 - head.length - rest.length
  if (halves.length === 1 ? missing !== 0 : missing < 2) return null
  return [...head, ...new Array<number>(missing).fill(0), ...rest]
}

const inRange = (bytes: readonly number[], first: readonly number[], bits: number): boolean =>
  first.every((byte, index) => {
    const mask = bits >= (index + 1) * 8 ? 255 : bits <= index * 8 ? 0 : (0xff00 >> (bits - index * 8)) & 255
    return ((bytes[index] ?? 0) & mask) === (byte & mask)
  })

const classifyIn = (bytes: readonly number[], ranges: readonly (readonly [string, number, UpstreamRefusal])[], parse: (first: string) => number[] | null): UpstreamRefusal | null =>
  ranges.find(([first, bits]) => inRange(bytes, parse(first) ?? [], bits))?.[2] ?? null

/** An address's refusal (null: public), or undefined when the host is not an address. */
function classifyAddress(host: string): UpstreamRefusal | null | undefined {
  const v4 = parseIPv4(host)
  if (v4) return classifyIn(v4, IPV4_RANGES, parseIPv4)
  const v6 = parseIPv6(host)
  if (!v6) return undefined
  const zeros = (count: number): boolean => v6.slice(0, count).every((byte) => byte === 0)
  if (zeros(16)) return 'unspecified'
  if (zeros(15) && v6[15] === 1) return 'loopback'
  if (zeros(10) && v6[10] === 255 && v6[11] === 255) return classifyIn(v6.slice(12), IPV4_RANGES, parseIPv4)
  // IPv4-compatible ::a.b.c.d (RFC 4291 §2.5.5.1, deprecated): not a public address.
  if (zeros(12)) return 'reserved'
  return classifyIn(v6, IPV6_RANGES, parseIPv6)
}

/**
 * Classifies a host: null when it is a public host name or a public (global unicast) address.
 * Addresses are read as the URL parser writes them (dotted-quad IPv4, IPv6 without brackets).
 * A name is judged by its spelling only: a Worker has no DNS API, so a public name that resolves to a
 * private address cannot be caught here (the README says so).
 */
export function classifyHost(hostname: string): UpstreamRefusal | null {
  const host = canonicalHost(hostname)
  if (!host) return 'invalid'
  const address = classifyAddress(host)
  if (address !== undefined) return address
  if (host === 'localhost' || host.endsWith('.localhost')) return 'loopback'
  if (!host.includes('.') || LOCAL_NAME_SUFFIXES.some((suffix) => host === suffix || host.endsWith(`.${suffix}`))) return 'local-name'
  return null
}

/**
 * Checks an upstream URL (relative ones are resolved against `base`, as a redirect's Location is).
 * @example checkUpstreamUrl('http://0x7f.1/feed', undefined, policy) // { ok: false, refusal: 'loopback', ... }
 */
export function checkUpstreamUrl(raw: string, base: string | undefined, policy: UpstreamUrlPolicy): UpstreamUrlCheck {
  const url = parseUrl(raw, base)
  if (!url) return refuse('invalid', raw)
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return refuse('scheme', url.protocol)
  const host = canonicalHost(url.hostname)
  if (policy.selfHosts.some((self) => canonicalHost(self) === host)) return refuse('self', url.host)
  const refusal = classifyHost(host)
  if (refusal === null || (refusal === 'loopback' && policy.allowLoopback)) return { ok: true, url }
  return refuse(refusal, url.host)
}

function refuse(refusal: UpstreamRefusal, what: string): UpstreamUrlCheck {
  const detail = refusal === 'scheme' || refusal === 'invalid' ? DETAILS[refusal] : `${what} is ${DETAILS[refusal]}; upstream sources must be public`
  return { ok: false, refusal, detail }
}
