// Closegap console: a little vanilla JS. Actions call the JSON API (the server checks the
// role on every call) and reload; charts are drawn with Chart.js from JSON blocks in the page.
(function () {
  'use strict';
  function flash(message, isError) {
    var el = document.getElementById('flash');
    if (!el) return;
    el.textContent = message;
    el.className = isError ? 'error' : '';
  }
  function remember(message) {
    try { sessionStorage.setItem('closegap.flash', message); } catch (e) { /* private mode */ }
  }
  async function call(method, url, body) {
    var res = await fetch(url, {
      method: method,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
    var data = null;
    try { data = await res.json(); } catch (e) { data = null; }
    if (!res.ok) throw new Error((data && data.message) || res.status + ' ' + res.statusText);
    return data;
  }
  function formJson(form) {
    var out = {};
    new FormData(form).forEach(function (v, k) { if (v !== '') out[k] = v; });
    return out;
  }
  document.addEventListener('DOMContentLoaded', function () {
    try {
      var pending = sessionStorage.getItem('closegap.flash');
      if (pending) { flash(pending, false); sessionStorage.removeItem('closegap.flash'); }
    } catch (e) { /* ignore */ }

    document.querySelectorAll('form[data-api]').forEach(function (form) {
      form.addEventListener('submit', async function (ev) {
        ev.preventDefault();
        var button = form.querySelector('button[type=submit]');
        if (button) button.disabled = true;
        try {
          var body = formJson(form);
          if (form.dataset.extra) Object.assign(body, JSON.parse(form.dataset.extra));
          await call(form.dataset.method || 'POST', form.dataset.api, body);
          remember(form.dataset.done || 'Done.');
          if (form.dataset.redirect) window.location.assign(form.dataset.redirect); else window.location.reload();
        } catch (err) {
          flash(err.message, true);
          if (button) button.disabled = false;
        }
      });
    });

    document.querySelectorAll('button[data-signout]').forEach(function (b) {
      b.addEventListener('click', async function () {
        try { await call('DELETE', '/api/session'); } catch (e) { /* already gone */ }
        window.location.assign('/login');
      });
    });

    document.querySelectorAll('select[data-autosubmit]').forEach(function (s) {
      s.addEventListener('change', function () { s.form.submit(); });
    });

    if (window.Chart) {
      Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
      Chart.defaults.animation = false;
      document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
        var block = document.getElementById(canvas.dataset.chart);
        if (!block) return;
        var config = JSON.parse(block.textContent);
        config.options = Object.assign({ responsive: true, maintainAspectRatio: false }, config.options || {});
        new Chart(canvas, config);
      });
    }
  });
})();
