// @ts-check
'use strict';

(() => {
  const { api, el, labels, showMessage } = Console;
  const form = /** @type {HTMLFormElement} */ (document.getElementById('filters'));
  const search = /** @type {HTMLFormElement} */ (document.getElementById('search'));
  const rows = document.getElementById('case-rows');
  const empty = document.getElementById('empty');
  const queueStatus = document.getElementById('queue-status');
  const newWork = document.getElementById('new-work');
  const onDuty = /** @type {HTMLInputElement} */ (document.getElementById('on-duty'));
  const alertBrowser = /** @type {HTMLInputElement} */ (document.getElementById('alert-browser'));
  const TITLE = 'Queue – PSW console';
  const FIELDS = ['school', 'status', 'kind', 'urgent'];
  /** The quick filters: what each sets, and which count the server gives for it. */
  const QUICK = [
    { text: 'Live chats waiting', set: { status: 'new', kind: 'live_chat' }, count: 'liveWaiting' },
    { text: 'Waiting', set: { status: 'new' }, count: 'waiting' },
    { text: 'Urgent', set: { status: 'open', urgent: 'true' }, count: 'urgent' },
    { text: 'My cases', set: { status: 'open', mine: 'true' }, count: 'mine' },
    { text: 'All open', set: { status: 'open' }, count: 'open' },
  ];
  let loading = null;
  let again = false;
  let timer = null;
  let previous = null;
  let staffId = null;

  /** The filters and search as they are on the page, without the defaults (they make the address). */
  function params() {
    const p = new URLSearchParams();
    for (const name of FIELDS) {
      const value = form[name].value;
      if (value && !(name === 'status' && value === 'open')) p.set(name, value);
    }
    if (form.mine.checked) p.set('mine', 'true');
    const q = search.q.value.trim();
    if (q) p.set('q', q);
    return p;
  }

  /** Puts the address's filters on the page (after a reload, Back, or a link from elsewhere). */
  function fromAddress() {
    const p = new URLSearchParams(location.search);
    for (const name of FIELDS) {
      const value = p.get(name) || (name === 'status' ? 'open' : '');
      if ([...form[name].options].some((o) => o.value === value)) form[name].value = value;
    }
    form.mine.checked = p.get('mine') === 'true';
    search.q.value = p.get('q') || '';
  }

  function toAddress(push) {
    const query = params().toString();
    const url = `/console${query ? `?${query}` : ''}`;
    if (url !== location.pathname + location.search)
      history[push ? 'pushState' : 'replaceState'](null, '', url);
    remember();
  }

  /** The case page's "Back to the queue" returns to these filters. */
  function remember() {
    try {
      sessionStorage.setItem('psa.console.queue', location.pathname + location.search);
    } catch {
      // Storage blocked: "Back to the queue" shows the default queue.
    }
  }

  function quickActive(q) {
    const p = params();
    p.delete('q');
    const want = new URLSearchParams(q.set);
    if (want.get('status') === 'open') want.delete('status');
    return p.toString() === want.toString();
  }

  function renderQuick(counts) {
    document.getElementById('quick').replaceChildren(
      ...QUICK.map((q) => {
        const href = `/console?${new URLSearchParams(q.set)}`
          .replace(/[?&]status=open\b/, '')
          .replace(/\?$/, '');
        const link = el(
          'a',
          { href, className: 'quick-filter', 'aria-current': quickActive(q) ? 'true' : null },
          el('span', { text: q.text }),
          el('span', { className: 'count', text: String(counts[q.count] ?? 0) }),
        );
        link.addEventListener('click', (event) => {
          event.preventDefault();
          form.reset();
          for (const [name, value] of Object.entries(q.set)) {
            if (name === 'mine') form.mine.checked = true;
            else form[name].value = value;
          }
          search.q.value = '';
          toAddress(true);
          void refresh(false).catch((err) => showMessage(err.message));
        });
        return el('li', {}, link);
      }),
    );
  }

  function waitingWords(c) {
    if (c.status === 'closed') return `Closed${c.outcome ? `: ${labels.OUTCOME[c.outcome]}` : ''}`;
    if (c.status === 'new') return `Waiting ${Console.ago(c.createdAt).replace(' ago', '')}`;
    return `${labels.STATUS[c.status]}, with ${c.assignee ? c.assignee.name : 'nobody'}`;
  }

  function row(c) {
    const live = c.kind === 'live_chat' && c.status === 'new';
    const title = el(
      'h3',
      { className: 'card-title' },
      el('a', { href: `/console/cases/${encodeURIComponent(c.id)}`, text: c.reference }),
      el('span', {
        text: ` ${c.parentFirstName || (c.kind === 'live_chat' ? 'Parent in a live chat' : 'Parent')}`,
      }),
    );
    const tags = el('p', { className: 'tags' });
    if (live) tags.append(el('strong', { className: 'tag live', text: 'Live chat: parent waiting' }));
    else tags.append(el('span', { className: 'tag', text: labels.KIND[c.kind] || c.kind }));
    if (c.urgent) tags.append(el('strong', { className: 'tag urgent', text: 'Urgent' }));
    if (c.concerns && c.concerns.length)
      tags.append(el('span', { className: 'concerns', text: c.concerns.join('; ') }));
    const facts = [c.school.name, c.topic, c.channel, c.contact && c.contact.method].filter(Boolean);
    const safe = c.contact && c.contact.safeToText;
    const card = el(
      'li',
      { className: `card${c.urgent ? ' urgent' : ''}${live ? ' live' : ''}`, 'data-case-id': c.id },
      el('div', { className: 'card-head' }, title, tags),
      c.urgent && c.urgentReason
        ? el('p', { className: 'urgent-reason', text: `Urgent: ${c.urgentReason}` })
        : null,
      el('p', { className: 'facts', text: facts.join(' · ') }),
      safe === 'no'
        ? el('p', { className: 'important', text: 'Not safe to text' })
        : safe === 'yes'
          ? el('p', { className: 'hint', text: 'Safe to text' })
          : null,
      c.lastMessage
        ? el(
            'p',
            { className: 'preview' },
            el('span', { className: 'from', text: `${c.lastMessage.from}: ` }),
            c.lastMessage.text,
          )
        : null,
      el(
        'p',
        { className: 'when' },
        el('span', { text: waitingWords(c) }),
        c.due
          ? el('span', { className: c.due.overdue ? 'due overdue' : 'due', text: ` · ${c.due.words}` })
          : null,
      ),
    );
    if (c.status === 'new') {
      const claim = el('button', {
        type: 'button',
        className: 'button primary',
        text: 'Claim',
        'aria-label': `Claim case ${c.reference}`,
      });
      claim.addEventListener('click', () => claimCase(c, claim));
      card.append(el('p', { className: 'card-actions' }, claim));
    }
    return card;
  }

  async function claimCase(c, button) {
    button.disabled = true;
    try {
      await api('POST', `/api/console/cases/${encodeURIComponent(c.id)}/claim`, {});
      location.assign(`/console/cases/${encodeURIComponent(c.id)}`);
    } catch (err) {
      showMessage(err.message);
      button.disabled = false;
      void refresh(true);
    }
  }

  /** New live chats and urgent cases waiting: said in the page, the tab title, and (opted in) aloud. */
  function announceNewWork(data) {
    const counts = data.counts;
    document.title = counts.waiting ? `(${counts.waiting}) ${TITLE}` : TITLE;
    if (previous) {
      const parts = [];
      if (counts.liveWaiting > previous.liveWaiting) parts.push('a new live chat is waiting');
      if (counts.urgentWaiting > previous.urgentWaiting) parts.push('a new urgent case is waiting');
      if (parts.length) {
        const text = `${parts.join(' and ')}.`.replace(/^./, (c) => c.toUpperCase());
        newWork.textContent = text;
        ConsoleAlerts.announce(staffId, text, '/console');
      }
    }
    previous = counts;
  }

  async function refresh(background) {
    if (loading) {
      again = true;
      return loading;
    }
    loading = (async () => {
      do {
        again = false;
        const data = await api('GET', `/api/console/cases?${params()}`, undefined, { background });
        const focusedId =
          document.activeElement &&
          document.activeElement.closest(/** @type {'li'} */ ('li.card'))?.dataset.caseId;
        rows.replaceChildren(...data.cases.map(row));
        if (focusedId)
          /** @type {HTMLElement | null} */ (
            rows.querySelector(`li[data-case-id="${CSS.escape(focusedId)}"] a`)
          )?.focus();
        empty.hidden = data.cases.length > 0;
        renderQuick(data.counts);
        announceNewWork(data);
        const q = search.q.value.trim();
        // Only a change in the counts is announced, not every refresh.
        const counts = q
          ? `${data.total} case${data.total === 1 ? '' : 's'} found for “${q}”.`
          : `${data.total} case${data.total === 1 ? '' : 's'} shown, ${data.counts.waiting} waiting.`;
        if (queueStatus.textContent !== counts) queueStatus.textContent = counts;
        document.getElementById('queue-updated').textContent =
          `Updated ${Console.time(new Date().toISOString())}.`;
      } while (again);
    })().finally(() => (loading = null));
    return loading;
  }

  function refreshSoon() {
    clearTimeout(timer);
    timer = setTimeout(() => refresh(true).catch((err) => showMessage(err.message)), 250);
  }

  async function main() {
    const session = await Console.start();
    staffId = session.staff.id;
    for (const school of session.schools)
      form.school.append(el('option', { value: school.id, text: school.name }));
    fromAddress();
    remember();
    if ([...new URLSearchParams(location.search).keys()].some((k) => k !== 'q' && k !== 'status'))
      /** @type {HTMLDetailsElement} */ (document.getElementById('more-filters')).open = true;
    onDuty.checked = session.staff.onDuty;
    onDuty.disabled = !session.staff.hasAlertPhone;
    document.getElementById('on-duty-hint').hidden = session.staff.hasAlertPhone;
    if (!session.staff.hasAlertPhone) onDuty.setAttribute('aria-describedby', 'on-duty-hint');
    onDuty.addEventListener('change', async () => {
      try {
        const res = await api('POST', '/api/console/me/on-duty', { onDuty: onDuty.checked });
        onDuty.checked = res.onDuty;
      } catch (err) {
        showMessage(err.message);
      }
    });
    alertBrowser.checked = ConsoleAlerts.enabled(staffId);
    alertBrowser.addEventListener('change', () => ConsoleAlerts.setEnabled(staffId, alertBrowser.checked));
    form.addEventListener('change', () => {
      toAddress(true);
      refresh(false).catch((err) => showMessage(err.message));
    });
    form.addEventListener('submit', (e) => e.preventDefault());
    search.addEventListener('submit', (e) => {
      e.preventDefault();
      toAddress(true);
      refresh(false).catch((err) => showMessage(err.message));
    });
    window.addEventListener('popstate', () => {
      fromAddress();
      remember();
      refresh(false).catch((err) => showMessage(err.message));
    });
    await refresh(false);
    Console.listen('/api/console/events', { case: refreshSoon, messages: refreshSoon });
  }

  main().catch((err) => {
    if (err.status !== 401) showMessage(err.message);
  });
})();
