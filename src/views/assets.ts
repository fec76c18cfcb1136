// Scripts served by the Worker itself: the pages' copy buttons and the partners' embed script.

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
    var input = button.parentNode.querySelector('input');
    if (input) { input.select(); try { document.execCommand('copy'); done(); } catch (e) {} }
  }
});
`

/**
 * The partner script: renders each [data-section] element's headlines from that section's JSON Feed, right to
 * left, inserting text only with textContent (nothing from the feed is ever parsed as HTML).
 * Attributes: data-section (slug or Arabic name), data-limit (1-20, default 5), data-ref (adds UTM parameters).
 */
export const EMBED_JS = `(function () {
  var script = document.currentScript;
  var origin = script ? new URL(script.src).origin : '';
  var MONTHS = ['كانون الثاني', 'شباط', 'آذار', 'نيسان', 'أيار', 'حزيران', 'تموز', 'آب', 'أيلول', 'تشرين الأول', 'تشرين الثاني', 'كانون الأول'];
  function arabicDate(iso) {
    var d = new Date(new Date(iso).getTime() + 3 * 3600 * 1000);
    return d.getUTCDate() + ' ' + MONTHS[d.getUTCMonth()] + ' ' + d.getUTCFullYear();
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
  function render(el) {
    if (el.getAttribute('data-nashra-rendered')) return;
    el.setAttribute('data-nashra-rendered', 'loading');
    var section = el.getAttribute('data-section') || '';
    var limit = Math.max(1, Math.min(20, parseInt(el.getAttribute('data-limit') || '5', 10) || 5));
    var ref = el.getAttribute('data-ref') || '';
    el.setAttribute('dir', 'rtl');
    el.setAttribute('lang', 'ar');
    fetch(origin + '/feeds/' + encodeURIComponent(section) + '/feed.json?limit=' + limit)
      .then(function (res) { if (!res.ok) throw new Error(String(res.status)); return res.json(); })
      .then(function (feed) {
        var list = document.createElement('ol');
        list.className = 'nashra-headlines';
        list.style.listStyle = 'none';
        list.style.padding = '0';
        (feed.items || []).forEach(function (item) {
          var li = document.createElement('li');
          var a = document.createElement('a');
          a.href = safeHref(withRef(String(item.url || ''), ref, section));
          a.target = '_blank';
          a.rel = 'noopener';
          a.textContent = String(item.title || '');
          var time = document.createElement('time');
          time.dateTime = String(item.date_published || '');
          time.textContent = ' ' + arabicDate(item.date_published);
          li.appendChild(a);
          li.appendChild(time);
          list.appendChild(li);
        });
        el.textContent = '';
        el.appendChild(list);
        el.setAttribute('data-nashra-rendered', 'done');
      })
      .catch(function () { el.textContent = 'تعذّر تحميل العناوين'; el.setAttribute('data-nashra-rendered', 'failed'); });
  }
  function all() { Array.prototype.forEach.call(document.querySelectorAll('[data-section]'), render); }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', all); else all();
})();
`
