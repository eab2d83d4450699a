/* global window, URLSearchParams, sessionStorage -- the browser's: this file runs in the tab's page */
/* Where the user is, kept in the address's hash: the view, the filters, the sort, the page, the practice open.
 * "#list?state=PA&sort=title&dir=asc&page=3", "#practice/MESICIC-BP-2026-0001?state=PA&…" (the list it came
 * from rides along), "#dashboard?semester=2026-S1", "#abandoned?apage=2". Going back to the list is going back
 * to that address; the scroll position of each list address is kept in sessionStorage, and so is the last
 * address, for a tab that Teams reloads without its hash. */
(function (tab) {
  'use strict';

  var VIEWS = ['list', 'practice', 'dashboard', 'abandoned'];
  var FILTERS = ['area', 'state', 'status', 'semester', 'q'];
  var LIST_KEYS = FILTERS.concat(['sort', 'dir', 'page']);
  var LAST = 'mesicic.tab.place';
  var SCROLL = 'mesicic.tab.scroll:';

  tab.FILTERS = FILTERS;

  function store(key, value) {
    try {
      if (value === null) sessionStorage.removeItem(key);
      else sessionStorage.setItem(key, value);
    } catch {
      /* storage refused (private mode, a policy): the place is still in the hash */
    }
  }
  function stored(key) {
    try {
      return sessionStorage.getItem(key);
    } catch {
      return null;
    }
  }

  /** { view, key, params: { area, state, status, semester, q, sort, dir, page, apage } } */
  tab.parsePlace = function (hash) {
    var text = String(hash || '').replace(/^#/, '');
    var q = text.indexOf('?');
    var path = q >= 0 ? text.slice(0, q) : text;
    var query = new URLSearchParams(q >= 0 ? text.slice(q + 1) : '');
    var parts = path.split('/');
    var view = VIEWS.indexOf(parts[0]) >= 0 ? parts[0] : 'list';
    var key = view === 'practice' ? decodeURIComponent(parts.slice(1).join('/')) : null;
    if (view === 'practice' && !key) view = 'list';
    var params = {};
    query.forEach(function (value, name) {
      if (value !== '') params[name] = value;
    });
    return { view: view, key: key, params: params };
  };

  tab.hashOf = function (place) {
    var query = new URLSearchParams();
    Object.keys(place.params || {})
      .sort()
      .forEach(function (name) {
        var value = place.params[name];
        if (value !== undefined && value !== null && value !== '') query.set(name, String(value));
      });
    var path = place.view === 'practice' ? 'practice/' + encodeURIComponent(place.key) : place.view;
    var qs = query.toString();
    return '#' + path + (qs ? '?' + qs : '');
  };

  /** Only the list's own parameters (filters, sort, page): what a practice carries back to its list. */
  tab.listParams = function (params) {
    var out = {};
    LIST_KEYS.forEach(function (k) {
      if (params[k] !== undefined) out[k] = params[k];
    });
    return out;
  };
  tab.filterParams = function (params) {
    var out = {};
    FILTERS.forEach(function (k) {
      if (params[k] !== undefined) out[k] = params[k];
    });
    return out;
  };

  tab.currentPlace = function () {
    return tab.parsePlace(window.location.hash);
  };

  /** Moves to a place: a new history entry (opening a practice), or in place of this one (a filter, a page). */
  tab.go = function (place, replace) {
    var hash = tab.hashOf(place);
    if (replace) {
      window.history.replaceState(null, '', hash);
      tab.onPlace(tab.parsePlace(hash));
    } else if (window.location.hash === hash) tab.onPlace(tab.parsePlace(hash));
    else window.location.hash = hash; // hashchange draws it
  };

  tab.remember = function () {
    store(LAST, window.location.hash);
  };
  tab.lastPlace = function () {
    return stored(LAST);
  };

  tab.saveScroll = function (hash) {
    store(SCROLL + hash, String(Math.round(window.scrollY)));
  };
  /** The scroll position saved for this list address, once: a later visit from elsewhere starts at the top. */
  tab.takeScroll = function (hash) {
    var value = stored(SCROLL + hash);
    store(SCROLL + hash, null);
    return value === null ? null : Number(value);
  };

  // Set by app.js: draws a place.
  tab.onPlace = function () {};
})((window.MesicicTab = window.MesicicTab || {}));
