import { h, clear } from '../dom.js';
import { getJson, getText, describeError } from '../api.js';
import { createField } from '../fields.js';
import { formatDateTime, isoWeek, parseWeek } from '../format.js';
import { download } from '../download.js';
import { importReport } from '../report-view.js';


/** A diarienummer ("ÄB-2024-0001") or a week ("2024-W49") in a heading never breaks at its hyphens. */
function unbroken(text) {
  return text.split(/(\S+-\d{4}-\d{4}|\d{4}-W\d{2})/).map((part, i) => (i % 2 ? h('span', { class: 'nowrap' }, part) : part));
}

/** Who may read the regional report, the stored weekly reports included (not municipalities, not admin). */
const REGIONAL_READERS = ['vgr', 'communications', 'steering_group', 'auditor', 'vastkom'];
const WEEK = /^(\d{4})-W(\d{2})$/;
const weekName = (week) => {
  const m = WEEK.exec(week);
  return m ? `Vecka ${Number(m[2])}, ${m[1]}` : week;
};

/** The weekly reports compiled on schedule: each links to its stored body, with the sha256 of both versions. */
function snapshotList(snapshots, error) {
  const heading = h('h2', { id: 'sammanstallda-rubrik' }, 'Sammanställda veckorapporter');
  const intro = h(
    'p',
    { class: 'hint' },
    'Rapporterna som sammanställdes enligt schemat och skickades ut, lagrade oförändrade. Kontrollsumman (SHA-256) visar att en kopia är densamma.',
  );
  let body;
  if (error) body = h('div', { class: 'notice notice-error', role: 'alert' }, h('p', {}, describeError(error)));
  else if (!snapshots.length) body = h('p', {}, 'Inga veckorapporter har sammanställts ännu.');
  else {
    body = h(
      'ul',
      { class: 'snapshot-list' },
      ...snapshots.map((s) =>
        h(
          'li',
          {},
          h('a', { href: `#/rapporter?sammanstalld=${encodeURIComponent(s.week)}` }, weekName(s.week)),
          ` – sammanställd ${formatDateTime(s.compiledAt)}`,
          h('br'),
          'SHA-256 (Markdown): ',
          h('code', {}, s.md.sha256),
          h('br'),
          'SHA-256 (HTML): ',
          h('code', {}, s.html.sha256),
        ),
      ),
    );
  }
  return h('section', { class: 'panel no-print', 'aria-labelledby': 'sammanstallda-rubrik' }, heading, intro, body);
}

export async function reportsPage(ctx) {
  ctx.setTitle('Rapporter');
  const q = ctx.query;
  let requests = [];
  let listError = null;
  try {
    const res = await getJson('/api/change-requests?page=1&pageSize=100');
    requests = (res.items || []).filter((r) => r.reference);
  } catch (err) {
    listError = err;
  }

  const readsRegional = REGIONAL_READERS.includes(ctx.user?.role);
  let snapshots = [];
  let snapshotError = null;
  if (readsRegional) {
    try {
      snapshots = (await getJson('/api/reports/weekly/snapshots?limit=20')).items || [];
    } catch (err) {
      snapshotError = err;
    }
  }

  const view = h('section', { class: 'print-view', id: 'utskrift', 'aria-labelledby': 'utskrift-rubrik', hidden: true, tabindex: '-1' });

  // Only the report asked for last is shown: an earlier one that answers later must not replace it.
  let shown = 0;
  async function show(path, heading, mdPath, mdName) {
    const turn = ++shown;
    clear(view);
    view.hidden = false;
    view.append(h('h2', { id: 'utskrift-rubrik' }, unbroken(heading)), h('p', { role: 'status' }, 'Hämtar rapporten …'));
    try {
      const html = await getText(path);
      if (turn !== shown) return;
      const { content } = importReport(html);
      clear(view).append(
        h('h2', { id: 'utskrift-rubrik', class: 'no-print' }, unbroken(heading)),
        h(
          'div',
          { class: 'form-actions no-print' },
          h('button', { type: 'button', class: 'button', onclick: () => window.print() }, 'Skriv ut'),
          h(
            'button',
            {
              type: 'button',
              class: 'button button-secondary',
              onclick: () => download(mdPath, mdName, 'text/markdown').catch((err) => ctx.announce(describeError(err))),
            },
            'Ladda ner som Markdown',
          ),
        ),
        h('article', { class: 'report', 'aria-label': heading }, content),
      );
      view.focus();
    } catch (err) {
      if (turn !== shown) return;
      clear(view).append(
        h('h2', { id: 'utskrift-rubrik' }, unbroken(heading)),
        h('div', { class: 'notice notice-error', role: 'alert' }, h('p', {}, `Rapporten kunde inte hämtas. ${describeError(err)}`)),
      );
    }
  }

  // Extra report for one request
  const requestField = createField({
    id: 'rapport-arende',
    name: 'arende',
    label: 'Ändringsbegäran',
    kind: 'select',
    required: true,
    placeholder: requests.length ? '– Välj ändringsbegäran –' : '– Inga inlämnade ändringsbegäranden –',
    options: requests.map((r) => ({ value: r.id, label: `${r.reference} ${r.title}` })),
  });
  if (q.arende) requestField.setValue(q.arende);
  const extraForm = h(
    'form',
    { novalidate: true, class: 'report-form' },
    requestField.element,
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button' }, 'Visa extrainsatt rapport')),
  );
  const showExtra = (id) => {
    const r = requests.find((x) => x.id === id);
    const base = `/api/reports/change-requests/${encodeURIComponent(id)}`;
    show(`${base}?format=html`, `Extrainsatt rapport ${r?.reference || ''}`.trim(), `${base}?format=md`, `extrainsatt-rapport-${r?.reference || id}.md`);
  };
  extraForm.addEventListener('submit', (e) => {
    e.preventDefault();
    requestField.clearError();
    const id = requestField.getValue();
    if (!id) {
      requestField.setError('Välj en ändringsbegäran.');
      requestField.focus();
      return;
    }
    showExtra(id);
  });

  // Weekly report
  const weekField = createField({
    id: 'rapport-vecka',
    name: 'vecka',
    label: 'Vecka',
    kind: 'text',
    required: true,
    hint: 'Veckans nummer, till exempel 49, v49, vecka 49 eller 2024-W49. Utan år gäller innevarande år.',
    value: parseWeek(q.vecka) ? q.vecka : isoWeek(),
  });
  const weekForm = h(
    'form',
    { novalidate: true, class: 'report-form' },
    weekField.element,
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button' }, 'Visa regional rapport')),
  );
  weekForm.addEventListener('submit', (e) => {
    e.preventDefault();
    weekField.clearError();
    const week = parseWeek(weekField.getValue());
    if (!week) {
      weekField.setError('Ange en vecka mellan 1 och 52 (53 vissa år), till exempel vecka 49 eller 2024-W49.');
      weekField.focus();
      return;
    }
    showWeekly(week);
  });
  function showWeekly(week) {
    const base = `/api/reports/weekly?week=${encodeURIComponent(week)}`;
    show(`${base}&format=html`, `Regional rapport vecka ${week}`, `${base}&format=md`, `regional-rapport-${week}.md`);
  }

  const content = [
    h('h1', {}, 'Rapporter'),
    h('p', { class: 'lead' }, 'Rapporterna sammanställs av servern i samma struktur som Regional rapport Millennium. Visa dem här, skriv ut eller ladda ner som Markdown.'),
    h('section', { class: 'panel no-print', 'aria-labelledby': 'extra-rubrik' }, h('h2', { id: 'extra-rubrik' }, 'Extrainsatt rapport'),
      listError ? h('div', { class: 'notice notice-error', role: 'alert' }, h('p', {}, describeError(listError))) : null,
      extraForm),
    h('section', { class: 'panel no-print', 'aria-labelledby': 'vecka-rubrik' }, h('h2', { id: 'vecka-rubrik' }, 'Regional rapport (vecka)'), weekForm),
    readsRegional ? snapshotList(snapshots, snapshotError) : null,
    view,
  ];
  if (q.sammanstalld && WEEK.test(q.sammanstalld)) {
    const base = `/api/reports/weekly/snapshots/${encodeURIComponent(q.sammanstalld)}`;
    show(`${base}?format=html`, `Sammanställd regional rapport, ${weekName(q.sammanstalld).toLowerCase()}`, `${base}?format=md`, `regional-rapport-${q.sammanstalld}-sammanstalld.md`);
  } else if (q.arende) showExtra(q.arende);
  else if (parseWeek(q.vecka)) showWeekly(parseWeek(q.vecka));
  return content;
}
