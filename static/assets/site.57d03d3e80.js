document.addEventListener('click', function (event) {
  var button = event.target.closest ? event.target.closest('button.copy') : null;
  if (!button) return;
  var url = button.getAttribute('data-copy');
  var status = document.getElementById('copy-status');
  function done() {
    button.textContent = 'نُسخ';
    button.classList.add('done');
    if (status) status.textContent = 'نُسخ: ' + (button.getAttribute('aria-label') || '').replace(/^نسخ /, '');
    setTimeout(function () { button.textContent = 'نسخ'; button.classList.remove('done'); }, 2000);
  }
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
(function () {
  function drop(img) {
    var item = img.closest('.item');
    if (item) item.classList.remove('with-image');
    img.remove();
  }
  document.addEventListener('error', function (event) {
    var target = event.target;
    if (target && target.tagName === 'IMG') drop(target);
  }, true);
  Array.prototype.forEach.call(document.images, function (img) {
    if (img.complete && img.naturalWidth === 0) drop(img);
  });
})();
