/* global window, document, setTimeout, clearTimeout -- the browser's: this file runs in the tab's page */
/* The list of practices: the filters (shared with the dashboard), column headings that sort, one page of rows
 * from the server, the pager, and the reviewers' downloads for the filters. */
(function (tab) {
  'use strict';

  var $ = tab.$;
  var el = tab.el;
  var t = tab.t;
  var COLUMNS = [
    { sort: 'reference', text: 'columnReference' },
    { sort: 'title', text: 'columnTitle' },
    { sort: 'state', text: 'columnState' },
    { sort: 'institution', text: 'columnInstitution' },
    { sort: 'areas', text: 'columnAreas' },
    { sort: 'status', text: 'columnStatus' },
    { sort: 'date', text: 'columnDate' },
  ];
  var FEW = 10;
  var optionsDrawn = false;
  var loadSeq = 0;
  var last = null; // the last page drawn, for the downloads' count

  // ---- filters --------------------------------------------------------------------------------------

  function fillSelect(select, options) {
    select.textContent = '';
    var all = el('option', t('all'));
    all.value = '';
    select.appendChild(all);
    options.forEach(function (o) {
      var opt = el('option', o.label);
      opt.value = o.value;
      select.appendChild(opt);
    });
  }

  tab.drawOptions = function (options) {
    if (optionsDrawn) return;
    fillSelect($('f-area'), options.areas.concat([{ value: 'none', label: t('noArea') }]));
    fillSelect($('f-state'), options.states);
    fillSelect($('f-status'), options.statuses);
    fillSelect($('f-semester'), options.semesters);
    optionsDrawn = true;
  };

  /** The form shows the place's filters (after a back, a reload or a link). */
  tab.showFilters = function (params) {
    tab.FILTERS.forEach(function (name) {
      var input = $('f-' + name);
      var value = params[name] || '';
      if (input.tagName === 'SELECT' && value && !input.querySelector('option[value="' + cssEscape(value) + '"]')) {
        // A value the options do not hold (yet): kept, so the request and the form agree.
        var opt = el('option', value);
        opt.value = value;
        input.appendChild(opt);
      }
      if (document.activeElement !== input) input.value = value;
    });
    drawExports(params);
  };

  function cssEscape(value) {
    return String(value).replace(/["\\]/g, '\\$&');
  }

  function formFilters() {
    var out = {};
    tab.FILTERS.forEach(function (name) {
      var value = $('f-' + name).value.trim();
      if (value) out[name] = value;
    });
    return out;
  }

  /** A changed filter starts again at page 1, in the same view and sort. */
  function applyFilters() {
    var place = tab.currentPlace();
    var params = formFilters();
    if (place.view === 'list') {
      if (place.params.sort) params.sort = place.params.sort;
      if (place.params.dir) params.dir = place.params.dir;
    }
    tab.go({ view: place.view === 'dashboard' ? 'dashboard' : 'list', params: params }, true);
  }

  // ---- downloads ------------------------------------------------------------------------------------

  function drawExports(params) {
    var compile = $('x-compilation');
    compile.textContent = params.semester
      ? t('compilation', { semester: params.semester })
      : t('compilationNoSemester');
    compile.disabled = !params.semester;
    $('x-hint').textContent = params.semester ? '' : t('compilationNeedsSemester');
  }

  tab.exportCount = function (n) {
    if (!params().semester) return;
    $('x-hint').textContent = t('exportsNote', { n: tab.formatNumber(n) });
  };

  function params() {
    return tab.filterParams(tab.currentPlace().params);
  }

  // ---- the table ------------------------------------------------------------------------------------

  function drawHeads(place) {
    var row = tab.clear($('heads'));
    var sort = place.params.sort || 'date';
    var dir = place.params.dir || (sort === 'date' ? 'desc' : 'asc');
    COLUMNS.forEach(function (c) {
      var th = el('th');
      th.scope = 'col';
      th.dataset.sort = c.sort;
      if (c.sort === sort) th.setAttribute('aria-sort', dir === 'asc' ? 'ascending' : 'descending');
      var button = el('button', t(c.text));
      button.type = 'button';
      button.addEventListener('click', function () {
        var p = tab.listParams(tab.currentPlace().params);
        var same = (p.sort || 'date') === c.sort;
        var currentDir = p.dir || ((p.sort || 'date') === 'date' ? 'desc' : 'asc');
        p.sort = c.sort;
        p.dir = same ? (currentDir === 'asc' ? 'desc' : 'asc') : c.sort === 'date' ? 'desc' : 'asc';
        delete p.page;
        tab.go({ view: 'list', params: p }, true);
      });
      th.appendChild(button);
      row.appendChild(th);
    });
  }

  function cell(cls, text) {
    return el('td', text, cls);
  }

  function drawRows(data, place) {
    var body = tab.clear($('rows'));
    if (data.items.length === 0) {
      var td = el('td', data.total === 0 ? t('nothingYet') : t('empty'), 'muted');
      td.colSpan = COLUMNS.length;
      var tr = el('tr');
      tr.appendChild(td);
      body.appendChild(tr);
      return;
    }
    var back = tab.listParams(place.params);
    data.items.forEach(function (item) {
      var tr = el('tr');
      tr.dataset.key = item.key;
      tr.appendChild(cell('ref', item.reference || t('draft')));
      var title = el('td', null, 'title');
      // A title pasted with its whole provision runs to several hundred characters: the row shows its start.
      var link = el('a', tab.shortLabel(item.title, 140));
      if (link.textContent !== item.title) link.title = item.title;
      link.href = tab.hashOf({ view: 'practice', key: item.key, params: back });
      title.appendChild(link);
      tr.appendChild(title);
      tr.appendChild(cell('state', item.stateLabel));
      tr.appendChild(cell('inst', item.institution));
      var areas = el('td', null, 'areas');
      if (item.areas.length === 0) areas.appendChild(el('span', t('noArea'), 'muted'));
      item.areas.forEach(function (a) {
        // About two lines of the cell; the whole name in its tooltip, so a row is not a screen tall.
        var div = el('div', tab.shortLabel(a.label, 56));
        div.title = a.label;
        areas.appendChild(div);
      });
      tr.appendChild(areas);
      var status = el('td');
      status.appendChild(el('span', item.statusLabel, 'badge s-' + item.status));
      tr.appendChild(status);
      tr.appendChild(cell('date', tab.formatDate(item.date)));
      body.appendChild(tr);
    });
  }

  function pagerButton(text, page, enabled) {
    var b = el('button', text);
    b.type = 'button';
    b.disabled = !enabled;
    b.dataset.page = String(page);
    return b;
  }

  /** First, previous, "page 3 of 40", a page to go to, next, last. */
  tab.drawPager = function (nav, data, goTo) {
    tab.clear(nav);
    if (data.pages <= 1) return;
    nav.setAttribute('aria-label', t('pageOf', { page: data.page, pages: data.pages }));
    nav.appendChild(pagerButton(t('pageFirst'), 1, data.page > 1));
    nav.appendChild(pagerButton(t('pagePrevious'), data.page - 1, data.page > 1));
    nav.appendChild(el('span', t('pageOf', { page: data.page, pages: data.pages }), 'page-of'));
    var label = el('label', t('pageGo') + ' ');
    var input = el('input');
    input.type = 'number';
    input.min = '1';
    input.max = String(data.pages);
    input.value = String(data.page);
    label.appendChild(input);
    nav.appendChild(label);
    nav.appendChild(pagerButton(t('pageNext'), data.page + 1, data.page < data.pages));
    nav.appendChild(pagerButton(t('pageLast'), data.pages, data.page < data.pages));
    nav.onclick = function (e) {
      var b = e.target.closest('button[data-page]');
      if (b && !b.disabled) goTo(Number(b.dataset.page));
    };
    input.onchange = function () {
      var n = Math.min(data.pages, Math.max(1, Math.round(Number(input.value) || 1)));
      goTo(n);
    };
  };

  function drawCount(data) {
    var from = data.matched === 0 ? 0 : (data.page - 1) * data.size + 1;
    var to = Math.min(data.matched, data.page * data.size);
    var values = {
      from: tab.formatNumber(from),
      to: tab.formatNumber(to),
      matched: tab.formatNumber(data.matched),
      total: tab.formatNumber(data.total),
    };
    $('count').textContent = t(data.matched === data.total ? 'count' : 'countFiltered', values);
  }

  tab.loadList = function (place) {
    var seq = ++loadSeq;
    var query = tab.listParams(place.params);
    drawHeads(place);
    tab.showFilters(place.params);
    $('rows').setAttribute('aria-busy', 'true');
    return tab
      .getJson('/api/tab/practices', query)
      .then(function (data) {
        if (seq !== loadSeq) return; // a newer request is on its way
        tab.drawOptions(data.options);
        tab.showFilters(place.params);
        tab.say('');
        last = data;
        // An official with a handful of items has nothing to filter: the form would only push the list down.
        $('filters').hidden =
          tab.role !== 'reviewer' && data.total <= FEW && Object.keys(tab.filterParams(place.params)).length === 0;
        drawRows(data, place);
        drawCount(data);
        tab.exportCount(data.matched);
        tab.drawPager($('pager'), data, function (page) {
          var p = tab.listParams(tab.currentPlace().params);
          p.page = page;
          tab.go({ view: 'list', params: p }, true);
          window.scrollTo(0, 0);
        });
        // Back from a practice: the list as it was, scrolled where it was.
        var y = tab.takeScroll(window.location.hash);
        window.scrollTo(0, y === null ? 0 : y);
      })
      .catch(tab.sayError)
      .then(function () {
        if (seq === loadSeq) $('rows').removeAttribute('aria-busy');
      });
  };

  tab.lastList = function () {
    return last;
  };

  tab.wireList = function () {
    var form = $('filters');
    var timer = null;
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      applyFilters();
    });
    form.addEventListener('change', function (e) {
      if (e.target.id !== 'f-q') applyFilters();
    });
    $('f-q').addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(applyFilters, 350);
    });
    form.addEventListener('reset', function () {
      setTimeout(applyFilters, 0);
    });
    // A row opens its practice; the scroll position is kept for the way back.
    $('rows').addEventListener('click', function (e) {
      var tr = e.target.closest('tr[data-key]');
      if (!tr) return;
      tab.saveScroll(window.location.hash);
      var link = tr.querySelector('a');
      if (e.target.closest('a') !== link && link) window.location.hash = link.getAttribute('href');
    });
    $('x-csv').addEventListener('click', function () {
      tab.download($('x-csv'), '/api/tab/export/csv', params(), 'mesicic.csv');
    });
    $('x-compilation').addEventListener('click', function () {
      var p = params();
      if (!p.semester) return;
      tab.download($('x-compilation'), '/api/tab/export/compilation', p, 'mesicic-' + p.semester + '.docx');
    });
  };
})((window.MesicicTab = window.MesicicTab || {}));
