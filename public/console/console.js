// @ts-check
// Shared by every console page: the API client (session cookie + CSRF token), the header, and
// small helpers. Data is only ever put into the page with textContent, never as HTML.
'use strict';

const Console = (() => {
  let csrfToken = null;
  let session = null;

  const STATUS = { new: 'Waiting', claimed: 'Claimed', in_progress: 'In progress', closed: 'Closed' };
  const KIND = { referral: 'Referral', live_chat: 'Live chat', safeguarding: 'Safeguarding' };
  const OUTCOME = {
    resolved: 'Resolved',
    signposted: 'Signposted',
    referred_on: 'Referred on',
    no_contact: 'No contact made',
    escalated: 'Escalated to the safeguarding lead',
  };
  const ACTION = {
    open: 'Opened',
    claim: 'Claimed',
    start: 'Started working on it',
    release: 'Released to the queue',
    transfer: 'Transferred',
    close: 'Closed',
    reopen: 'Reopened',
    withdraw: 'Parent left',
    note: 'Note',
    contact_attempt: 'Contact attempt',
    reply: 'Message sent to parent',
    feedback_requested: 'Feedback requested',
    feedback_received: 'Feedback received',
    staff_alerted: 'On-duty PSWs texted',
    mark_urgent: 'Marked urgent',
    safeguarding_concern: 'Safeguarding concern raised, marked urgent',
    parent_unreachable: 'Could not reach the parent on their channel',
    reply_not_sent: 'The assistant’s answer to a text was never sent',
  };

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
    labels: { STATUS, KIND, OUTCOME, ACTION },
    get session() {
      return session;
    },
  };
})();
window.Console = Console;
