// Scripts served by the Worker itself: the pages' copy buttons and the partners' embed script.
import { EMBED_FONT, EMBED_RULES, EMBED_THEMES } from './embed'

/** Copy buttons: put the URL on the clipboard and say so. */
export const SITE_JS = `document.addEventListener('click', function (event) {
  var button = event.target.closest ? event.target.closest('button.copy') : null;
  if (!button) return;
  var url = button.getAttribute('data-copy');
  function done() { button.textContent = 'نُسخ'; button.classList.add('done'); setTimeout(function () { button.textContent = 'نسخ'; button.classList.remove('done'); }, 2000); }
  if (navigator.clipboard && navigator.clipboard.writeText) {
    navigator.clipboard.writeText(url).then(done, function () { fallback(); });
  } else { fallback(); }
  function fallback() {
    var shown = button.parentNode.querySelector('.url');
    if (!shown) return;
    var range = document.createRange();
    range.selectNodeContents(shown);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    try { document.execCommand('copy'); done(); } catch (e) {}
  }
});
`

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
 * data-theme (light, the default, or dark).
 */
export const EMBED_JS = `(function () {
  var script = document.currentScript;
  var origin = script ? new URL(script.src).origin : '';
  var CSS = ${JSON.stringify(EMBED_SHADOW_CSS)};
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
    var root = el.shadowRoot || el.attachShadow({ mode: 'open' });
    var style = make('style', '', CSS);
    var box = make('div', 'nashra ' + theme);
    box.setAttribute('dir', 'rtl');
    box.setAttribute('lang', 'ar');
    box.appendChild(make('div', 'status', '…'));
    root.textContent = '';
    root.appendChild(style);
    root.appendChild(box);
    fetch(origin + '/feeds/' + encodeURIComponent(section) + '/feed.json?limit=' + limit)
      .then(function (res) { if (!res.ok) throw new Error(String(res.status)); return res.json(); })
      .then(function (feed) {
        var title = make('div', 'title', String(feed.title || ''));
        title.setAttribute('role', 'heading');
        title.setAttribute('aria-level', '2');
        var list = make('ol', 'headlines');
        (feed.items || []).forEach(function (item) {
          var li = make('li');
          var a = make('a', '', String(item.title || ''));
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
        box.appendChild(title);
        box.appendChild(list);
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
