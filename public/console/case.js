'use strict';

(() => {
  const { api, el, labels, showMessage } = Console;
  const caseId = decodeURIComponent(location.pathname.split('/').pop());
  const base = `/api/console/cases/${encodeURIComponent(caseId)}`;
  const $ = (id) => document.getElementById(id);
  const seen = new Set();
  let current = null;
  let lastAt = null;
  let transferLoaded = false;

  const SENDER = { parent: 'Parent', bot: 'Assistant', system: 'Assistant', psw: 'PSW' };
  const DETAIL_LABELS = {
    parentName: "Parent's name",
    childName: "Child's first name",
    childFirstName: "Child's first name",
    yearGroup: 'Year group',
    topic: 'What it is about',
    words: 'In their words',
    summary: 'Summary',
  };
  const SKIP_DETAILS = new Set(['contact']);

  function text(value) {
    if (value === null || value === undefined) return '';
    if (Array.isArray(value)) return value.map(text).join(', ');
    if (typeof value === 'boolean') return value ? 'Yes' : 'No';
    if (typeof value === 'string' && /^[a-z]+(_[a-z]+)+$/.test(value)) return value.replace(/_/g, ' ');
    if (typeof value === 'object')
      return Object.entries(value)
        .map(([k, v]) => `${label(k)}: ${text(v)}`)
        .join('; ');
    return String(value);
  }

  function label(key) {
    return (
      DETAIL_LABELS[key] ||
      key
        .replace(/([A-Z])/g, ' $1')
        .replace(/_/g, ' ')
        .replace(/^./, (c) => c.toUpperCase())
    );
  }

  function definitions(target, pairs) {
    target.replaceChildren();
    for (const [term, value] of pairs) {
      if (value === '' || value === undefined) continue;
      target.append(el('dt', { text: term }), el('dd', { text: value }));
    }
    if (!target.children.length) target.append(el('dd', { text: 'Nothing recorded.' }));
  }

  function yesNo(value) {
    return value === true ? 'Yes' : value === false ? 'No' : 'Not asked';
  }

  function render(c) {
    current = c;
    document.title = `Case ${c.reference} – PSW console`;
    $('case-title').textContent = `${labels.KIND[c.kind]} ${c.reference}${c.urgent ? ' (urgent)' : ''}`;
    const parts = [
      labels.STATUS[c.status] + (c.outcome ? `: ${labels.OUTCOME[c.outcome]}` : ''),
      c.school.name,
      c.channel,
      c.assignee ? `with ${c.assignee.name}` : 'not claimed yet',
      `opened ${Console.when(c.createdAt)}`,
    ];
    if (c.dueBy && c.status === 'new') parts.push(`due by ${Console.when(c.dueBy)}`);
    const summary = parts.join(' · ');
    if ($('case-summary').textContent !== summary) $('case-summary').textContent = summary;
    $('details-heading').textContent = c.kind === 'live_chat' ? 'Details' : 'Referral';
    $('case-warning').hidden = !c.warning;
    $('case-warning').textContent = c.warning || '';

    const p = c.permissions;
    $('claim').hidden = !p.claim;
    $('release').hidden = !p.release;
    $('reply-form').hidden = !p.reply;
    $('contact-form-box').hidden = !p.act;
    $('close-form-box').hidden = !p.act;
    $('transfer-form-box').hidden = !p.act;
    $('reopen-form-box').hidden = !p.reopen;
    if (p.act && !transferLoaded) void loadTransferTargets(c);

    definitions(
      $('details'),
      Object.entries(c.details)
        .filter(([key]) => !SKIP_DETAILS.has(key))
        .map(([key, value]) => [label(key), text(value)]),
    );
    definitions($('contact'), [
      ['How', c.contact.methods.join(', ') || 'Not stated'],
      ['Safe to text?', yesNo(c.contact.safeToText)],
      ['Safe to leave a message?', yesNo(c.contact.safeToLeaveMessage)],
      ['Phone', c.contact.phone],
      ['E-mail', c.contact.email],
      ['Best times', c.contact.bestTimes],
    ]);

    $('history').replaceChildren(
      ...c.history.map((h) => {
        const what = [labels.ACTION[h.action] || h.action];
        if (h.reason) what.push(`(${h.reason.replace(/_/g, ' ')})`);
        return el(
          'li',
          {},
          Console.timeEl(h.at),
          el('span', { text: ` ${h.by}: ${what.join(' ')}` }),
          h.note ? el('p', { className: 'note', text: h.note }) : null,
        );
      }),
    );
    const feedback = $('feedback');
    feedback.replaceChildren(
      ...(c.feedback.length
        ? c.feedback.map((f) =>
            el(
              'p',
              {},
              el('strong', { text: `${f.rating} out of 5` }),
              f.comment ? el('span', { text: ` – “${f.comment}”` }) : null,
            ),
          )
        : [el('p', { className: 'hint', text: 'No feedback yet.' })]),
    );
    addTranscript(c.transcript);
  }

  function addTranscript(entries) {
    const list = $('transcript');
    for (const entry of entries) {
      if (seen.has(entry.id)) continue;
      seen.add(entry.id);
      if (!lastAt || entry.at > lastAt) lastAt = entry.at;
      const who = entry.sender === 'psw' ? entry.senderName || 'PSW' : SENDER[entry.sender] || entry.sender;
      list.append(
        el(
          'li',
          { className: `line ${entry.sender}` },
          el(
            'p',
            { className: 'meta' },
            el('span', { text: `${who}, ` }),
            Console.timeEl(entry.at, Console.time),
          ),
          el('p', { className: 'said', text: entry.text }),
        ),
      );
    }
    list.scrollTop = list.scrollHeight;
    if (!list.children.length && !list.dataset.empty) {
      list.dataset.empty = '1';
      list.append(el('li', { className: 'hint', text: 'No messages yet.' }));
    } else if (list.children.length > 1) {
      list.querySelector('li.hint')?.remove();
    }
  }

  async function loadTransferTargets(c) {
    transferLoaded = true;
    const select = $('transfer-to');
    const data = await api('GET', `/api/console/staff?school=${encodeURIComponent(c.school.id)}`);
    select.replaceChildren(
      ...data.staff
        .filter((s) => !c.assignee || s.id !== c.assignee.id)
        .map((s) =>
          el('option', { value: s.id, text: `${s.displayName} (${s.role === 'psw' ? 'PSW' : s.role})` }),
        ),
    );
    const nobody = select.options.length === 0;
    $('transfer-form').querySelector('button').disabled = nobody;
    select.parentElement.hidden = nobody;
    $('transfer-none').hidden = !nobody;
  }

  async function load(background) {
    render(await api('GET', base, undefined, { background }));
  }

  /** Runs an action; on success reloads the case and announces what happened. */
  async function act(button, path, body, done) {
    button.disabled = true;
    try {
      const result = await api('POST', `${base}/${path}`, body);
      await load(true);
      showMessage(done(result), 'success');
      return true;
    } catch (err) {
      showMessage(err.message);
      if (err.status === 409) await load(true);
      return false;
    } finally {
      button.disabled = false;
    }
  }

  function onSubmit(id, handler) {
    const form = $(id);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      await handler(form, form.querySelector('button[type=submit]'));
    });
  }

  function wire() {
    $('claim').addEventListener('click', (e) =>
      act(e.currentTarget, 'claim', {}, (r) =>
        r.parentTold && current.kind === 'live_chat'
          ? 'You have claimed this case. The parent has been told a person has joined.'
          : 'You have claimed this case.',
      ).then((ok) => ok && $('case-title').focus()),
    );
    $('release').addEventListener('click', (e) =>
      act(e.currentTarget, 'release', {}, () => 'The case is back in the queue.'),
    );
    onSubmit('reply-form', async (form, button) => {
      const message = form.text.value.trim();
      if (!message) return form.text.focus();
      if (await act(button, 'replies', { text: message }, () => 'Sent to the parent.')) {
        form.text.value = '';
        form.text.focus();
      }
    });
    onSubmit('note-form', async (form, button) => {
      const note = form.text.value.trim();
      if (!note) return form.text.focus();
      if (await act(button, 'notes', { text: note }, () => 'Note added.')) form.text.value = '';
    });
    onSubmit('contact-form', async (form, button) => {
      const body = { method: form.method.value, result: form.result.value };
      if (form.note.value.trim()) body.note = form.note.value.trim();
      if (await act(button, 'contact-attempts', body, () => 'Contact attempt recorded.'))
        form.note.value = '';
    });
    onSubmit('close-form', async (form, button) => {
      const body = { outcome: form.outcome.value };
      if (form.note.value.trim()) body.note = form.note.value.trim();
      await act(button, 'close', body, (r) =>
        r.feedbackAsked
          ? 'Case closed. The parent has been asked for feedback.'
          : r.parentTold
            ? 'Case closed. The parent has been told.'
            : 'Case closed.',
      );
    });
    onSubmit('transfer-form', async (form, button) => {
      if (!form.toStaffId.value) return;
      const name = form.toStaffId.selectedOptions[0].textContent;
      transferLoaded = false;
      await act(button, 'transfer', { toStaffId: form.toStaffId.value }, () => `Transferred to ${name}.`);
    });
    onSubmit('reopen-form', async (form, button) => {
      const reason = form.reason.value.trim();
      if (!reason) return form.reason.focus();
      if (await act(button, 'reopen', { reason }, () => 'Case reopened: it is back in the queue.'))
        form.reason.value = '';
    });
  }

  async function main() {
    await Console.start();
    wire();
    await load(false);
    // New lines are announced from now on (not the ones already there when the page opened).
    $('transcript').setAttribute('aria-live', 'polite');
    $('transcript').setAttribute('aria-relevant', 'additions');
    const since = lastAt ? `?since=${encodeURIComponent(lastAt)}` : '';
    Console.listen(`${base}/events${since}`, {
      transcript: addTranscript,
      case: () => load(true).catch((err) => showMessage(err.message)),
    });
  }

  main().catch((err) => {
    if (err.status === 404) {
      $('case-title').textContent = 'Case not found';
      showMessage('There is no such case, or it belongs to a school you do not work with.');
    } else if (err.status !== 401) {
      showMessage(err.message);
    }
  });
})();
