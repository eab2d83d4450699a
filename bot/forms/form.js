/* MESICIC good practices: the form window, a Teams dialog opened from a question card. Plain browser JavaScript.
 * Every text goes through textContent. The server decides who the user is from the Teams SSO token and saves only
 * into that official's own draft; what does not pass yet is kept there as unfinished text, so closing loses nothing. */
(function () {
  'use strict';

  var TEXTS = JSON.parse(document.getElementById('form-texts').textContent);
  var LOCALES = ['es', 'en', 'pt', 'fr'];
  var SAVE_AFTER_MS = 3000;
  var RETRY_AFTER_MS = 5000;
  var INIT_TIMEOUT_MS = 3000;
  var params = new URLSearchParams(location.search);
  var draftId = params.get('draft') || '';
  var field = params.get('field') || '';
  var lang = base(params.get('lang')) || 'es';
  var dirty = {}; // part id -> true while its text is not saved yet
  var boxes = {}; // part id -> { input, counter, error, part }
  var timer = null;
  var saving = null;
  var lastToken = null;

  function base(tag) {
    var b = String(tag || '')
      .toLowerCase()
      .split(/[-_]/)[0];
    return LOCALES.indexOf(b) >= 0 ? b : null;
  }
  function $(id) {
    return document.getElementById(id);
  }
  function t(key, values) {
    var s = (TEXTS[lang] && TEXTS[lang][key]) || TEXTS.es[key] || key;
    return s.replace(/\{\{(\w+)\}\}/g, function (_, k) {
      return values && values[k] !== undefined ? String(values[k]) : '';
    });
  }
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }
  function notice(text) {
    $('notice').textContent = text;
  }
  function status(text, kind) {
    var s = $('status');
    s.textContent = text;
    s.className = 'status ' + (kind || '');
  }
  function withTimeout(promise, ms) {
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
  }

  function token() {
    return withTimeout(window.microsoftTeams.authentication.getAuthToken(), 15000).then(function (tok) {
      lastToken = tok;
      return tok;
    });
  }

  function api(method, body, keepalive) {
    var query = new URLSearchParams({ lang: lang });
    if (field && method === 'GET') query.set('field', field);
    var send = function (tok) {
      return fetch('/api/form/drafts/' + encodeURIComponent(draftId) + '?' + query.toString(), {
        method: method,
        headers: { Authorization: 'Bearer ' + tok, 'Content-Type': 'application/json' },
        body: body ? JSON.stringify(body) : undefined,
        credentials: 'omit',
        cache: 'no-store',
        keepalive: !!keepalive,
      });
    };
    // Leaving the page: no time to ask Teams for a token, the last one is still good.
    if (keepalive && lastToken) return send(lastToken);
    return token().then(send);
  }

  // ---- drawing -----------------------------------------------------------------------------------

  function num(n) {
    try {
      return new Intl.NumberFormat(lang).format(n);
    } catch {
      return String(n);
    }
  }

  function counterText(part, count) {
    if (part.max && count > part.max)
      return t('counterOver', { count: num(count), over: num(count - part.max), max: num(part.max) });
    return t('counter', { count: num(count), min: num(part.min || 0), max: part.max ? num(part.max) : '' });
  }

  function count(box) {
    var n = box.input.value.trim().length;
    box.counter.textContent = counterText(box.part, n);
    box.counter.className = box.part.max && n > box.part.max ? 'over' : 'muted';
  }

  function drawPart(f, part, container) {
    var wrap = el('div', null, 'part');
    var id = 'p-' + part.id.replace(/[^A-Za-z0-9_-]/g, '_');
    // A field of one part is asked by the question above the box: the label only says it is the answer.
    var labelText = part.label || t('answer');
    var label = el('label', labelText);
    label.htmlFor = id;
    label.appendChild(el('span', part.required ? t('required') : t('optional'), 'badge'));
    var input;
    if (part.input === 'multiline') {
      input = el('textarea');
      if (f.parts.length === 1) input.className = 'long';
    } else {
      input = el('input');
      input.type = 'text';
      if (part.input === 'state') input.setAttribute('list', 'states');
    }
    input.id = id;
    input.value = part.text || '';
    input.setAttribute('data-part', part.id);
    var meta = el('div', null, 'meta');
    var counter = el('span', '', 'muted');
    meta.appendChild(counter);
    var error = el('div', part.error ? t('unfinished', { error: part.error }) : '', 'error');
    error.id = id + '-error';
    error.setAttribute('role', 'alert');
    input.setAttribute('aria-describedby', error.id);
    var box = { input: input, counter: counter, error: error, part: part };
    boxes[part.id] = box;
    input.addEventListener('input', function () {
      dirty[part.id] = true;
      count(box);
      status(t('saving'), '');
      clearTimeout(timer);
      timer = setTimeout(save, SAVE_AFTER_MS);
    });
    // Leaving a field saves it at once (the whole form saves each field as it is left).
    input.addEventListener('change', function () {
      if (dirty[part.id]) save();
    });
    wrap.appendChild(label);
    wrap.appendChild(input);
    wrap.appendChild(meta);
    wrap.appendChild(error);
    container.appendChild(wrap);
    count(box);
  }

  function draw(data) {
    lang = base(data.lang) || lang;
    document.documentElement.lang = lang;
    $('title').textContent = data.title;
    $('progress').textContent = data.progress;
    $('autosave').textContent = t('autosave');
    var list = $('states');
    data.states.forEach(function (name) {
      var o = document.createElement('option');
      o.value = name;
      list.appendChild(o);
    });
    var form = $('fields');
    form.textContent = '';
    data.fields.forEach(function (f) {
      var section = el('section', null, 'field');
      section.setAttribute('data-field', String(f.number));
      var left = el('div');
      left.appendChild(el('h2', f.number + '. ' + f.label));
      left.appendChild(el('p', f.question));
      f.parts.forEach(function (part) {
        drawPart(f, part, left);
      });
      var aside = el('aside');
      aside.appendChild(el('h3', t('guidance')));
      aside.appendChild(el('p', f.guidance, 'muted'));
      aside.appendChild(el('h3', t('example')));
      aside.appendChild(el('p', f.example, 'muted'));
      section.appendChild(left);
      section.appendChild(aside);
      form.appendChild(section);
    });
    $('done').textContent = t('done');
    $('head').hidden = false;
    $('bar').hidden = false;
    notice('');
    var first = form.querySelector('textarea, input');
    if (first) first.focus();
  }

  // ---- saving ------------------------------------------------------------------------------------

  function pending() {
    return Object.keys(dirty).map(function (id) {
      return { part: id, text: boxes[id].input.value };
    });
  }

  function applyResults(results, sent) {
    results.forEach(function (r) {
      var box = boxes[r.part];
      if (!box) return;
      box.error.textContent = r.status === 'unfinished' ? r.message : '';
      var now = sent.filter(function (w) {
        return w.part === r.part;
      })[0];
      // Written again while this save was on its way: still dirty.
      if (now && box.input.value === now.text) delete dirty[r.part];
    });
    var anyUnfinished = results.some(function (r) {
      return r.status === 'unfinished';
    });
    var time = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit' }).format(new Date());
    status(t(anyUnfinished ? 'savedUnfinished' : 'savedAt', { time: time }), anyUnfinished ? 'unfinished' : 'saved');
  }

  function save() {
    clearTimeout(timer);
    if (saving) {
      return saving.then(function () {
        return Object.keys(dirty).length ? save() : undefined;
      });
    }
    var writes = pending();
    if (!writes.length) return Promise.resolve();
    status(t('saving'), '');
    saving = api('PUT', { lang: lang, writes: writes })
      .then(function (res) {
        if (res.status === 404) {
          notice(t('gone'));
          return;
        }
        if (!res.ok) throw new Error('save ' + res.status);
        return res.json().then(function (body) {
          applyResults(body.results, writes);
          $('progress').textContent = body.progress;
        });
      })
      .catch(function () {
        status(t('notSaved'), 'failed');
        timer = setTimeout(save, RETRY_AFTER_MS);
      })
      .then(function () {
        saving = null;
      });
    return saving;
  }

  // Browsers carry a request past the page's end (keepalive) only up to 64 KB of body.
  var KEEPALIVE_BYTES = 60000;

  function flushOnLeave() {
    var writes = pending();
    if (!writes.length) return;
    var body = { lang: lang, writes: writes };
    var small = new Blob([JSON.stringify(body)]).size <= KEEPALIVE_BYTES;
    api('PUT', body, small).catch(function () {});
  }

  function done() {
    $('done').disabled = true;
    save().then(function () {
      var result = { mesicic: 'form', draftId: draftId, done: true };
      try {
        window.microsoftTeams.dialog.url.submit(result);
      } catch {
        window.microsoftTeams.tasks.submitTask(result);
      }
    });
  }

  // ---- start -------------------------------------------------------------------------------------

  function start() {
    notice(t('loading'));
    if (!window.microsoftTeams || window.parent === window) {
      notice(t('outside'));
      return;
    }
    withTimeout(window.microsoftTeams.app.initialize(), INIT_TIMEOUT_MS)
      .then(function () {
        return window.microsoftTeams.app.getContext();
      })
      .then(function (context) {
        var theme = context.app && context.app.theme;
        document.body.className = 'theme-' + (theme === 'dark' || theme === 'contrast' ? theme : 'default');
        if (!params.get('lang')) lang = base(context.app && context.app.locale) || lang;
        return api('GET');
      })
      .then(
        function (res) {
          if (res.status === 404) return notice(t('gone'));
          if (res.status === 401) return notice(t('auth'));
          if (!res.ok) return notice(t('notSaved'));
          return res.json().then(draw);
        },
        function () {
          notice(t('auth'));
        },
      );
    $('done').addEventListener('click', done);
    window.addEventListener('pagehide', flushOnLeave);
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'hidden') flushOnLeave();
    });
  }

  start();
})();
