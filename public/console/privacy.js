// @ts-check
'use strict';

(() => {
  const { api, el, showMessage } = Console;

  /** Saves a JSON answer as a file the manager can send to the person who asked. */
  function download(data, name) {
    const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
    const link = el('a', { href: URL.createObjectURL(blob), text: name });
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    URL.revokeObjectURL(link.href);
  }

  /**
   * Fills a table's body from the API: a row per item of `data[key]`, a cell per value `cells`
   * gives (text, or an element such as a time or a link).
   */
  async function loadTable(tbodyId, path, key, cells) {
    const data = await api('GET', path);
    document
      .getElementById(tbodyId)
      .replaceChildren(
        ...data[key].map((item) =>
          el(
            'tr',
            {},
            ...cells(item).map((c) => (typeof c === 'string' ? el('td', { text: c }) : el('td', {}, c))),
          ),
        ),
      );
  }

  const loadFlags = () =>
    loadTable('flag-rows', '/api/console/privacy/flags', 'flags', (f) => [
      Console.timeEl(f.at),
      el('a', { href: `/console/cases/${encodeURIComponent(f.caseId)}`, text: f.reference }),
      f.schoolId,
    ]);

  const loadConsents = () =>
    loadTable('consent-rows', '/api/console/privacy/consents', 'consents', (c) => [
      Console.timeEl(c.at),
      c.version,
      c.channelId,
      c.schoolId || '',
    ]);

  function onSubmit(id, handler) {
    const form = /** @type {HTMLFormElement} */ (document.getElementById(id));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      handler(form).catch((err) => showMessage(err.message));
    });
  }

  async function main() {
    const session = await Console.start();
    if (session.staff.role === 'psw') {
      showMessage('Only managers and admins can use the privacy tools.');
      return;
    }
    onSubmit('export-case', async (form) => {
      const reference = form.reference.value.trim();
      const data = await api('GET', `/api/console/privacy/cases/${encodeURIComponent(reference)}/export`);
      download(data, `subject-access-${reference}.json`);
    });
    onSubmit('export-phone', async (form) => {
      const data = await api('POST', '/api/console/privacy/export-by-phone', {
        phone: form.phone.value.trim(),
      });
      download(data, 'subject-access-by-phone.json');
      form.reset();
    });
    onSubmit('erase-case', async (form) => {
      const reference = form.reference.value.trim();
      const done = await api('POST', `/api/console/privacy/cases/${encodeURIComponent(reference)}/erase`, {
        reason: form.reason.value,
      });
      form.reset();
      showMessage(`Case ${done.reference} was erased.`, 'success');
      await loadFlags();
    });
    await Promise.all([loadFlags(), loadConsents()]);
  }

  main().catch((err) => {
    if (err.status !== 401) showMessage(err.message);
  });
})();
