// @ts-check
// Shared by every console page: the API client (session cookie + CSRF token), the header, and
// small helpers. Data is only ever put into the page with textContent, never as HTML.
'use strict';

const Console = (() => {
  let csrfToken = null;
  let session = null;

  /**
   * Words for a case's status, kind and outcome, filled from the session (src/console/inWords.ts
   * is the one place they are written) when a page starts.
   */
  const labels = { STATUS: {}, KIND: {}, OUTCOME: {} };

  /**
   * The header's navigation, one place for every page: add a page here (with `lead: true` if only
   * managers and admins may open it).
   */
  const NAV = [
    { href: '/console', text: 'Queue' },
    { href: '/console/replies', text: 'Saved replies' },
    { href: '/console/audit', text: 'Audit log', lead: true },
    { href: '/console/reports', text: 'Reports', lead: true },
    { href: '/console/privacy', text: 'Privacy', lead: true },
  ];

  function renderNav(lead) {
    const list = document.getElementById('nav');
    if (!list) return;
    const here = location.pathname.replace(/\/$/, '');
    list.replaceChildren(
      ...NAV.filter((item) => !item.lead || lead).map((item) =>
        el(
          'li',
          {},
          el('a', { href: item.href, text: item.text, 'aria-current': here === item.href ? 'page' : null }),
        ),
      ),
    );
  }

  class ApiError extends Error {
    constructor(status, body) {
      super((body && body.message) || `Request failed (${status})`);
      this.status = status;
      this.code = body && body.code;
    }
  }

  async function api(method, path, body, options = {}) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
    if (options.background) headers['X-Console-Background'] = '1';
    const res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const data = text ? JSON.parse(text) : {};
    if (res.status === 401 && !options.allowSignedOut) {
      goToSignIn();
      throw new ApiError(res.status, data);
    }
    if (!res.ok) throw new ApiError(res.status, data);
    return data;
  }

  function goToSignIn() {
    const next = location.pathname + location.search;
    location.assign(`/console/login?next=${encodeURIComponent(next)}`);
  }

  /** Loads the session (or goes to sign-in) and fills in the header. */
  async function start() {
    session = await api('GET', '/api/console/session');
    csrfToken = session.csrfToken;
    Object.assign(labels.STATUS, session.labels.status);
    Object.assign(labels.KIND, session.labels.kind);
    Object.assign(labels.OUTCOME, session.labels.outcome);
    const who = document.getElementById('who');
    if (who) who.textContent = `Signed in as ${session.staff.displayName} (${roleName(session.staff.role)})`;
    const lead = session.staff.role === 'manager' || session.staff.role === 'admin';
    for (const node of document.querySelectorAll(/** @type {'div'} */ ('.lead-only'))) node.hidden = !lead;
    renderNav(lead);
    const signOut = document.getElementById('sign-out');
    if (signOut) {
      signOut.addEventListener('click', async () => {
        try {
          await api('POST', '/api/console/logout', {});
        } finally {
          location.assign('/console/login');
        }
      });
    }
    return session;
  }

  function roleName(role) {
    return { psw: 'PSW', manager: 'manager', admin: 'admin' }[role] || role;
  }

  function showMessage(text, kind = 'error') {
    const box = document.getElementById('status');
    if (!box) return;
    box.textContent = text;
    box.className = `message ${kind}`;
    box.hidden = !text;
  }

  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'className') node.className = value;
      else if (key === 'text') node.textContent = value;
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children) if (child) node.append(child);
    return node;
  }

  const dateTime = new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
  const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });

  function when(iso) {
    return dateTime.format(new Date(iso));
  }

  function timeEl(iso, format = when) {
    return el('time', { datetime: iso, text: format(iso) });
  }

  function ago(iso) {
    const minutes = Math.round((Date.now() - Date.parse(iso)) / 60000);
    if (minutes < 1) return 'just now';
    if (minutes < 60) return `${minutes} min ago`;
    const hours = Math.round(minutes / 60);
    if (hours < 48) return `${hours} h ago`;
    return `${Math.round(hours / 24)} days ago`;
  }

  /** Server-sent events that reconnect by themselves; stops when the session ends. */
  function listen(path, handlers) {
    const source = new EventSource(path);
    for (const [event, handler] of Object.entries(handlers)) {
      source.addEventListener(event, (e) => handler(JSON.parse(e.data)));
    }
    source.addEventListener('signed-out', () => {
      source.close();
      goToSignIn();
    });
    return source;
  }

  return {
    api,
    start,
    el,
    when,
    time: (iso) => time.format(new Date(iso)),
    timeEl,
    ago,
    listen,
    showMessage,
    goToSignIn,
    ApiError,
    labels,
    get session() {
      return session;
    },
  };
})();
window.Console = Console;
