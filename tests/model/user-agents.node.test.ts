// readPoller: the User-Agents of hosted aggregators (each with its own format), crawlers and direct readers.
import { describe, expect, it } from 'vitest'
import { subscriptionFeed } from '../../src/model/audience'
import { readPoller } from '../../src/model/user-agents'

describe('readPoller', () => {
  it.each([
    ['Feedly/1.0 (+http://www.feedly.com/fetcher.html; 462 subscribers; )', 'Feedly', 462, 'Feedly/1.0 (+http://www.feedly.com/fetcher.html; ; )'],
    ['Mozilla/5.0 (compatible; inoreader.com; 114 subscribers)', 'Inoreader', 114, 'Mozilla/5.0 (compatible; inoreader.com; )'],
    ['Feedbin feed-id:1697787 - 102 subscribers', 'Feedbin', 102, '1697787'],
    ['NewsBlur Feed Fetcher - 27 subscribers - https://www.newsblur.com/site/7704055/mawazin ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36")', 'NewsBlur', 27, '7704055'],
    ['Mozilla/5.0 (compatible; theoldreader.com; 1 subscribers; feed-id=cead6c3a837650eeefd8fe4a)', 'The Old Reader', 1, 'cead6c3a837650eeefd8fe4a'],
    ['Mozilla/5.0 (compatible; BazQux/2.4; +https://bazqux.com/fetcher; 1 subscribers)', 'BazQux', 1, 'Mozilla/5.0 (compatible; BazQux/2.4; +https://bazqux.com/fetcher; )'],
    ['Dreamwidth Studios (webmaster@dreamwidth.org; for https://www.dreamwidth.org/users/x_feed/; 2 readers)', 'Dreamwidth', 2, 'Dreamwidth Studios (webmaster@dreamwidth.org; for https://www.dreamwidth.org/users/x_feed/; )'],
    ['SomeHostedReader/3.1 (+https://reader.example; 9 subscribers)', 'SomeHostedReader', 9, 'SomeHostedReader/3.1 (+https://reader.example; )'],
  ])('reads %s as an aggregator', (ua, reader, subscribers, id) => {
    expect(readPoller(ua)).toEqual({ kind: 'aggregator', reader, subscribers, id })
  })

  it('tells the same aggregator apart by its feed id, or by its User-Agent without the number', () => {
    const a = readPoller('Feedbin feed-id:1 - 5 subscribers')
    const b = readPoller('Feedbin feed-id:2 - 5 subscribers')
    expect(a.kind === 'aggregator' && b.kind === 'aggregator' && a.id !== b.id).toBe(true)
    const c = readPoller('Feedly/1.0 (+http://www.feedly.com/fetcher.html; 462 subscribers; )')
    const d = readPoller('Feedly/1.0 (+http://www.feedly.com/fetcher.html; 470 subscribers; )')
    expect(c.kind === 'aggregator' && d.kind === 'aggregator' && c.id === d.id).toBe(true)
  })

  it.each([
    'NetNewsWire (RSS Reader; https://netnewswire.com/)',
    'newsboat/2.21.0 (Linux x86_64)',
    'Liferea/1.13.8 (Linux; en_US.UTF-8; https://lzone.de/liferea/)',
    'Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Gecko/20100101 Thunderbird/115.6.0',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
    'Reeder/5.0 CFNetwork/1408 Darwin/22.5.0',
  ])('counts %s as one direct reader', (ua) => {
    expect(readPoller(ua)).toEqual({ kind: 'direct' })
  })

  it.each([
    ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 'Googlebot'],
    ['Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)', 'Bingbot'],
    ['Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)', 'monitor'],
    ['W3C_Validator/1.3 http://validator.w3.org/services', 'validator'],
    ['', 'no User-Agent'],
  ])('sets %s apart as a crawler or monitor (%s)', (ua, reader) => {
    expect(readPoller(ua)).toEqual({ kind: 'crawler', reader })
  })
})

describe('subscriptionFeed', () => {
  it('takes subscription feeds, with the path of their formats together', () => {
    expect(subscriptionFeed('/feeds/reports/rss.xml')).toEqual({ feed: '/feeds/reports/rss.xml', group: '/feeds/reports/*', section: 'reports' })
    expect(subscriptionFeed('/feeds/feed.json')).toEqual({ feed: '/feeds/feed.json', group: '/feeds/*', section: null })
  })

  it('leaves out archives, the index, other files and non-canonical names', () => {
    for (const path of ['/feeds/reports/archive/2024-02/rss.xml', '/feeds', '/feeds/reports/index.html', '/feeds/%D8%AA%D9%82/rss.xml', '/feeds/Reports/atom.xml']) {
      expect(subscriptionFeed(path), path).toBeNull()
    }
  })
})
