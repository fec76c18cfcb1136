import { describe, expect, it } from 'vitest'
import { sanitizeHtml } from '../../src/publish/sanitize'

const BASE = 'https://www.mawazin.net/news/1/'

describe('sanitizeHtml', () => {
  it('keeps allowed markup and Arabic text as is', () => {
    const html = '<p dir="rtl">نص <strong>مهم</strong> و<a href="https://a.example/x?y=1&amp;z=2">رابط</a></p><h2>عنوان</h2>'
    expect(sanitizeHtml(html, BASE)).toEqual({ html, removed: {} })
  })

  it.each([
    ['<script>alert(1)</script><p>x</p>', '<p>x</p>', 'element:script'],
    ['<style>p{}</style><p>x</p>', '<p>x</p>', 'element:style'],
    ['<iframe src="https://evil.example"></iframe><p>x</p>', '<p>x</p>', 'element:iframe'],
    ['<object data="x"><embed src="y"></object><p>x</p>', '<p>x</p>', 'element:object'],
    ['<p onclick="x()" onmouseover=y>x</p>', '<p>x</p>', 'attribute:onclick'],
    ['<a href="javascript:alert(1)">x</a>', '<a>x</a>', 'url:javascript'],
    ['<a href="JaVa&#x53;cript:alert(1)">x</a>', '<a>x</a>', 'url:javascript'],
    ['<a href=" jav\tascript:alert(1)">x</a>', '<a>x</a>', 'url:javascript'],
    ['<img src="data:image/png;base64,AAAA">', '', 'url:data'],
    ['<p style="color:red">x</p>', '<p>x</p>', 'attribute:style'],
    ['<SCRIPT>alert(1)</SCRIPT >ok', 'ok', 'element:script'],
  ])('removes %s', (input, output, what) => {
    const result = sanitizeHtml(input, BASE)
    expect(result.html).toBe(output)
    expect(result.removed[what]).toBeGreaterThan(0)
  })

  it('makes relative links and images absolute against the article URL', () => {
    const { html } = sanitizeHtml('<a href="../2/">x</a><img src="/img/a.jpg" alt="صورة">', BASE)
    expect(html).toBe('<a href="https://www.mawazin.net/news/2/">x</a><img src="https://www.mawazin.net/img/a.jpg" alt="صورة">')
  })

  it('percent-encodes Arabic in links', () => {
    const { html } = sanitizeHtml('<a href="/وسم/عراق">x</a>', BASE)
    expect(html).toBe('<a href="https://www.mawazin.net/%D9%88%D8%B3%D9%85/%D8%B9%D8%B1%D8%A7%D9%82">x</a>')
  })

  it('escapes stray markup characters and balances tags', () => {
    expect(sanitizeHtml('<p>a < b & c > d <em>open', BASE).html).toBe('<p>a &lt; b &amp; c &gt; d <em>open</em></p>')
    expect(sanitizeHtml('</div><p>x</span></p>', BASE).html).toBe('<p>x</p>')
  })

  it('drops comments, unknown elements (keeping their text) and control characters', () => {
    expect(sanitizeHtml('<!-- c --><custom-tag>نص</custom-tag>\u0000\u0008', BASE).html).toBe('نص')
  })

  it('turns h1 into h2', () => {
    expect(sanitizeHtml('<h1>عنوان</h1>', BASE).html).toBe('<h2>عنوان</h2>')
  })
})
