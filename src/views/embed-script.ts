// The partners' embed script, written by build/static-assets.ts into the Worker's static assets as /embed.js (an
// unhashed name: partners' pages embed that URL, so it is cached for a day, static/_headers). Out of the Worker's
// script bundle: nothing in src/ imports this module.
import { EMBED_FONT, EMBED_RULES, EMBED_THEMES } from './embed-style'
import { FONT_FAMILY, type FontFace } from './typeface'

/** The widget's style inside the script's shadow root: the iframe's look, and none of the partner's CSS. */
const EMBED_SHADOW_CSS = `:host{all:initial;display:block}
.nashra{${EMBED_THEMES.light};background:var(--bg);color:var(--fg);font:${EMBED_FONT};direction:rtl;text-align:right;border:1px solid var(--line);border-radius:.4rem;overflow:hidden}
.nashra.dark{${EMBED_THEMES.dark}}
${EMBED_RULES.replace(/^h1,/, '')}
.status{padding:.5rem .75rem;color:var(--muted)}`

/**
 * The partner script: renders each [data-section] element's headlines from that section's JSON Feed in a
 * shadow root styled as the iframe widget is (Arabic fonts, the date and time in Baghdad on its own line, the
 * feed's title naming the publication), right to left. Text goes in only with textContent: nothing from the
 * feed is ever parsed as HTML.
 * Attributes: data-section (slug or Arabic name), data-limit (1-20, default 5), data-ref (adds UTM parameters),
 * data-theme (light, the default, or dark). The title and «المزيد» link to the section on the publisher's site.
 * `fonts`: the typeface's subsets as build/static-assets.ts plans them (not font-files.ts, which it writes).
 */
export function embedScript(fonts: readonly FontFace[]): string {
  return `(function () {
  var script = document.currentScript;
  var origin = script ? new URL(script.src).origin : '';
  var CSS = ${JSON.stringify(EMBED_SHADOW_CSS)};
  var FONT = ${JSON.stringify(FONT_FAMILY)};
  var FONT_FILES = ${JSON.stringify(fonts.map((f) => ({ path: f.path, range: f.unicodeRange })))};
  // A shadow root cannot declare @font-face: our typeface goes into the page's font set, from our origin, once.
  function addFonts() {
    if (window.__nashraFonts || !window.FontFace || !document.fonts) return;
    window.__nashraFonts = true;
    FONT_FILES.forEach(function (f) {
      try {
        document.fonts.add(new FontFace(FONT, 'url(' + origin + f.path + ') format("woff2")', { weight: '400 700', display: 'swap', unicodeRange: f.range }));
      } catch (e) {}
    });
  }
  var MONTHS = ['كانون الثاني', 'شباط', 'آذار', 'نيسان', 'أيار', 'حزيران', 'تموز', 'آب', 'أيلول', 'تشرين الأول', 'تشرين الثاني', 'كانون الأول'];
  function two(n) { return (n < 10 ? '0' : '') + n; }
  // Baghdad time (UTC+3, no daylight saving), as the iframe prints it: 18 شباط 2024، 12:13
  function arabicDate(iso) {
    var d = new Date(new Date(iso).getTime() + 3 * 3600 * 1000);
    if (isNaN(d.getTime())) return '';
    return d.getUTCDate() + ' ' + MONTHS[d.getUTCMonth()] + ' ' + d.getUTCFullYear() + '، ' + two(d.getUTCHours()) + ':' + two(d.getUTCMinutes());
  }
  function withRef(url, ref, section) {
    if (!ref) return url;
    try {
      var u = new URL(url);
      u.searchParams.set('utm_source', ref);
      u.searchParams.set('utm_medium', 'nashra-embed');
      u.searchParams.set('utm_campaign', section);
      return u.href;
    } catch (e) { return url; }
  }
  function safeHref(url) { return /^https?:\\/\\//i.test(url) ? url : '#'; }
  function make(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function render(el) {
    if (el.getAttribute('data-nashra-rendered')) return;
    el.setAttribute('data-nashra-rendered', 'loading');
    var section = el.getAttribute('data-section') || '';
    var limit = Math.max(1, Math.min(20, parseInt(el.getAttribute('data-limit') || '5', 10) || 5));
    var ref = el.getAttribute('data-ref') || '';
    var theme = el.getAttribute('data-theme') === 'dark' ? 'dark' : 'light';
    el.setAttribute('dir', 'rtl');
    el.setAttribute('lang', 'ar');
    addFonts();
    var root = el.shadowRoot || el.attachShadow({ mode: 'open' });
    var style = make('style', '', CSS);
    var box = make('div', 'nashra ' + theme);
    box.setAttribute('dir', 'rtl');
    box.setAttribute('lang', 'ar');
    box.appendChild(make('div', 'status', '…'));
    root.textContent = '';
    root.appendChild(style);
    root.appendChild(box);
    fetch(origin + '/feeds/' + encodeURIComponent(section) + '/feed.json?limit=' + limit + (ref ? '&ref=' + encodeURIComponent(ref) : ''))
      .then(function (res) { if (!res.ok) throw new Error(String(res.status)); return res.json(); })
      .then(function (feed) {
        var home = safeHref(withRef(String(feed.home_page_url || ''), ref, section));
        var title = make('div', 'title');
        title.setAttribute('role', 'heading');
        title.setAttribute('aria-level', '2');
        var titleLink = make('a', '', String(feed.title || ''));
        titleLink.href = home;
        titleLink.target = '_blank';
        titleLink.rel = 'noopener';
        title.appendChild(titleLink);
        var list = make('ol', 'headlines');
        (feed.items || []).forEach(function (item) {
          var li = make('li');
          var a = make('a', '', String(item.title || ''));
          a.title = String(item.title || '');
          a.href = safeHref(withRef(String(item.url || ''), ref, section));
          a.target = '_blank';
          a.rel = 'noopener';
          var time = make('time', '', arabicDate(item.date_published));
          time.dateTime = String(item.date_published || '');
          li.appendChild(a);
          li.appendChild(time);
          list.appendChild(li);
        });
        box.textContent = '';
        var more = make('a', 'more', 'المزيد');
        more.href = home;
        more.target = '_blank';
        more.rel = 'noopener';
        more.appendChild(make('span', 'sr', ' من ' + String(feed.title || '')));
        box.appendChild(title);
        box.appendChild(list);
        box.appendChild(more);
        el.setAttribute('data-nashra-rendered', 'done');
      })
      .catch(function () {
        box.textContent = '';
        box.appendChild(make('div', 'status', 'تعذّر تحميل العناوين'));
        el.setAttribute('data-nashra-rendered', 'failed');
      });
  }
  function all() { Array.prototype.forEach.call(document.querySelectorAll('[data-section]'), render); }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', all); else all();
})();
`
}
