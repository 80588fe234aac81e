// @ts-check
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

  /** Rows from the server ({label, value, at?, important?, quote?}) as a definition list. */
  function definitions(target, rows, empty) {
    target.replaceChildren();
    for (const row of rows) {
      const value = el('dd', { text: row.value });
      if (row.at) value.append(' (', Console.timeEl(row.at), ')');
      if (row.important) {
        value.className = 'important';
        value.prepend(el('span', { className: 'visually-hidden', text: 'Important: ' }));
      }
      if (row.quote) value.className = 'quote';
      target.append(el('dt', { text: row.label }), value);
    }
    // An empty list is not a list: say so in a paragraph after it instead.
    let hint = target.nextElementSibling;
    if (!hint || !hint.classList.contains('empty-hint')) {
      hint = el('p', { className: 'hint empty-hint', text: empty });
      target.after(hint);
    }
    hint.hidden = rows.length > 0;
    target.hidden = rows.length === 0;
  }

  /** The "what changed" choices for closing, from content (loaded once). */
  async function loadOutcomeAreas() {
    const { areas } = await api('GET', '/api/console/outcome-areas');
    $('close-areas-list').replaceChildren(
      ...areas.map((area) => {
        const box = el('input', { type: 'checkbox', name: 'areas', value: area.id, id: `area-${area.id}` });
        return el('div', { className: 'checkbox' }, box, el('label', { for: box.id, text: area.label }));
      }),
    );
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
    const summary = parts.join(' · ');
    if ($('case-summary').textContent !== summary) $('case-summary').textContent = summary;
    $('case-due').textContent = c.due ? `First contact ${c.due.words}` : '';
    $('case-due').className = c.due && c.due.overdue ? 'summary overdue-summary' : 'summary';
    $('case-due').hidden = !c.due || !['new', 'claimed'].includes(c.status);
    $('urgent-banner').hidden = !c.urgent;
    $('urgent-banner-reason').textContent = c.urgentReason || 'No reason recorded.';
    $('details-heading').textContent =
      c.kind === 'referral' ? 'Referral' : c.kind === 'safeguarding' ? 'Safeguarding concern' : 'Details';
    const warnings = c.warnings || [];
    if ($('case-warning').textContent !== warnings.join('')) {
      $('case-warning').replaceChildren(...warnings.map((w) => el('p', { text: w })));
    }
    $('case-warning').hidden = !warnings.length;

    const p = c.permissions;
    $('claim').hidden = !p.claim;
    $('release').hidden = !p.release;
    $('reply-form').hidden = !p.reply;
    $('contact-form-box').hidden = !p.act;
    $('close-form-box').hidden = !p.act;
    $('transfer-form-box').hidden = !p.act;
    $('reopen-form-box').hidden = !p.reopen;
    const urgencyChange = c.urgent ? p.markNotUrgent : p.markUrgent;
    $('urgent-form-box').hidden = !urgencyChange;
    const urgencyWords = c.urgent ? 'Mark not urgent' : 'Mark urgent';
    if ($('urgent-form-summary').textContent !== urgencyWords) {
      $('urgent-form-summary').textContent = urgencyWords;
      $('urgent-submit').textContent = urgencyWords;
      $('urgent-reason-label').textContent = c.urgent ? 'Why is it no longer urgent?' : 'Why is it urgent?';
    }
    renderSavedReplies(c);
    renderNotes(c.notes || []);
    renderRelated(c.relatedCases || []);
    if (p.act && !transferLoaded) void loadTransferTargets(c);

    definitions($('details'), c.answers, 'Nothing recorded.');
    definitions(
      $('contact'),
      c.contact,
      c.kind === 'safeguarding'
        ? 'None given: the assistant opened this case on a risk message; reply in the conversation.'
        : 'None given: this is a live chat, so reply in the conversation.',
    );

    $('history').replaceChildren(
      ...c.history.map((h) => {
        const what = h.text || h.action;
        return el(
          'li',
          {},
          Console.timeEl(h.at),
          el('span', { text: ` ${h.by}: ${what}` }),
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

  function renderNotes(notes) {
    $('notes-list').replaceChildren(
      ...notes.map((n) =>
        el(
          'li',
          {},
          el(
            'p',
            { className: 'meta' },
            el('strong', { text: `${n.by}` }),
            ', ',
            Console.timeEl(n.at),
            n.about !== 'Note' ? ` (${n.about})` : '',
          ),
          el('p', { className: 'said', text: n.text }),
        ),
      ),
    );
    $('notes-list').hidden = notes.length === 0;
  }

  function renderRelated(related) {
    const list = $('related');
    list.replaceChildren(
      ...(related.length
        ? related.map((r) =>
            el(
              'li',
              {},
              el('a', { href: `/console/cases/${encodeURIComponent(r.id)}`, text: r.reference }),
              el('span', {
                text: ` ${labels.KIND[r.kind] || r.kind}, opened ${Console.when(r.createdAt)}: ${
                  r.status === 'closed'
                    ? `closed${r.outcome ? `, ${r.outcome}` : ''}`
                    : labels.STATUS[r.status].toLowerCase()
                }${r.with ? `, with ${r.with}` : ''}`,
              }),
            ),
          )
        : [el('li', { className: 'hint', text: 'None found.' })]),
    );
  }

  let savedRepliesKey = '';
  function renderSavedReplies(c) {
    const replies = c.savedReplies || [];
    const key = replies.map((r) => r.id).join();
    $('saved-reply-row').hidden = replies.length === 0;
    if (key === savedRepliesKey) return;
    savedRepliesKey = key;
    $('saved-reply').replaceChildren(...replies.map((r) => el('option', { value: r.id, text: r.title })));
  }

  /** A saved reply with {parent} and {me} filled in: the parent's and the PSW's first names. */
  function fillReply(text) {
    const me = (Console.session.staff.displayName || '').split(/\s+/)[0];
    const parent = current.parentFirstName || '';
    return text
      .replace(/\{me\}/g, me)
      .replace(/\{parent\}/g, parent)
      .replace(/ ,/g, ',')
      .replace(/^Hello ,/, 'Hello,');
  }

  let countTimer = null;
  let lastSegments = null;
  /** Characters and, on SMS, how many texts it makes; characters outside the SMS alphabet flagged. */
  function updateCount() {
    clearTimeout(countTimer);
    countTimer = setTimeout(async () => {
      const text = /** @type {HTMLTextAreaElement} */ ($('reply-text')).value;
      if (!current || current.channel !== 'SMS') {
        $('sms-count').textContent = `${[...text].length} characters`;
        return;
      }
      try {
        const r = await api('POST', '/api/console/sms-count', { text });
        const parts = [
          `${r.characters} characters`,
          `${r.segments} text message${r.segments === 1 ? '' : 's'}${r.segments > 1 ? ' (costs more)' : ''}`,
        ];
        const box = $('sms-count');
        box.replaceChildren(el('span', { text: parts.join(' · ') }));
        if (r.nonGsm.length) {
          box.append(
            el('span', {
              className: 'warn',
              text: ` · Not in the SMS alphabet, so fewer characters fit in a text: ${r.nonGsm.join(' ')}`,
            }),
          );
        }
        if (lastSegments !== null && r.segments !== lastSegments && r.segments > 0) {
          $('sms-count-change').textContent = `Now ${r.segments} text message${r.segments === 1 ? '' : 's'}.`;
        }
        lastSegments = r.segments;
      } catch (err) {
        showMessage(err.message);
      }
    }, 200);
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
    const select = /** @type {HTMLSelectElement} */ ($('transfer-to'));
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
    const form = /** @type {HTMLFormElement} */ ($(id));
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
        updateCount();
        form.text.focus();
      }
    });
    $('reply-text').addEventListener('input', updateCount);
    $('use-saved-reply').addEventListener('click', () => {
      const chosen = (current.savedReplies || []).find(
        (r) => r.id === /** @type {HTMLSelectElement} */ ($('saved-reply')).value,
      );
      if (!chosen) return;
      /** @type {HTMLTextAreaElement} */ ($('reply-text')).value = fillReply(chosen.text);
      updateCount();
      $('reply-text').focus();
    });
    onSubmit('urgent-form', async (form, button) => {
      const reason = form.reason.value.trim();
      if (!reason) return form.reason.focus();
      const urgent = !current.urgent;
      if (
        await act(button, 'urgency', { urgent, reason }, () =>
          urgent ? 'Marked urgent.' : 'Marked not urgent.',
        )
      ) {
        form.reason.value = '';
        form.parentElement.open = false;
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
      body.areas = [...form.querySelectorAll('input[name="areas"]:checked')].map((box) => box.value);
      const before = form.attendanceBefore.value;
      const after = form.attendanceAfter.value;
      if (before !== '' || after !== '') {
        if (before === '' || after === '') {
          showMessage('Give attendance both before and after, or neither.');
          return form.attendanceBefore.focus();
        }
        body.attendanceBefore = Number(before);
        body.attendanceAfter = Number(after);
      }
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

  /** Back to the queue as the PSW left it (its filters and search), not the default queue. */
  function backToQueue() {
    try {
      const saved = sessionStorage.getItem('psa.console.queue');
      if (saved && /^\/console(\?|$)/.test(saved))
        /** @type {HTMLAnchorElement} */ ($('back-to-queue')).href = saved;
    } catch {
      // Storage blocked: the link goes to the default queue.
    }
  }

  async function main() {
    backToQueue();
    await Console.start();
    wire();
    await Promise.all([load(false), loadOutcomeAreas()]);
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
