/* global window -- the browser's: this file runs in the tab's page */
/* Reviewers only: drafts their officials deleted in the last 30 days, newest deletion first, a page at a time. */
(function (tab) {
  'use strict';

  var $ = tab.$;
  var el = tab.el;
  var t = tab.t;
  var seq = 0;

  function draw(data) {
    var body = tab.clear($('a-rows'));
    $('a-count').textContent = data.matched ? t('abandonedCount', { n: tab.formatNumber(data.matched) }) : '';
    if (data.items.length === 0) {
      var td = el('td', t('abandonedNone'), 'muted');
      td.colSpan = 6;
      var empty = el('tr');
      empty.appendChild(td);
      body.appendChild(empty);
      return;
    }
    data.items.forEach(function (d) {
      var tr = el('tr');
      tr.dataset.id = d.id;
      tr.appendChild(el('td', d.owner));
      tr.appendChild(el('td', d.title));
      tr.appendChild(el('td', d.stateLabel));
      tr.appendChild(el('td', tab.formatDateTime(d.deletedAt)));
      tr.appendChild(el('td', t('abandonedFieldsValue', { done: d.fieldsDone, total: d.fieldsTotal })));
      tr.appendChild(el('td', tab.formatDate(d.createdAt)));
      body.appendChild(tr);
    });
  }

  tab.loadAbandoned = function (place) {
    var mine = ++seq;
    var page = place.params.apage || '1';
    return tab
      .getJson('/api/tab/abandoned', { page: page })
      .then(function (data) {
        if (mine !== seq) return;
        tab.say('');
        draw(data);
        tab.drawPager($('a-pager'), data, function (n) {
          tab.go({ view: 'abandoned', params: { apage: n } }, true);
          window.scrollTo(0, 0);
        });
      })
      .catch(tab.sayError);
  };
})((window.MesicicTab = window.MesicicTab || {}));
