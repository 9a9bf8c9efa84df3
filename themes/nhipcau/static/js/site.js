// Small enhancements; every page works without them.

// Quick exit (pages with extra.quick_exit): the button, or Shift pressed three times within five
// seconds with no other key between (GOV.UK's "Exit this page" shortcut), hides the page at once
// and replaces it with the neutral site, so Back does not return here.
const exit = document.querySelector('[data-quick-exit]');
if (exit) {
  const leave = () => {
    // Once: a fourth Shift (or a second tap) while the page is leaving started a second
    // navigation, which aborted the first and anything that came after it, such as Back.
    if (document.body.hidden) return;
    presses = [];
    document.body.hidden = true;
    document.title = '';
    window.location.replace(exit.href);
  };
  exit.addEventListener('click', (e) => { e.preventDefault(); leave(); });
  let presses = [];
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Shift') { presses = []; return; }
    if (e.repeat) return;
    const now = Date.now();
    presses = presses.filter((t) => now - t < 5000);
    presses.push(now);
    if (presses.length >= 3) leave();
  });
  // A page restored from the back-forward cache must not stay blank.
  window.addEventListener('pageshow', () => { document.body.hidden = false; });
}

// Printed pages say when they were printed (the address is in the page already).
const printDate = document.querySelector('[data-print-date]');
if (printDate) {
  window.addEventListener('beforeprint', () => {
    const d = new Date();
    printDate.textContent = `, ngày ${d.getDate()} tháng ${d.getMonth() + 1} năm ${d.getFullYear()}`;
  });
}

// Campaign days: "đã diễn ra" once the day is over, in the reader's own calendar.
for (const time of document.querySelectorAll('time[data-event-date]')) {
  const [y, m, d] = time.dateTime.split('-').map(Number);
  const state = time.parentElement.querySelector('[data-event-state]');
  if (!state || !y) continue;
  const today = new Date();
  const day = new Date(y, m - 1, d + 1); // the end of that day
  if (today >= day) state.textContent = ' (đã diễn ra)';
}

// On a phone, the home page's search box moves to the top of the screen when tapped, so its
// results open above the on-screen keyboard instead of below the fold.
const bigSearch = document.querySelector('.search-big input[name="q"]');
if (bigSearch && window.matchMedia('(max-width: 48rem)').matches) {
  bigSearch.addEventListener('focus', () => bigSearch.scrollIntoView({ block: 'start' }));
}

// "Về đầu trang" floats at the bottom of the screen once the page's own header is scrolled away.
const toTop = document.querySelector('.to-top-wrap');
const pageHeader = document.querySelector('.page-header');
if (toTop && pageHeader && 'IntersectionObserver' in window) {
  new IntersectionObserver(([entry]) => toTop.classList.toggle('floating', !entry.isIntersecting)).observe(pageHeader);
}
