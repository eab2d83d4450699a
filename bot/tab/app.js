/* MESICIC good practices: the Teams personal tab. Plain browser JavaScript, no build step; the pieces are in
 * web/ (core, place, list, detail, dashboard, abandoned) and this file starts them: Teams' context, the theme,
 * who the user is, and which view the address names. The server decides who the user is from the Teams SSO
 * token; the context's user is only used for the greeting. */
(function () {
  'use strict';

  var tab = window.MesicicTab;
  var $ = tab.$;
  var t = tab.t;
  var INIT_TIMEOUT_MS = 3000;
  var SECTIONS = { list: 'browse', practice: 'detail', dashboard: 'dashboard', abandoned: 'abandoned' };
  var REVIEWER_ONLY = ['dashboard', 'abandoned'];
  var previous = null;

  // ---- outside Teams --------------------------------------------------------------------------------

  function showOutsideTeams() {
    var first = tab.baseLocale(navigator.language) || 'en';
    var order = [first].concat(
      tab.LOCALES.filter(function (l) {
        return l !== first;
      }),
    );
    var box = $('outside');
    box.textContent = '';
    order.forEach(function (l, i) {
      var p = tab.el('p', tab.TEXTS[l].outside, i === 0 ? 'main-line' : null);
      p.lang = l;
      box.appendChild(p);
    });
    var hint = tab.el('p', tab.TEXTS[first].outsideHint, 'muted');
    hint.lang = first;
    box.appendChild(hint);
    document.documentElement.lang = first;
    box.hidden = false;
    $('app').hidden = true;
  }

  // ---- Teams ----------------------------------------------------------------------------------------

  function applyTheme(theme) {
    var name = theme === 'dark' || theme === 'contrast' ? theme : 'default';
    document.body.classList.remove('theme-default', 'theme-dark', 'theme-contrast');
    document.body.classList.add('theme-' + name);
    tab.redrawDashboard();
  }

  /** Shows the view the place names; an official asking for a reviewer's view gets the list. */
  function render(place) {
    if (tab.role !== 'reviewer' && REVIEWER_ONLY.indexOf(place.view) >= 0) {
      tab.go({ view: 'list', params: {} }, true);
      return;
    }
    Object.keys(SECTIONS).forEach(function (view) {
      $(SECTIONS[view]).hidden = view !== place.view || view === 'practice';
    });
    $('detail').hidden = true;
    var filtered = place.view === 'list' || place.view === 'dashboard';
    $('filters').hidden = !filtered;
    $('downloads').hidden = !filtered || tab.role !== 'reviewer';
    Array.prototype.forEach.call($('nav').querySelectorAll('button'), function (b) {
      var active = b.dataset.view === place.view || (b.dataset.view === 'list' && place.view === 'practice');
      if (active) b.setAttribute('aria-current', 'page');
      else b.removeAttribute('aria-current');
    });
    tab.remember();
    if (place.view === 'practice') return tab.openPractice(place);
    if (place.view === 'dashboard') return tab.loadDashboard(place);
    if (place.view === 'abandoned') return tab.loadAbandoned(place);
    return tab.loadList(place);
  }

  function drawStatic(user) {
    document.documentElement.lang = tab.lang;
    document.title = t('title');
    $('title').textContent = t('title');
    Array.prototype.forEach.call(document.querySelectorAll('[data-text]'), function (node) {
      node.textContent = t(node.getAttribute('data-text'));
    });
    $('f-q').placeholder = t('searchPlaceholder');
    $('who').textContent = user || '';
    $('app').hidden = false;
    $('outside').hidden = true;
  }

  function wire() {
    tab.wireList();
    tab.wireDetail();
    tab.onPlace = render;
    window.history.scrollRestoration = 'manual';
    window.addEventListener('hashchange', function () {
      var place = tab.currentPlace();
      tab.cameFromList = !!previous && previous.view === 'list' && place.view === 'practice';
      previous = place;
      render(place);
    });
    $('nav').addEventListener('click', function (e) {
      var b = e.target.closest('button[data-view]');
      if (!b) return;
      var here = tab.currentPlace();
      var params = b.dataset.view === 'abandoned' ? {} : tab.filterParams(here.params);
      tab.go({ view: b.dataset.view, params: params }, false);
    });
  }

  function begin(me, name) {
    tab.role = me.role === 'reviewer' ? 'reviewer' : 'official';
    $('who').textContent =
      (me.name || name || '') + ' · ' + t(tab.role === 'reviewer' ? 'roleReviewer' : 'roleOfficial');
    $('nav').hidden = tab.role !== 'reviewer';
    // Teams reopens a tab at its own address: the last place of this session is taken up again.
    if (!window.location.hash && tab.lastPlace()) window.history.replaceState(null, '', tab.lastPlace());
    previous = tab.currentPlace();
    return render(previous);
  }

  function start() {
    var teams = window.microsoftTeams;
    if (!teams || !teams.app) return Promise.resolve(showOutsideTeams());
    return tab
      .withTimeout(teams.app.initialize(), INIT_TIMEOUT_MS)
      .then(function () {
        return tab.withTimeout(teams.app.getContext(), INIT_TIMEOUT_MS);
      })
      .then(
        function (context) {
          tab.lang = tab.baseLocale(context.app && context.app.locale) || 'es';
          applyTheme(context.app && context.app.theme);
          try {
            teams.app.registerOnThemeChangeHandler(applyTheme);
          } catch {
            /* an older host: keep the first theme */
          }
          var name = context.user && (context.user.displayName || context.user.userPrincipalName);
          drawStatic(name);
          wire();
          return tab
            .getJson('/api/tab/me')
            .then(function (me) {
              return begin(me, name);
            })
            .catch(tab.sayError);
        },
        function () {
          showOutsideTeams();
        },
      );
  }

  start();
})();
