(function () {
  var script = document.currentScript;
  var origin = script ? new URL(script.src).origin : '';
  var CSS = ":host{all:initial;display:block}\n.nashra{--bg:#ffffff;--fg:#1d1d1b;--muted:#5c5c58;--line:#e2ded5;--accent:#8c1c13;background:var(--bg);color:var(--fg);font:15px/1.6 \"Noto Naskh Arabic\",\"Noto Sans Arabic\",\"Segoe UI\",Tahoma,sans-serif;direction:rtl;text-align:right;border:1px solid var(--line);border-radius:.4rem;overflow:hidden}\n.nashra.dark{--bg:#15161a;--fg:#f1f0ec;--muted:#a9a8a2;--line:#2c2e35;--accent:#f08a7e}\n.title{font-size:1rem;font-weight:700;margin:0;padding:.5rem .75rem;border-bottom:2px solid var(--accent)}\nh1 a,.title a{display:inline;color:var(--fg)}\nol{list-style:none;margin:0;padding:0}\nli{padding:.5rem .75rem;border-bottom:1px solid var(--line)}\na{color:var(--fg);text-decoration:none;display:block}a:hover,a:focus{color:var(--accent);text-decoration:underline}\nli a{display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:2;line-clamp:2;overflow:hidden;max-height:3.2em}\ntime{display:block;color:var(--muted);font-size:.8rem}\n.more{display:block;padding:.4rem .75rem;color:var(--accent);font-size:.9rem}\n.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}\n.status{padding:.5rem .75rem;color:var(--muted)}";
  var FONT = "Noto Naskh Arabic";
  var FONT_FILES = [{"path":"/fonts/noto-naskh-arabic-arabic.2a10d33e1f.woff2","range":"U+0600-06FF,U+0750-077F,U+0870-088E,U+0890-0891,U+0897-08E1,U+08E3-08FF,U+200C-200E,U+2010-2011,U+204F,U+2E41,U+FB50-FDFF,U+FE70-FE74,U+FE76-FEFC"},{"path":"/fonts/noto-naskh-arabic-latin.2a30d48ddf.woff2","range":"U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD"}];
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
  function safeHref(url) { return /^https?:\/\//i.test(url) ? url : '#'; }
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
