// Counting a feed's audience from its polls, after the answer: who polled (model/user-agents.ts), once per day
// and follower in this isolate, into a pending batch written to D1 when it is big or old enough. A D1 fault loses
// the batch's counts, never a poll. The IP and User-Agent are used only here, in memory, to make a keyed hash.
import { type AudienceSettings, baghdadDay } from '../model/audience'
import { DIRECT, readPoller } from '../model/user-agents'
import { type EmbedRow, type PollRow, type SeenRow, flushAudience } from '../store/audience'

/** What the middleware hands over of an answered poll: nothing of it is kept past the count. */
export interface Poll {
  now: number
  feed: string
  /** The three formats together (/feeds/reports/*). */
  group: string
  status: number
  ip: string
  userAgent: string
}

export interface EmbedView {
  now: number
  section: string
  ref: string
}

/**
 * Followers an isolate remembers having recorded today (a repeat then writes nothing); past this many it forgets
 * them all, which costs only writes that change nothing (about 5 MB of keys at most).
 */
const MEMO_MAX = 50_000

/** Who an answered poll counts as: its row's agent (a crawler's name, else empty) and the follower, if any. */
interface Counted {
  agent: string
  follower: { who: string; reader: string; n: number } | null
}

interface IsolateState {
  day: string
  /** `feed \n who` → the highest n recorded. */
  memo: Map<string, number>
  /**
   * Polls read and hashed today: a 53-bit digest of (day, secret, feed, IP, User-Agent) → what the poll counted as,
   * so a repeat poll costs neither the User-Agent's parsing nor an HMAC. Only the digest is kept, never the IP.
   */
  recent: Map<number, Counted>
  seen: Map<string, SeenRow>
  polls: Map<string, PollRow>
  embeds: Map<string, EmbedRow>
  /** When the oldest pending count was taken (null: nothing pending). */
  since: number | null
}

let state: IsolateState = fresh('')

function fresh(day: string): IsolateState {
  return { day, memo: new Map(), recent: new Map(), seen: new Map(), polls: new Map(), embeds: new Map(), since: null }
}

/** Tests: start as a new isolate would (another isolate's memory is empty), dropping anything pending. */
export function resetIsolate(): void {
  state = fresh('')
}

let dayKey: { day: string; key: Promise<CryptoKey> } | null = null
let isolateSecret: Uint8Array | null = null

const encoder = new TextEncoder()

function hmacKey(raw: BufferSource): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
}

/**
 * The day's key: HMAC-SHA-256(AUDIENCE_SECRET, "nashra-audience/" + day), derived in memory and never stored,
 * so every isolate derives the same key for a day (one reader, one hash, wherever it polls) and yesterday's key
 * is gone with yesterday. Without the secret each isolate makes up its own (readers then count once per isolate).
 */
function keyOfDay(secret: string | undefined, day: string): Promise<CryptoKey> {
  if (dayKey?.day === day) return dayKey.key
  if (!secret) isolateSecret ??= crypto.getRandomValues(new Uint8Array(32))
  const key = hmacKey(secret ? encoder.encode(secret) : (isolateSecret as Uint8Array))
    .then((master) => crypto.subtle.sign('HMAC', master, encoder.encode(`nashra-audience/${day}`)))
    .then((raw) => hmacKey(raw))
  dayKey = { day, key }
  return key
}

/** 128 bits of HMAC-SHA-256 of `text` under the day's key, in hex. */
async function keyedHash(key: CryptoKey, text: string): Promise<string> {
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(text)))
  return Array.from(mac.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join('')
}

/** The isolate's state for Baghdad's `day`, started afresh when the day has changed. */
function today(day: string): IsolateState {
  if (state.day !== day) {
    // Yesterday's pending counts stay pending (the next flush writes them); only the memo starts afresh.
    state.day = day
    state.memo.clear()
    state.recent.clear()
  }
  if (state.memo.size > MEMO_MAX) state.memo.clear()
  if (state.recent.size > MEMO_MAX) state.recent.clear()
  return state
}

function pend(s: IsolateState, now: number): void {
  s.since ??= now
}

function countPollRow(s: IsolateState, day: string, feed: string, agent: string, notModified: boolean): void {
  const key = `${day}\n${feed}\n${agent}`
  const row = s.polls.get(key) ?? { day, feed, agent, polls: 0, notModified: 0 }
  row.polls += 1
  if (notModified) row.notModified += 1
  s.polls.set(key, row)
}

/** cyrb53: a fast 53-bit digest, to tell repeat polls apart in memory (not a secret: the HMAC is what is written). */
function digest(text: string): number {
  let h1 = 0xdeadbeef
  let h2 = 0x41c6ce57
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ ch, 2654435761)
    h2 = Math.imul(h2 ^ ch, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return 4294967296 * (2097151 & h2) + (h1 >>> 0)
}

/** Who a poll counts as: the User-Agent read, and the follower's keyed hash. */
async function countedAs(poll: Poll, secret: string | undefined, day: string): Promise<Counted> {
  const poller = readPoller(poll.userAgent)
  const agent = poller.kind === 'crawler' ? poller.reader : ''
  if (poller.kind === 'aggregator') {
    // An aggregator's id is not a person's, but it is (or is made of) its User-Agent: hashed like a reader's. Its
    // subscribers of each format are others (Feedly states one count per feed URL): the format is part of it.
    const who = await keyedHash(await keyOfDay(secret, day), `a\n${poll.feed}\n${poller.reader}\n${poller.id}`)
    return { agent, follower: { who, reader: poller.reader, n: poller.subscribers } }
  }
  if (poller.kind === 'direct') {
    const who = await keyedHash(await keyOfDay(secret, day), `d\n${poll.ip}\n${poll.userAgent}`)
    return { agent, follower: { who, reader: DIRECT, n: 1 } }
  }
  return { agent, follower: null }
}

/**
 * Records one answered poll (200 or 304) in this isolate's pending batch: at once (null) when this isolate counted
 * its reader today, else when its reader is known (the promise: a User-Agent read and a keyed hash).
 */
export function countPoll(poll: Poll, secret: string | undefined): Promise<void> | null {
  const day = baghdadDay(poll.now)
  const key = digest(`${day}\n${secret ?? ''}\n${poll.feed}\n${poll.ip}\n${poll.userAgent}`)
  const s = today(day)
  const known = s.recent.get(key)
  // A reader this isolate has counted today is counted again at once: no User-Agent read, no HMAC, no promise.
  if (known) {
    tally(s, poll, day, known)
    return null
  }
  return countedAs(poll, secret, day).then((counted) => {
    const after = today(day)
    after.recent.set(key, counted)
    tally(after, poll, day, counted)
  })
}

/** Adds a poll to the pending batch of `s`: its row, and its follower's count when it is news. */
function tally(s: IsolateState, poll: Poll, day: string, { agent, follower }: Counted): void {
  countPollRow(s, day, poll.feed, agent, poll.status === 304)
  if (follower) {
    for (const feed of [poll.feed, poll.group]) {
      const key = `${feed}\n${follower.who}`
      if ((s.memo.get(key) ?? 0) >= follower.n) continue
      s.memo.set(key, follower.n)
      s.seen.set(`${day}\n${key}`, { day, feed, who: follower.who, reader: follower.reader, n: follower.n })
    }
  }
  pend(s, poll.now)
}

/** Records one view of a partner's embed. */
export function countEmbed(view: EmbedView): void {
  const day = baghdadDay(view.now)
  const s = today(day)
  const key = `${day}\n${view.section}\n${view.ref}`
  const row = s.embeds.get(key) ?? { day, section: view.section, ref: view.ref, views: 0 }
  row.views += 1
  s.embeds.set(key, row)
  pend(s, view.now)
}

/** Whether the pending batch should be written now: big enough, old enough, or of a day that is over. */
export function flushDue(settings: AudienceSettings, now: number): boolean {
  const s = state
  if (s.since === null) return false
  const size = s.seen.size + s.polls.size + s.embeds.size
  return size >= settings.batch || now - s.since >= settings.flushMs || baghdadDay(s.since) !== baghdadDay(now)
}

/**
 * Writes the pending batch in one D1 round trip. Never throws: on a fault the batch's counts are lost (logged),
 * and its followers leave the memo so a later poll counts them again.
 */
export async function flush(db: D1Database): Promise<number> {
  const s = state
  const seen = [...s.seen.values()]
  const polls = [...s.polls.values()]
  const embeds = [...s.embeds.values()]
  s.seen = new Map()
  s.polls = new Map()
  s.embeds = new Map()
  s.since = null
  try {
    return await flushAudience(db, seen, polls, embeds)
  } catch (error) {
    for (const row of seen) if (s.day === row.day) s.memo.delete(`${row.feed}\n${row.who}`)
    console.error(`audience: ${seen.length + polls.length + embeds.length} counts lost: ${error instanceof Error ? error.message : error}`)
    return 0
  }
}
