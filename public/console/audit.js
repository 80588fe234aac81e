// @ts-check
'use strict';

(() => {
  const { api, el, showMessage } = Console;
  const form = /** @type {HTMLFormElement} */ (document.getElementById('audit-filters'));
  // `form.action` is the form's action URL to the type checker; the select named action is meant.
  const actionSelect = /** @type {HTMLSelectElement} */ (form.elements.namedItem('action'));
  const rows = document.getElementById('audit-rows');
  const FIELDS = ['reference', 'actorId', 'action', 'from', 'to'];
  let optionsLoaded = false;

  function params() {
    const p = new URLSearchParams();
    for (const name of FIELDS) if (form[name].value.trim()) p.set(name, form[name].value.trim());
    return p;
  }

  function fill(select, items) {
    if (optionsLoaded) return;
    select.append(...items.map((i) => el('option', { value: i.id, text: i.text })));
  }

  async function load() {
    const data = await api('GET', `/api/console/audit?${params()}`);
    fill(
      form.actorId,
      data.people.map((p) => ({ id: p.id, text: p.name })),
    );
    fill(
      actionSelect,
      data.actions.map((a) => ({ id: a.id, text: a.words })),
    );
    if (!optionsLoaded) {
      optionsLoaded = true;
      // The address's choices, now that the lists have their options.
      const p = new URLSearchParams(location.search);
      for (const name of ['actorId', 'action']) if (p.get(name)) form[name].value = p.get(name);
    }
    // On a phone each cell says what it is; an empty one says nothing.
    const cell = (label, ...content) =>
      el('td', { 'data-label': content.some((c) => c) ? label : null }, ...content);
    rows.replaceChildren(
      ...data.events.map((e) =>
        el(
          'tr',
          {},
          cell('When', Console.timeEl(e.at)),
          cell('Who', e.actor),
          cell('What', e.what),
          cell(
            'Case',
            e.caseId
              ? el('a', { href: `/console/cases/${encodeURIComponent(e.caseId)}`, text: e.reference })
              : '',
          ),
          cell('School', e.school || ''),
          cell('Detail', e.detail || ''),
        ),
      ),
    );
    document.getElementById('audit-count').textContent =
      `${data.events.length} event${data.events.length === 1 ? '' : 's'}${data.events.length >= 200 ? ' (the newest 200; narrow the search or download the CSV for up to 5,000)' : ''}.`;
    const p = params();
    /** @type {HTMLAnchorElement} */ (document.getElementById('audit-csv')).href =
      `/api/console/audit.csv?${new URLSearchParams([...p, ['limit', '5000']])}`;
  }

  async function main() {
    const session = await Console.start();
    if (session.staff.role === 'psw') {
      showMessage('Only managers and admins can read the audit log.');
      return;
    }
    const p = new URLSearchParams(location.search);
    for (const name of ['reference', 'from', 'to']) if (p.get(name)) form[name].value = p.get(name);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const query = params().toString();
      history.replaceState(null, '', `/console/audit${query ? `?${query}` : ''}`);
      load().catch((err) => showMessage(err.message));
    });
    await load();
  }

  main().catch((err) => {
    if (err.status !== 401) showMessage(err.message);
  });
})();
