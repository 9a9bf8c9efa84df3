// Centre finder: filters the plain lists (which work without JS) by province and target group.
(function () {
  var form = document.querySelector('[data-centre-filter]');
  if (!form) return;
  var cards = Array.prototype.slice.call(document.querySelectorAll('.centres [data-province]'));
  var status = form.querySelector('.filter-status');
  function apply() {
    var province = form.elements.province.value;
    var group = form.elements.group.value;
    var shown = 0;
    cards.forEach(function (card) {
      var ok = (!province || card.getAttribute('data-province') === province) &&
        (!group || (' ' + card.getAttribute('data-groups') + ' ').indexOf(' ' + group + ' ') >= 0);
      card.hidden = !ok;
      if (ok) shown += 1;
    });
    document.querySelectorAll('section.province').forEach(function (s) {
      s.hidden = !s.querySelector('[data-province]:not([hidden])');
    });
    status.textContent = shown ? 'Đang hiện ' + shown + ' cơ sở.' : 'Không có cơ sở phù hợp. Hãy liên hệ Ủy ban nhân dân xã, phường nơi cư trú hoặc gọi 111.';
  }
  form.hidden = false;
  form.addEventListener('change', apply);
  form.addEventListener('submit', function (e) { e.preventDefault(); apply(); });
})();
