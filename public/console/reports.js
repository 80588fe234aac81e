// @ts-check
'use strict';

(() => {
  const { api, el, labels: words, showMessage } = Console;
  const form = /** @type {HTMLFormElement} */ (document.getElementById('report-filters'));
  const $ = (id) => document.getElementById(id);
  const charts = [];

  const CHANNELS = { webchat: 'Web chat', sms: 'Text message', emulator: 'Emulator', msteams: 'Teams' };
  const COLOURS = ['#1d70b8', '#00703c', '#d4351c', '#6f72af', '#b58840', '#28a197', '#912b88', '#505a5f'];

  const isoDay = (date) => date.toISOString().slice(0, 10);
  /** A count as shown: "<5" stays a string; charts plot it as a gap. */
  const plotted = (value) => (typeof value === 'number' ? value : null);
  const shown = (value, unit = '') =>
    value === null || value === undefined ? '—' : typeof value === 'number' ? `${value}${unit}` : value;

  /** The three terms of this academic year and the last one, newest first. */
  function terms(today) {
    const list = [];
    const startYear = today.getMonth() >= 8 ? today.getFullYear() : today.getFullYear() - 1;
    for (const year of [startYear, startYear - 1]) {
      list.push(
        { label: `Summer term ${year + 1}`, from: `${year + 1}-05-01`, to: `${year + 1}-08-31` },
        { label: `Spring term ${year + 1}`, from: `${year + 1}-01-01`, to: `${year + 1}-04-30` },
        { label: `Autumn term ${year}`, from: `${year}-09-01`, to: `${year}-12-31` },
      );
    }
    return list.filter((t) => t.from <= isoDay(today));
  }

  function params() {
    const p = new URLSearchParams();
    if (form.school.value) p.set('school', form.school.value);
    p.set('from', form.from.value);
    p.set('to', form.to.value);
    p.set('period', form.period.value);
    return p;
  }

  function table(caption, head, rows) {
    return el(
      'div',
      { className: 'table-scroll' },
      el(
        'table',
        { className: 'report' },
        el('caption', { text: caption }),
        el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col', text: h })))),
        el(
          'tbody',
          {},
          ...rows.map((cells) =>
            el(
              'tr',
              {},
              ...cells.map((cell, i) =>
                i === 0
                  ? el('th', { scope: 'row', text: String(cell) })
                  : el('td', { className: 'number', text: shown(cell) }),
              ),
            ),
          ),
        ),
      ),
    );
  }

  /** A bar chart and, after it, the table with the same figures (the chart's text equivalent). */
  function chartSection(id, title, labels, datasets, options = {}) {
    const canvas = el('canvas', {
      role: 'img',
      'aria-label': `${title}: bar chart; the table below has the figures.`,
    });
    const section = el(
      'section',
      {
        className: `report-section${options.printHide ? ' screen-only' : ''}`,
        'aria-labelledby': `${id}-heading`,
      },
      el('h2', { id: `${id}-heading`, text: title }),
      el('div', { className: 'chart-box' }, canvas),
      table(
        `${title} (figures)`,
        [options.rowHeading ?? '', ...datasets.map((d) => d.label)],
        labels.map((label, i) => [label, ...datasets.map((d) => d.values[i])]),
      ),
    );
    $('charts').append(section);
    if (labels.length === 0) {
      section
        .querySelector('.chart-box')
        .replaceWith(el('p', { className: 'hint', text: 'Nothing to show.' }));
      section.querySelector('.table-scroll').remove();
      section.classList.add('empty');
      return;
    }
    if (!datasets.some((d) => d.values.some((v) => typeof v === 'number' && v > 0))) {
      section
        .querySelector('.chart-box')
        .replaceWith(el('p', { className: 'hint', text: 'Every figure is below 5, so none is drawn.' }));
      return;
    }
    charts.push(
      new Chart(canvas, {
        type: 'bar',
        data: {
          labels,
          datasets: datasets.map((d, i) => ({
            label: d.label,
            data: d.values.map(plotted),
            backgroundColor: COLOURS[i % COLOURS.length],
          })),
        },
        options: {
          animation: false,
          maintainAspectRatio: false,
          indexAxis: options.horizontal ? 'y' : 'x',
          scales: { x: { beginAtZero: true }, y: { beginAtZero: true, ticks: { precision: 0 } } },
          plugins: { legend: { display: datasets.length > 1 } },
        },
      }),
    );
  }

  const entries = (record, names) =>
    Object.keys(record)
      .sort()
      .map((key) => [names[key] ?? key, record[key]]);

  /** Says which figures come from the counts kept after cases were deleted (docs/reports.md). */
  function retainedNote(report) {
    const { cases, ratings } = report.total.retained;
    const parts = [];
    if (cases !== 0 || ratings !== 0) {
      parts.push(
        `Deleted under the retention policy: ${cases} cases and ${ratings} ratings in these figures ` +
          'come from the counts kept for reports; the cases CSV no longer lists them.',
      );
    }
    if (report.retainedMonthsLeftOut.length > 0) {
      parts.push(
        `Kept counts are per month: ${report.retainedMonthsLeftOut.join(', ')} ` +
          'only partly in these dates, so their deleted cases are left out. Choose whole months to include them.',
      );
    }
    const note = $('retained-note');
    note.textContent = parts.join(' ');
    note.hidden = parts.length === 0;
  }

  function render(report) {
    for (const chart of charts.splice(0)) chart.destroy();
    retainedNote(report);
    $('charts').replaceChildren();
    const { labels } = report;
    const schoolRows =
      report.schools.length > 1
        ? [...report.schools, { schoolName: 'All', ...report.total }]
        : report.schools;
    $('summary-table').replaceChildren(
      ...table(
        'Figures for each school over the chosen dates',
        [
          'School',
          'Referrals',
          'Self-referrals',
          'Live chats',
          'Urgent',
          'Open',
          'Closed',
          'First contact: median hours',
          'First contact: 90th percentile hours',
          report.firstContactTargetWorkingDays === null
            ? "Reached within the area's target"
            : `Reached within ${report.firstContactTargetWorkingDays} working days`,
          'How things are at home (0–10): median change',
          'Feedback: average rating (1–5)',
        ],
        schoolRows.map((r) => [
          r.schoolName,
          r.referrals.total,
          r.referrals.selfReferral,
          r.referrals.liveChat,
          r.urgent,
          r.open,
          r.closed,
          r.firstContact.medianHours,
          r.firstContact.p90Hours,
          r.firstContact.withinTargetPercent === null ? null : `${r.firstContact.withinTargetPercent}%`,
          r.wellbeing.medianChange,
          r.feedback.average,
        ]),
      ).querySelector('table').children,
    );

    const periods = [...new Map(report.rows.map((r) => [r.period, r.periodLabel]))];
    const schools = report.schools.map((s) => s.schoolId);
    chartSection(
      'referrals',
      report.period === 'term' ? 'Referrals by term' : 'Referrals by month',
      periods.map(([, label]) => label),
      schools.map((schoolId) => ({
        label: labels.schools[schoolId] ?? schoolId,
        values: periods.map(([key]) => {
          const row = report.rows.find((r) => r.schoolId === schoolId && r.period === key);
          return row ? row.referrals.total : 0;
        }),
      })),
      { rowHeading: report.period === 'term' ? 'Term' : 'Month' },
    );
    const total = report.total;
    const single = (id, title, record, names, options = {}) => {
      const rows = entries(record, names);
      chartSection(
        id,
        title,
        rows.map(([label]) => label),
        [{ label: 'Cases', values: rows.map(([, v]) => v) }],
        {
          horizontal: true,
          ...options,
        },
      );
    };
    single('channels', 'How parents got in touch', total.referrals.byChannel, CHANNELS, {
      rowHeading: 'Channel',
    });
    single('topics', 'What it was about', total.topics, labels.topics, { rowHeading: 'Topic' });
    single('outcomes', 'Outcomes of closed cases', total.outcomes, words.OUTCOME, { rowHeading: 'Outcome' });
    single('areas', 'What changed', total.areas, labels.areas, { rowHeading: 'Area' });
    chartSection(
      'signposting',
      'Help the assistant pointed families to',
      entries(total.signposting, labels.agencies).map(([label]) => label),
      [{ label: 'Times shown', values: entries(total.signposting, labels.agencies).map(([, v]) => v) }],
      { horizontal: true, printHide: true, rowHeading: 'Service' },
    );
  }

  function describe() {
    const school = form.school.selectedOptions[0]?.textContent ?? 'All my schools';
    const term = form.term.value
      ? form.term.selectedOptions[0].textContent
      : `${form.from.value} to ${form.to.value}`;
    $('report-title').textContent = `Parent Support Worker service: ${school}`;
    $('print-subtitle').textContent = `${term}. Counts from 1 to 4 are shown as “<5”.`;
    document.title = `Report: ${school}, ${term} – PSW console`;
  }

  async function load() {
    const p = params();
    history.replaceState(null, '', `?${p}`);
    /** @type {HTMLAnchorElement} */ ($('download-csv')).href = `/api/console/reports.csv?${p}`;
    /** @type {HTMLAnchorElement} */ ($('download-cases')).href = `/api/console/reports/cases.csv?${p}`;
    describe();
    render(await api('GET', `/api/console/reports?${p}`));
  }

  async function main() {
    const session = await Console.start();
    if (session.staff.role === 'psw') {
      showMessage('Only managers and admins can see reports.');
      return;
    }
    for (const school of session.schools)
      form.school.append(el('option', { value: school.id, text: school.name }));
    const today = new Date();
    for (const term of terms(today))
      form.term.append(el('option', { value: `${term.from}|${term.to}`, text: term.label }));
    const query = new URLSearchParams(location.search);
    const academicStart = `${today.getMonth() >= 8 ? today.getFullYear() : today.getFullYear() - 1}-09-01`;
    form.school.value = query.get('school') ?? '';
    form.from.value = query.get('from') ?? academicStart;
    form.to.value = query.get('to') ?? isoDay(today);
    form.period.value = query.get('period') === 'term' ? 'term' : 'month';
    form.term.value = [...form.term.options].some((o) => o.value === `${form.from.value}|${form.to.value}`)
      ? `${form.from.value}|${form.to.value}`
      : '';
    form.term.addEventListener('change', () => {
      if (!form.term.value) return;
      [form.from.value, form.to.value] = form.term.value.split('|');
      form.period.value = 'term';
    });
    for (const input of [form.from, form.to]) input.addEventListener('change', () => (form.term.value = ''));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      load().catch((err) => showMessage(err.message));
    });
    $('print-report').addEventListener('click', () => window.print());
    await load();
  }

  main().catch((err) => {
    if (err.status !== 401) showMessage(err.message);
  });
})();
