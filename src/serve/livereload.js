// Injected by `nhipcau serve` only (never by `nhipcau build`): reloads the page after a rebuild
// and shows build errors over the page while the last good site keeps being served.
(function () {
  var events = new EventSource('/__nhipcau/events');
  var overlay = null;
  events.addEventListener('reload', function () { location.reload(); });
  events.addEventListener('build-error', function (e) {
    if (!overlay) {
      overlay = document.createElement('div');
      overlay.setAttribute('role', 'alert');
      overlay.id = 'nhipcau-error-overlay';
      overlay.style.cssText = 'position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:99999;background:#1a1a1a;color:#fff;font:14px/1.5 ui-monospace,monospace;padding:1rem;white-space:pre-wrap;border-top:4px solid #e03131';
      document.body.appendChild(overlay);
    }
    // The server sends the heading with the error, both in the officer's language.
    overlay.textContent = JSON.parse(e.data);
  });
})();
