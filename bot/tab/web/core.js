/* global window, document, fetch, URL, URLSearchParams, setTimeout, clearTimeout -- the browser's: this file runs in the tab's page */
/* The tab's shared helpers: texts, elements, dates in UTC, the API with the Teams SSO token, downloads. Plain
 * browser JavaScript, no build step. Nothing is drawn with innerHTML: every text goes through textContent. */
(function (tab) {
  'use strict';

  var TEXTS = JSON.parse(document.getElementById('tab-texts').textContent);
  var LOCALES = ['es', 'en', 'pt', 'fr'];
  var TOKEN_TIMEOUT_MS = 15000;

  tab.TEXTS = TEXTS;
  tab.LOCALES = LOCALES;
  tab.lang = 'es';
  tab.role = 'official';

  tab.$ = function (id) {
    return document.getElementById(id);
  };
  tab.t = function (key, params) {
    var s = (TEXTS[tab.lang] && TEXTS[tab.lang][key]) || TEXTS.es[key] || key;
    return s.replace(/\{(\w+)\}/g, function (_, k) {
      return params && params[k] !== undefined ? String(params[k]) : '';
    });
  };
  tab.baseLocale = function (tag) {
    var base = String(tag || '')
      .toLowerCase()
      .split(/[-_]/)[0];
    return LOCALES.indexOf(base) >= 0 ? base : null;
  };
  tab.el = function (tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  };
  tab.clear = function (node) {
    node.textContent = '';
    return node;
  };
  tab.withTimeout = function (promise, ms) {
    return new Promise(function (resolve, reject) {
      var timer = setTimeout(function () {
        reject(new Error('timeout'));
      }, ms);
      Promise.resolve(promise).then(
        function (v) {
          clearTimeout(timer);
          resolve(v);
        },
        function (e) {
          clearTimeout(timer);
          reject(e);
        },
      );
    });
  };

  // Every date in UTC, as the Word files print them, and the column headings say so.
  tab.formatDate = function (iso) {
    try {
      return new Intl.DateTimeFormat(tab.lang, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso));
    } catch {
      return String(iso).slice(0, 10);
    }
  };
  tab.formatDateTime = function (iso) {
    try {
      return (
        new Intl.DateTimeFormat(tab.lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(
          new Date(iso),
        ) + ' UTC'
      );
    } catch {
      return String(iso);
    }
  };
  tab.formatNumber = function (n, digits) {
    return new Intl.NumberFormat(tab.lang, { maximumFractionDigits: digits || 0 }).format(n);
  };

  /** A label short enough for a table cell or an axis, cut between words; the whole of it goes in a tooltip. */
  tab.shortLabel = function (text, max) {
    if (text.length <= max) return text;
    var cut = text.slice(0, max + 1);
    var space = cut.lastIndexOf(' ');
    return (space > max / 2 ? cut.slice(0, space) : text.slice(0, max)).replace(/[\s,;:·]+$/, '') + '…';
  };

  // ---- the API ------------------------------------------------------------------------------------

  function ApiError(kind) {
    this.kind = kind;
  }
  tab.ApiError = ApiError;

  function token() {
    return tab.withTimeout(window.microsoftTeams.authentication.getAuthToken(), TOKEN_TIMEOUT_MS);
  }

  /** GET on the tab's API with the SSO token; the language always goes along, for the labels. */
  tab.call = function (path, params) {
    var query = new URLSearchParams(params || {});
    query.set('lang', tab.lang);
    return token()
      .catch(function () {
        throw new ApiError('auth');
      })
      .then(function (tok) {
        return fetch(path + '?' + query.toString(), {
          headers: { Authorization: 'Bearer ' + tok },
          credentials: 'omit',
          cache: 'no-store',
        });
      })
      .then(function (res) {
        if (res.status === 401) throw new ApiError('auth');
        if (res.status === 403) throw new ApiError('forbidden');
        if (res.status === 404) throw new ApiError('notFound');
        if (!res.ok) throw new ApiError('load');
        return res;
      });
  };
  tab.getJson = function (path, params) {
    return tab.call(path, params).then(function (res) {
      return res.json();
    });
  };

  tab.say = function (text) {
    tab.$('message').textContent = text || '';
  };
  tab.sayError = function (err) {
    var kind = err instanceof ApiError ? err.kind : 'load';
    var key = { auth: 'signInFailed', notFound: 'notFound', forbidden: 'forbidden' }[kind] || 'loadFailed';
    tab.say(tab.t(key));
  };

  function filenameOf(res, fallback) {
    var header = res.headers.get('Content-Disposition') || '';
    var utf8 = /filename\*=UTF-8''([^;]+)/.exec(header);
    if (utf8) return decodeURIComponent(utf8[1]);
    var plain = /filename="([^"]+)"/.exec(header);
    return plain ? plain[1] : fallback;
  }

  /** Fetches a file with the token and hands it to the browser; the button is held while it is made. */
  tab.download = function (button, path, params, fallbackName) {
    button.disabled = true;
    tab.say(tab.t('downloading'));
    var name = fallbackName;
    return tab
      .call(path, params)
      .then(function (res) {
        name = filenameOf(res, name);
        return res.blob();
      })
      .then(function (blob) {
        var url = URL.createObjectURL(blob);
        var a = tab.el('a');
        a.href = url;
        a.download = name;
        a.hidden = true;
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(function () {
          URL.revokeObjectURL(url);
        }, 60000);
        tab.say('');
      })
      .catch(function (err) {
        if (err instanceof ApiError && err.kind !== 'load') tab.sayError(err);
        else tab.say(tab.t('downloadFailed'));
      })
      .then(function () {
        button.disabled = false;
      });
  };

  /** Teams opens its own links (a thread) in the client; a plain link would open a browser inside the frame. */
  tab.openInTeams = function (event) {
    var teams = window.microsoftTeams;
    var href = event.currentTarget.href;
    if (!teams || !teams.app || !teams.app.openLink) return;
    event.preventDefault();
    Promise.resolve()
      .then(function () {
        return teams.app.openLink(href);
      })
      .catch(function () {
        window.open(href, '_blank', 'noopener');
      });
  };
})((window.MesicicTab = window.MesicicTab || {}));
