'use strict';

(() => {
  const { api, el, showMessage } = Console;
  const form = document.getElementById('audit-filters');
  const rows = document.getElementById('audit-rows');

  async function load() {
    const params = new URLSearchParams();
    if (form.caseId.value.trim()) params.set('caseId', form.caseId.value.trim());
    const data = await api('GET', `/api/console/audit?${params}`);
    rows.replaceChildren(
      ...data.events.map((e) =>
        el(
          'tr',
          {},
          el('td', {}, Console.timeEl(e.at)),
          el('td', { text: e.actor }),
          el('td', { text: e.action }),
          el(
            'td',
            {},
            e.caseId
              ? el('a', {
                  href: `/console/cases/${encodeURIComponent(e.caseId)}`,
                  text: e.caseId.slice(0, 8),
                })
              : '',
          ),
          el('td', { text: e.schoolId || '' }),
          el('td', { text: e.detail || '' }),
        ),
      ),
    );
  }

  async function main() {
    const session = await Console.start();
    if (session.staff.role === 'psw') {
      showMessage('Only managers and admins can read the audit log.');
      return;
    }
    const caseId = new URLSearchParams(location.search).get('caseId');
    if (caseId) form.caseId.value = caseId;
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      load().catch((err) => showMessage(err.message));
    });
    await load();
  }

  main().catch((err) => {
    if (err.status !== 401) showMessage(err.message);
  });
})();
