'use strict';

(() => {
  const { api, el, labels, showMessage } = Console;
  const form = document.getElementById('filters');
  const rows = document.getElementById('case-rows');
  const empty = document.getElementById('empty');
  const queueStatus = document.getElementById('queue-status');
  const onDuty = document.getElementById('on-duty');
  let loading = null;
  let again = false;
  let timer = null;

  function query() {
    const params = new URLSearchParams();
    if (form.school.value) params.set('school', form.school.value);
    params.set('status', form.status.value);
    if (form.urgent.value) params.set('urgent', form.urgent.value);
    if (form.mine.checked) params.set('mine', 'true');
    return params;
  }

  function row(c) {
    const link = el('a', { href: `/console/cases/${encodeURIComponent(c.id)}`, text: c.reference });
    const urgency = c.urgent
      ? el('strong', { className: 'tag urgent', text: 'Urgent' })
      : el('span', { text: '—' });
    const concerns =
      c.concerns && c.concerns.length
        ? el('span', { className: 'concerns', text: ` ${c.concerns.join('; ')}` })
        : null;
    const actions = el('td');
    if (c.status === 'new') {
      const claim = el('button', {
        type: 'button',
        className: 'button small primary',
        text: 'Claim',
        'aria-label': `Claim case ${c.reference}`,
      });
      claim.addEventListener('click', () => claimCase(c, claim));
      actions.append(claim);
    }
    return el(
      'tr',
      { className: c.urgent ? 'urgent-row' : '', 'data-case-id': c.id },
      el('th', { scope: 'row' }, link),
      el('td', {}, urgency, concerns),
      el('td', { text: labels.KIND[c.kind] || c.kind }),
      el('td', { text: c.school.name }),
      el('td', { text: labels.STATUS[c.status] + (c.outcome ? `: ${labels.OUTCOME[c.outcome]}` : '') }),
      el(
        'td',
        {},
        Console.timeEl(c.createdAt),
        el('span', { className: 'hint', text: ` (${Console.ago(c.createdAt)})` }),
        c.status === 'new' && c.dueBy && Date.parse(c.dueBy) > Date.now() + 60000
          ? el('span', { className: 'due', text: ` · due ${Console.when(c.dueBy)}` })
          : null,
      ),
      el('td', { text: c.assignee ? c.assignee.name : 'Nobody yet' }),
      actions,
    );
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

  async function refresh(background) {
    if (loading) {
      again = true;
      return loading;
    }
    loading = (async () => {
      do {
        again = false;
        const data = await api('GET', `/api/console/cases?${query()}`, undefined, { background });
        const focusedId = document.activeElement && document.activeElement.closest('tr')?.dataset.caseId;
        rows.replaceChildren(...data.cases.map(row));
        if (focusedId) rows.querySelector(`tr[data-case-id="${CSS.escape(focusedId)}"] a`)?.focus();
        empty.hidden = data.cases.length > 0;
        const waiting = data.cases.filter((c) => c.status === 'new').length;
        // Only a change in the counts is announced, not every refresh.
        const counts = `${data.total} case${data.total === 1 ? '' : 's'} shown, ${waiting} waiting.`;
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
    for (const school of session.schools)
      form.school.append(el('option', { value: school.id, text: school.name }));
    onDuty.checked = session.staff.onDuty;
    onDuty.disabled = !session.staff.hasAlertPhone;
    if (!session.staff.hasAlertPhone)
      onDuty.parentElement.title = 'Ask an admin to add your mobile number first.';
    onDuty.addEventListener('change', async () => {
      try {
        const res = await api('POST', '/api/console/me/on-duty', { onDuty: onDuty.checked });
        onDuty.checked = res.onDuty;
      } catch (err) {
        showMessage(err.message);
      }
    });
    form.addEventListener('change', () => refresh(false).catch((err) => showMessage(err.message)));
    form.addEventListener('submit', (e) => e.preventDefault());
    await refresh(false);
    Console.listen('/api/console/events', { case: refreshSoon });
  }

  main().catch((err) => {
    if (err.status !== 401) showMessage(err.message);
  });
})();
