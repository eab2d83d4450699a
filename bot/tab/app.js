/* MESICIC good practices: the Teams personal tab. Plain browser JavaScript, no build step.
 * It trusts nothing it draws: every text goes through textContent, never innerHTML. The server decides who the
 * user is from the Teams SSO token; the context's user is only used for the greeting. */
(function () {
  'use strict';

  var TEXTS = JSON.parse(document.getElementById('tab-texts').textContent);
  var LOCALES = ['es', 'en', 'pt', 'fr'];
  var INIT_TIMEOUT_MS = 3000;
  var TOKEN_TIMEOUT_MS = 15000;
  var lang = 'es';
  var current = null; // the practice shown in the detail view
  var optionsDrawn = false;
  var loadSeq = 0;

  var $ = function (id) {
    return document.getElementById(id);
  };
  var t = function (key, params) {
    var s = (TEXTS[lang] && TEXTS[lang][key]) || TEXTS.es[key] || key;
    return s.replace(/\{(\w+)\}/g, function (_, k) {
      return params && params[k] !== undefined ? String(params[k]) : '';
    });
  };
  var baseLocale = function (tag) {
    var base = String(tag || '')
      .toLowerCase()
      .split(/[-_]/)[0];
    return LOCALES.indexOf(base) >= 0 ? base : null;
  };
  var el = function (tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  };
  var withTimeout = function (promise, ms) {
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
  var formatDate = function (iso) {
    try {
      return new Intl.DateTimeFormat(lang, { dateStyle: 'medium' }).format(new Date(iso));
    } catch {
      return String(iso).slice(0, 10);
    }
  };

  // ---- outside Teams --------------------------------------------------------------------------------

  function showOutsideTeams() {
    var first = baseLocale(navigator.language) || 'en';
    var order = [first].concat(
      LOCALES.filter(function (l) {
        return l !== first;
      }),
    );
    var box = $('outside');
    box.textContent = '';
    order.forEach(function (l, i) {
      var p = el('p', TEXTS[l].outside, i === 0 ? 'main-line' : null);
      p.lang = l;
      box.appendChild(p);
    });
    var hint = el('p', TEXTS[first].outsideHint, 'muted');
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
  }

  function token() {
    return withTimeout(window.microsoftTeams.authentication.getAuthToken(), TOKEN_TIMEOUT_MS);
  }

  function ApiError(kind) {
    this.kind = kind;
  }

  function call(path, params) {
    var query = new URLSearchParams(params || {});
    query.set('lang', lang);
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
        if (res.status === 404) throw new ApiError('notFound');
        if (!res.ok) throw new ApiError('load');
        return res;
      });
  }

  function say(text) {
    $('message').textContent = text || '';
  }
  function sayError(err) {
    var kind = err instanceof ApiError ? err.kind : 'load';
    say(t(kind === 'auth' ? 'signInFailed' : kind === 'notFound' ? 'notFound' : 'loadFailed'));
  }

  // ---- the list -------------------------------------------------------------------------------------

  function filters() {
    var out = {};
    ['area', 'state', 'status', 'semester', 'q'].forEach(function (name) {
      var value = $('f-' + name).value.trim();
      if (value) out[name] = value;
    });
    return out;
  }

  function fillSelect(select, options) {
    var keep = select.value;
    select.textContent = '';
    var all = el('option', t('all'));
    all.value = '';
    select.appendChild(all);
    options.forEach(function (o) {
      var opt = el('option', o.label);
      opt.value = o.value;
      select.appendChild(opt);
    });
    select.value = keep;
  }

  function drawOptions(options) {
    fillSelect($('f-area'), options.areas.concat([{ value: 'none', label: t('noArea') }]));
    fillSelect($('f-state'), options.states);
    fillSelect($('f-status'), options.statuses);
    fillSelect($('f-semester'), options.semesters);
    optionsDrawn = true;
  }

  function drawList(data) {
    var list = $('list');
    list.textContent = '';
    $('count').textContent = t('count', { n: data.items.length, total: data.total });
    if (data.items.length === 0) {
      list.appendChild(el('li', data.total === 0 ? t('nothingYet') : t('empty'), 'muted'));
      return;
    }
    data.items.forEach(function (item) {
      var li = el('li');
      var button = el('button');
      button.type = 'button';
      button.dataset.key = item.key;
      button.appendChild(el('span', item.reference || t('draft'), 'ref'));
      var main = el('span');
      main.appendChild(el('span', item.title, 'title'));
      main.appendChild(el('br'));
      main.appendChild(el('span', item.institution, 'muted'));
      button.appendChild(main);
      button.appendChild(el('span', item.stateLabel));
      var status = el('span');
      status.appendChild(el('span', item.statusLabel, 'badge'));
      status.appendChild(el('br'));
      status.appendChild(el('span', formatDate(item.date), 'muted'));
      button.appendChild(status);
      button.addEventListener('click', function () {
        openDetail(item.key);
      });
      li.appendChild(button);
      list.appendChild(li);
    });
  }

  function loadList() {
    var seq = ++loadSeq;
    $('list').setAttribute('aria-busy', 'true');
    return call('/api/tab/practices', filters())
      .then(function (res) {
        return res.json();
      })
      .then(function (data) {
        if (seq !== loadSeq) return; // a newer request is on its way
        if (!optionsDrawn) drawOptions(data.options);
        say('');
        drawList(data);
      })
      .catch(sayError)
      .then(function () {
        if (seq === loadSeq) $('list').removeAttribute('aria-busy');
      });
  }

  // ---- one practice ---------------------------------------------------------------------------------

  function fact(dl, name, value) {
    if (!value) return;
    dl.appendChild(el('dt', name));
    dl.appendChild(el('dd', value));
  }

  function drawDetail(p) {
    $('d-title').textContent = p.title;
    var dl = $('d-facts');
    dl.textContent = '';
    fact(dl, t('reference'), p.reference || t('draft'));
    fact(dl, t('state'), p.stateLabel);
    fact(dl, t('status'), p.statusLabel);
    fact(dl, t('date'), formatDate(p.date));
    fact(
      dl,
      t('areas'),
      p.areas
        .map(function (a) {
          return a.label;
        })
        .join('; '),
    );
    fact(dl, t('provisions'), p.provisions.join(', '));
    fact(dl, t('submittedBy'), p.submittedBy);
    var box = $('d-fields');
    box.textContent = '';
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

  function showDetail(visible) {
    $('browse').hidden = visible;
    $('detail').hidden = !visible;
  }

  function openDetail(key) {
    say(t('loading'));
    return call('/api/tab/practices/' + encodeURIComponent(key))
      .then(function (res) {
        return res.json();
      })
      .then(function (p) {
        current = p;
        say('');
        drawDetail(p);
        showDetail(true);
        $('back').focus();
      })
      .catch(sayError);
  }

  function filenameOf(res, fallback) {
    var match = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') || '');
    return match ? match[1] : fallback;
  }

  function download() {
    if (!current) return;
    var button = $('download');
    button.disabled = true;
    say(t('downloading'));
    var name = current.key + '.docx';
    call('/api/tab/practices/' + encodeURIComponent(current.key) + '/word')
      .then(function (res) {
        name = filenameOf(res, name);
        return res.blob();
      })
      .then(function (blob) {
        var url = URL.createObjectURL(blob);
        var a = el('a');
        a.href = url;
        a.download = name;
        a.hidden = true;
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(function () {
          URL.revokeObjectURL(url);
        }, 60000);
        say('');
      })
      .catch(function (err) {
        if (err instanceof ApiError && err.kind !== 'load') sayError(err);
        else say(t('downloadFailed'));
      })
      .then(function () {
        button.disabled = false;
      });
  }

  // ---- start ----------------------------------------------------------------------------------------

  function drawStatic(user) {
    document.documentElement.lang = lang;
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
    var form = $('filters');
    var timer = null;
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      loadList();
    });
    form.addEventListener('change', function (e) {
      if (e.target.id !== 'f-q') loadList();
    });
    $('f-q').addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(loadList, 300);
    });
    form.addEventListener('reset', function () {
      setTimeout(loadList, 0);
    });
    $('back').addEventListener('click', function () {
      showDetail(false);
      current = null;
    });
    $('download').addEventListener('click', download);
  }

  function start() {
    var teams = window.microsoftTeams;
    if (!teams || !teams.app) return Promise.resolve(showOutsideTeams());
    return withTimeout(teams.app.initialize(), INIT_TIMEOUT_MS)
      .then(function () {
        return withTimeout(teams.app.getContext(), INIT_TIMEOUT_MS);
      })
      .then(
        function (context) {
          lang = baseLocale(context.app && context.app.locale) || 'es';
          applyTheme(context.app && context.app.theme);
          try {
            teams.app.registerOnThemeChangeHandler(applyTheme);
          } catch {
            /* an older host: keep the first theme */
          }
          var name = context.user && (context.user.displayName || context.user.userPrincipalName);
          drawStatic(name);
          wire();
          return call('/api/tab/me')
            .then(function (res) {
              return res.json();
            })
            .then(function (me) {
              $('who').textContent =
                (me.name || name || '') + ' · ' + t(me.role === 'reviewer' ? 'roleReviewer' : 'roleOfficial');
              return loadList();
            })
            .catch(sayError);
        },
        function () {
          showOutsideTeams();
        },
      );
  }

  start();
})();
