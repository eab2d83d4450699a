/* global window, document, getComputedStyle -- the browser's: this file runs in the tab's page */
/* The Secretariat's dashboard: practices by status, semester, State and thematic area, and the days from a
 * submission to its decision, for the same filters as the list. Charts by Chart.js (loaded on first use), each
 * with its numbers in a table beside it for screen readers and for copying. */
(function (tab) {
  'use strict';

  var $ = tab.$;
  var el = tab.el;
  var t = tab.t;
  var charts = [];
  var lastData = null;
  var loading = null;
  var seq = 0;

  function loadChartJs() {
    if (window.Chart) return Promise.resolve(window.Chart);
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement('script');
        script.src = document.body.dataset.chart;
        script.onload = function () {
          resolve(window.Chart);
        };
        script.onerror = function () {
          loading = null;
          reject(new Error('chart.js'));
        };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  function cssVar(name) {
    return getComputedStyle(document.body).getPropertyValue(name).trim();
  }

  function numbersTable(headers, rows) {
    var details = el('details');
    details.appendChild(el('summary', t('chartNumbers')));
    var table = el('table');
    var head = el('tr');
    headers.forEach(function (h) {
      var th = el('th', h);
      th.scope = 'col';
      head.appendChild(th);
    });
    var thead = el('thead');
    thead.appendChild(head);
    table.appendChild(thead);
    var body = el('tbody');
    rows.forEach(function (r) {
      var tr = el('tr');
      r.forEach(function (v, i) {
        tr.appendChild(el(i === 0 ? 'th' : 'td', typeof v === 'number' ? tab.formatNumber(v) : v));
      });
      body.appendChild(tr);
    });
    table.appendChild(body);
    details.appendChild(table);
    return details;
  }

  /** One chart in a figure: a caption, the canvas (described for screen readers) and the numbers. */
  function figure(id, caption, height, full) {
    var fig = el('figure', null, 'panel' + (full ? ' full' : ''));
    fig.dataset.chart = id;
    fig.appendChild(el('figcaption', caption));
    var box = el('div', null, 'chart-box');
    box.style.height = height + 'px';
    var canvas = el('canvas');
    canvas.setAttribute('role', 'img');
    box.appendChild(canvas);
    fig.appendChild(box);
    $('charts').appendChild(fig);
    return { fig: fig, canvas: canvas };
  }

  function describe(canvas, caption, labels, values) {
    canvas.setAttribute(
      'aria-label',
      caption +
        ': ' +
        labels
          .map(function (l, i) {
            return l + ' ' + tab.formatNumber(values[i]);
          })
          .join('; '),
    );
    canvas.dataset.total = String(
      values.reduce(function (a, b) {
        return a + b;
      }, 0),
    );
    canvas.dataset.bars = String(values.length);
  }

  function barChart(Chart, canvas, opts) {
    var fg = cssVar('--fg');
    var line = cssVar('--line');
    var horizontal = !!opts.horizontal;
    var valueAxis = { beginAtZero: true, ticks: { color: fg, precision: 0 }, grid: { color: line } };
    var labelAxis = {
      ticks: { color: fg, autoSkip: false },
      grid: { display: false },
      stacked: !!opts.stacked,
    };
    if (opts.stacked) valueAxis.stacked = true;
    var chart = new Chart(canvas, {
      type: 'bar',
      data: { labels: opts.labels, datasets: opts.datasets },
      options: {
        locale: tab.lang,
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: horizontal ? 'y' : 'x',
        plugins: {
          legend: { display: opts.datasets.length > 1, labels: { color: fg } },
          tooltip: {
            callbacks: {
              title: function (items) {
                return opts.full ? opts.full[items[0].dataIndex] : items[0].label;
              },
            },
          },
        },
        scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
      },
    });
    charts.push(chart);
    return chart;
  }

  function tile(label, value, note) {
    var box = el('div', null, 'panel tile');
    box.appendChild(el('div', label, 'muted'));
    box.appendChild(el('div', value, 'n'));
    if (note) box.appendChild(el('div', note, 'muted'));
    $('tiles').appendChild(box);
  }

  function days(n) {
    return n === null ? t('dashNone') : t('dashDays', { days: tab.formatNumber(n, n < 10 ? 1 : 0) });
  }

  function bucketLabels(buckets) {
    return buckets.map(function (b, i) {
      var from = i === 0 ? 0 : buckets[i - 1].upTo;
      if (b.upTo === null) return t('bucketOver', { from: from });
      return i === 0 ? t('bucketFirst', { to: b.upTo }) : t('bucketRange', { from: from + 1, to: b.upTo });
    });
  }

  function draw(Chart, d) {
    charts.forEach(function (c) {
      c.destroy();
    });
    charts = [];
    tab.clear($('tiles'));
    tab.clear($('charts'));
    Chart.defaults.color = cssVar('--fg');
    Chart.defaults.borderColor = cssVar('--line');
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    tile(t('dashTotal'), tab.formatNumber(d.total));
    tile(t('dashDecided'), tab.formatNumber(d.decisions.count));
    tile(t('dashMedian'), days(d.decisions.medianDays));
    tile(
      t('dashWaiting'),
      tab.formatNumber(d.decisions.waiting),
      d.decisions.oldestWaitingDays === null
        ? null
        : t('dashOldest', { days: tab.formatNumber(Math.floor(d.decisions.oldestWaitingDays)) }),
    );
    if (d.total === 0) {
      $('charts').appendChild(el('p', t('dashEmpty'), 'muted'));
      return;
    }
    var colours = { submitted: cssVar('--chart-1'), returned: cssVar('--chart-2'), accepted: cssVar('--chart-3') };

    var status = figure('status', t('chartStatus'), 220);
    // Bars across, so "Devuelta con comentarios" reads level.
    var statusLabels = d.byStatus.map(function (s) {
      return s.label;
    });
    var statusValues = d.byStatus.map(function (s) {
      return s.count;
    });
    barChart(Chart, status.canvas, {
      horizontal: true,
      labels: statusLabels,
      datasets: [
        {
          label: t('chartPractices'),
          data: statusValues,
          backgroundColor: d.byStatus.map(function (s) {
            return colours[s.key] || cssVar('--chart-4');
          }),
        },
      ],
    });
    describe(status.canvas, t('chartStatus'), statusLabels, statusValues);
    status.fig.appendChild(
      numbersTable(
        [t('status'), t('chartPractices')],
        d.byStatus.map(function (s) {
          return [s.label, s.count];
        }),
      ),
    );

    var semester = figure('semester', t('chartSemester'), 220);
    var semesterLabels = d.bySemester.map(function (s) {
      return s.label;
    });
    barChart(Chart, semester.canvas, {
      labels: semesterLabels,
      stacked: true,
      datasets: d.byStatus.map(function (s) {
        return {
          label: s.label,
          backgroundColor: colours[s.key],
          data: d.bySemester.map(function (row) {
            return row.counts[s.key] || 0;
          }),
        };
      }),
    });
    var semesterTotals = d.bySemester.map(function (row) {
      return d.byStatus.reduce(function (n, s) {
        return n + (row.counts[s.key] || 0);
      }, 0);
    });
    describe(semester.canvas, t('chartSemester'), semesterLabels, semesterTotals);
    semester.fig.appendChild(
      numbersTable(
        [t('semester')].concat(statusLabels),
        d.bySemester.map(function (row) {
          return [row.label].concat(
            d.byStatus.map(function (s) {
              return row.counts[s.key] || 0;
            }),
          );
        }),
      ),
    );

    var decided = figure('decision', t('chartDecision'), 240, true);
    var bucketNames = bucketLabels(d.decisions.buckets);
    var bucketValues = d.decisions.buckets.map(function (b) {
      return b.count;
    });
    barChart(Chart, decided.canvas, {
      labels: bucketNames,
      datasets: [{ label: t('chartDecisions'), data: bucketValues, backgroundColor: cssVar('--chart-1') }],
    });
    describe(decided.canvas, t('chartDecision'), bucketNames, bucketValues);
    decided.fig.appendChild(
      numbersTable(
        [t('chartDays'), t('chartDecisions')],
        bucketNames.map(function (name, i) {
          return [name, bucketValues[i]];
        }),
      ),
    );

    var areaFull = d.byArea.map(function (a) {
      return a.label;
    });
    var areaValues = d.byArea.map(function (a) {
      return a.count;
    });
    var area = figure('area', t('chartArea'), 40 + 24 * d.byArea.length, true);
    barChart(Chart, area.canvas, {
      horizontal: true,
      labels: areaFull.map(function (l) {
        return tab.shortLabel(l, 72);
      }),
      full: areaFull,
      datasets: [{ label: t('chartPractices'), data: areaValues, backgroundColor: cssVar('--chart-3') }],
    });
    describe(area.canvas, t('chartArea'), areaFull, areaValues);
    area.fig.appendChild(el('p', t('chartAreaNote'), 'muted'));
    area.fig.appendChild(
      numbersTable(
        [t('area'), t('chartPractices')],
        d.byArea.map(function (a) {
          return [a.label, a.count];
        }),
      ),
    );
    var stateLabels = d.byState.map(function (s) {
      return s.label;
    });
    var stateValues = d.byState.map(function (s) {
      return s.count;
    });
    var state = figure('state', t('chartState'), 40 + 20 * d.byState.length, true);
    barChart(Chart, state.canvas, {
      horizontal: true,
      labels: stateLabels,
      datasets: [{ label: t('chartPractices'), data: stateValues, backgroundColor: cssVar('--chart-1') }],
    });
    describe(state.canvas, t('chartState'), stateLabels, stateValues);
    state.fig.appendChild(
      numbersTable(
        [t('state'), t('chartPractices')],
        d.byState.map(function (s) {
          return [s.label, s.count];
        }),
      ),
    );
  }

  tab.loadDashboard = function (place) {
    var mine = ++seq;
    tab.showFilters(place.params);
    $('dashboard').setAttribute('aria-busy', 'true');
    return Promise.all([tab.getJson('/api/tab/dashboard', tab.filterParams(place.params)), loadChartJs()])
      .then(function (both) {
        if (mine !== seq) return;
        var data = both[0];
        tab.drawOptions(data.options);
        tab.showFilters(place.params);
        tab.exportCount(data.dashboard.total);
        tab.say('');
        lastData = data.dashboard;
        draw(both[1], lastData);
      })
      .catch(tab.sayError)
      .then(function () {
        if (mine === seq) $('dashboard').removeAttribute('aria-busy');
      });
  };

  /** A theme change: the same numbers in the new colours. */
  tab.redrawDashboard = function () {
    if (lastData && window.Chart && !$('dashboard').hidden) draw(window.Chart, lastData);
  };
})((window.MesicicTab = window.MesicicTab || {}));
