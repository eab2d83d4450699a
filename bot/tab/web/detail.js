/* global window -- the browser's: this file runs in the tab's page */
/* One practice: its facts, its review history (who, when, what, which fields, the comment), for reviewers the
 * link to its thread in the Secretariat channel, its Word file, and every field in full. */
(function (tab) {
  'use strict';

  var $ = tab.$;
  var el = tab.el;
  var t = tab.t;
  var current = null;
  var openSeq = 0;

  function fact(dl, name, value) {
    if (!value) return;
    dl.appendChild(el('dt', name));
    var dd = el('dd');
    if (typeof value === 'string') dd.textContent = value;
    else dd.appendChild(value);
    dl.appendChild(dd);
  }

  function areaList(areas) {
    if (areas.length === 0) return t('noArea');
    var box = el('div');
    areas.forEach(function (a) {
      box.appendChild(el('div', a.label));
    });
    return box;
  }

  function drawHistory(p) {
    var box = $('d-history-box');
    var body = tab.clear($('d-history').querySelector('tbody'));
    box.hidden = p.isDraft;
    if (p.isDraft) return;
    if (p.history.length === 0) {
      var td = el('td', t('noHistory'), 'muted');
      td.colSpan = 5;
      var empty = el('tr');
      empty.appendChild(td);
      body.appendChild(empty);
      return;
    }
    // Newest first: the decision that matters now is on top.
    p.history
      .slice()
      .reverse()
      .forEach(function (h) {
        var tr = el('tr');
        tr.dataset.status = h.status;
        tr.appendChild(el('td', tab.formatDateTime(h.at), 'when'));
        tr.appendChild(el('td', h.by));
        var what = el('td');
        what.appendChild(
          el('span', t('historyVersion', { status: h.statusLabel, version: h.version }), 'badge s-' + h.status),
        );
        tr.appendChild(what);
        tr.appendChild(
          el(
            'td',
            h.fields
              .map(function (f) {
                return f.number + '. ' + f.label;
              })
              .join('; '),
            'fields',
          ),
        );
        tr.appendChild(el('td', h.comment || '', 'comment'));
        body.appendChild(tr);
      });
  }

  function draw(p) {
    $('d-title').textContent = p.title;
    var dl = tab.clear($('d-facts'));
    fact(dl, t('reference'), p.reference || t('draft'));
    fact(dl, t('state'), p.stateLabel);
    fact(dl, t('columnInstitution'), p.institution);
    fact(dl, t('status'), p.isDraft ? null : t('historyVersion', { status: p.statusLabel, version: p.version }));
    fact(dl, p.isDraft ? t('savedAt') : t('submittedAt'), tab.formatDateTime(p.date));
    fact(dl, t('areas'), areaList(p.areas));
    fact(dl, t('provisions'), p.provisions.join(', '));
    fact(dl, t('submittedBy'), p.submittedBy);
    var thread = $('thread');
    thread.hidden = !p.threadUrl;
    if (p.threadUrl) thread.href = p.threadUrl;
    else thread.removeAttribute('href');
    drawHistory(p);
    var box = tab.clear($('d-fields'));
    p.fields.forEach(function (f) {
      var section = el('section');
      section.dataset.field = String(f.number);
      section.appendChild(el('h3', f.number + '. ' + f.label));
      f.parts.forEach(function (part) {
        if (part.label) section.appendChild(el('div', part.label, 'part-label'));
        section.appendChild(el('div', part.text || t('emptyAnswer'), part.text ? 'answer' : 'answer muted'));
      });
      box.appendChild(section);
    });
  }

  tab.openPractice = function (place) {
    var seq = ++openSeq;
    current = null;
    tab.say(t('loading'));
    return tab
      .getJson('/api/tab/practices/' + encodeURIComponent(place.key))
      .then(function (p) {
        if (seq !== openSeq) return;
        current = p;
        tab.say('');
        draw(p);
        $('detail').hidden = false;
        window.scrollTo(0, 0);
        $('back').focus();
      })
      .catch(tab.sayError);
  };

  tab.wireDetail = function () {
    $('back').addEventListener('click', function () {
      var place = tab.currentPlace();
      var list = { view: 'list', params: tab.listParams(place.params) };
      // Came here from the list: going back is the browser's back, which keeps the list's own history entry.
      if (tab.cameFromList) window.history.back();
      else tab.go(list, true);
    });
    $('download').addEventListener('click', function () {
      if (!current) return;
      tab.download(
        $('download'),
        '/api/tab/practices/' + encodeURIComponent(current.key) + '/word',
        {},
        current.key + '.docx',
      );
    });
    $('thread').addEventListener('click', tab.openInTeams);
  };
})((window.MesicicTab = window.MesicicTab || {}));
