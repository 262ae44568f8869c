import { h } from '../dom.js';
import { ApiError, describeError, getJson, getText, sendJson } from '../api.js';
import { createErrorSummary, createField, showFieldErrors } from '../fields.js';
import { formatDateTime, timeEl } from '../format.js';
import { dataTable } from '../table.js';
import { importReport } from '../report-view.js';
import { loadWorkflow } from '../reference-data.js';
import { buildEventForm } from '../event-forms.js';
import { download } from '../download.js';

const PLANNERS = ['vgr', 'steering_group'];
const STATE_BADGE = { planned: 'submitted', opened: 'dialogue', closed: 'decided', justerat: 'communicated', cancelled: 'withdrawn' };
const CAPACITY = { chair: 'ordförande', justerare: 'justerare' };
const KIND = { ordinary: 'Ledamot', substitute: 'Ersättare' };

function meetingPath(id, rest = '') {
  return `/api/meetings/${encodeURIComponent(id)}${rest}`;
}

/**
 * A small form: fields from specs, an error summary, one button; sends `body(values)` to `path`
 * and reloads the page with `flash` on success. 400s are shown at the fields, 403/409 in the summary
 * with the server's reason.
 */
function actionForm({ id, title, intro, specs, button, path, body, ctx, flash, danger = false, level = 3 }) {
  const summary = createErrorSummary(`${id}-fel`);
  const fields = specs.map((spec) => createField({ ...spec, id: `${id}-${spec.name}` }));
  const submit = h('button', { type: 'submit', class: ['button', danger && 'button-danger'] }, button);
  const form = h('form', { id, class: 'event-form', novalidate: true, 'aria-labelledby': `${id}-rubrik` }, summary.element);
  if (intro) form.append(h('p', { class: 'event-intro' }, intro));
  for (const f of fields) form.append(f.element);
  form.append(h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    summary.hide();
    const values = Object.fromEntries(fields.map((f) => [f.name, f.getValue()]));
    submit.disabled = true;
    try {
      await sendJson(path, body(values));
      ctx.reload({ flash });
    } catch (err) {
      const items = err instanceof ApiError && err.status === 400 ? showFieldErrors(fields, err.body) : [];
      const reason = err instanceof ApiError && err.status !== 400 && err.body?.message ? h('p', {}, err.body.message) : null;
      summary.show(describeError(err), items, reason);
    } finally {
      submit.disabled = false;
    }
  });
  return h('section', { class: 'action', 'aria-labelledby': `${id}-rubrik` }, h(`h${level}`, { id: `${id}-rubrik` }, title), form);
}

/** Sammanträden: programstyrgruppens meetings, and planning a new one (VGR or the chair). */
export async function meetingsPage(ctx) {
  ctx.setTitle('Sammanträden');
  const list = await getJson('/api/meetings?limit=100');
  const content = [
    h('h1', {}, 'Sammanträden'),
    h(
      'p',
      { class: 'lead' },
      'Programstyrgruppen beslutar om ändringsbegäranden vid sammanträden: ärendet ska stå på föredragningslistan, gruppen ska vara beslutsför, och beslutet gäller när protokollet är justerat.',
    ),
  ];
  if (list.items.length === 0) content.push(h('p', {}, 'Inga sammanträden är planerade.'));
  else {
    content.push(
      dataTable({
        caption: `Sammanträden (${list.total})`,
        columns: [
          { label: 'Sammanträde', cell: (m) => h('a', { href: `#/sammantraden/${encodeURIComponent(m.id)}` }, m.reference) },
          { label: 'Rubrik', cell: (m) => m.title },
          { label: 'Tid', cell: (m) => timeEl(m.startsAt) },
          { label: 'Läge', cell: (m) => h('span', { class: `badge badge-${STATE_BADGE[m.state] ?? m.state}` }, m.stateLabel) },
        ],
        rows: list.items,
        className: 'meetings',
      }),
    );
  }
  if (PLANNERS.includes(ctx.user?.role)) {
    content.push(
      actionForm({
        id: 'planera',
        title: 'Planera sammanträde',
        intro: 'VGR (sekreteraren) eller ordföranden planerar sammanträdet. Ärenden förs upp på föredragningslistan på sammanträdets sida.',
        specs: [
          { name: 'title', label: 'Rubrik', kind: 'text', required: true, maxLength: 200, value: 'Programstyrgruppen Millennium' },
          { name: 'startsAt', label: 'Tid', kind: 'datetime', required: true },
          { name: 'place', label: 'Plats', kind: 'text', maxLength: 200 },
        ],
        level: 2,
        button: 'Planera sammanträdet',
        path: '/api/meetings',
        body: (v) => ({
          title: v.title,
          startsAt: v.startsAt ? new Date(v.startsAt).toISOString() : '',
          ...(v.place ? { place: v.place } : {}),
        }),
        ctx,
        flash: 'Sammanträdet är planerat.',
      }),
    );
  }
  return content;
}

function quorumNote(item) {
  return h('p', { class: ['quorum', item.quorum.quorate ? 'quorum-ok' : 'quorum-missing'], 'data-testid': 'quorum' }, item.quorum.text);
}

function itemSection(ctx, meeting, item, definitions) {
  const { user } = ctx;
  const me = meeting.roster.find((m) => m.id === user.id);
  const isChair = me?.chair;
  const secretary = user.role === 'vgr' || isChair;
  const section = h(
    'section',
    { class: 'agenda-item', 'aria-labelledby': `p${item.position}-rubrik`, 'data-item': item.changeRequestId },
    h(
      'h3',
      { id: `p${item.position}-rubrik` },
      `§ ${item.position} `,
      h('a', { href: `#/arende/${encodeURIComponent(item.changeRequestId)}` }, `${item.reference ?? ''} ${item.title}`),
    ),
  );
  if (meeting.state !== 'planned') section.append(quorumNote(item));
  if (item.javWarnings.length && !item.decision && meeting.state !== 'justerat') {
    section.append(
      h(
        'div',
        { class: 'notice', 'data-testid': 'jav-warning' },
        h('p', {}, h('strong', {}, 'Överväg jäv. ')),
        h('ul', {}, ...item.javWarnings.map((w) => h('li', {}, w.message))),
      ),
    );
  }
  if (item.recusals.length) {
    section.append(h('p', {}, h('strong', {}, 'Jäv: '), item.recusals.map((r) => `${r.name} (${r.reason})`).join('; ')));
  }
  if (item.decision) {
    const d = item.decision;
    const outcome = definitions.cr.events?.DECIDE?.payload?.properties?.outcome?.['x-enumLabels']?.[d.outcome] ?? d.outcome;
    section.append(
      h(
        'dl',
        { class: 'facts' },
        h('div', {}, h('dt', {}, 'Beslut'), h('dd', {}, h('strong', {}, outcome))),
        h('div', {}, h('dt', {}, 'Motivering'), h('dd', {}, d.rationale)),
        d.votes ? h('div', {}, h('dt', {}, 'Omröstning'), h('dd', {}, `${d.votes.for} för, ${d.votes.against} emot, ${d.votes.abstain} avstår`)) : null,
      ),
    );
  }
  if (item.reservations.length) {
    section.append(h('p', {}, h('strong', {}, 'Reservationer: '), item.reservations.map((r) => `${r.name}: ${r.text}`).join('; ')));
  }
  const allowed = meeting.allowedEvents;
  // The decision form, as on the request's page, with this meeting chosen.
  if (!item.decision && meeting.state === 'opened' && user.role === 'steering_group' && item.request?.allowedEvents?.includes('DECIDE')) {
    section.append(
      h(
        'div',
        { class: 'action', 'data-event': 'DECIDE' },
        h('h4', { id: 'handelse-decide-rubrik' }, `Beslut i § ${item.position}`),
        buildEventForm('DECIDE', {
          request: { ...item.request, meetings: [{ id: meeting.id, reference: meeting.reference, state: meeting.state }] },
          definition: definitions.cr,
          onDone: () => ctx.reload({ flash: `Beslutet i § ${item.position} är registrerat.` }),
          onReload: () => ctx.reload(),
        }),
      ),
    );
  }
  if (!item.decision && allowed.includes('DECLARE_RECUSAL')) {
    const candidates = secretary ? meeting.roster : meeting.roster.filter((m) => m.id === user.id);
    if (candidates.length) {
      section.append(
        actionForm({
          id: `jav-${item.position}`,
          title: 'Anmäl jäv',
          intro: 'Den som är jävig deltar inte i beslutet och räknas inte in i beslutförheten.',
          specs: [
            {
              name: 'memberId',
              label: 'Ledamot',
              kind: 'select',
              required: true,
              placeholder: '– Välj ledamot –',
              options: candidates.map((m) => ({ value: m.id, label: `${m.name} (${m.organisationName})` })),
            },
            { name: 'reason', label: 'Skäl', kind: 'text', required: true, maxLength: 2000 },
          ],
          level: 4,
          button: 'Anmäl jäv',
          path: meetingPath(meeting.id, '/events'),
          body: (v) => ({ type: 'DECLARE_RECUSAL', changeRequestId: item.changeRequestId, memberId: v.memberId, reason: v.reason }),
          ctx,
          flash: 'Jävet är antecknat.',
        }),
      );
    }
  }
  if (item.decision && allowed.includes('RECORD_RESERVATION') && item.decision.participants.includes(user.id)) {
    section.append(
      actionForm({
        id: `reservation-${item.position}`,
        title: 'Reservera dig mot beslutet',
        intro: 'En reservation antecknas i protokollet fram till justeringen. Efter att sammanträdet avslutats ändrar den protokollet, och tidigare underskrifter gäller inte längre.',
        specs: [{ name: 'text', label: 'Reservation', kind: 'textarea', required: true, maxLength: 5000 }],
        level: 4,
        button: 'Anteckna reservationen',
        path: meetingPath(meeting.id, '/events'),
        body: (v) => ({ type: 'RECORD_RESERVATION', changeRequestId: item.changeRequestId, text: v.text }),
        ctx,
        flash: 'Reservationen är antecknad.',
      }),
    );
  }
  return section;
}

/** One meeting: attendance, the agenda with quorum, jäv and decisions, closing, the protocol and its signing. */
export async function meetingPage(ctx, id) {
  let meeting;
  try {
    meeting = await getJson(meetingPath(id));
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      ctx.setTitle('Sammanträdet finns inte');
      return [h('h1', {}, 'Sammanträdet finns inte'), h('p', {}, h('a', { href: '#/sammantraden' }, 'Till sammanträdena'))];
    }
    throw err;
  }
  const workflow = await loadWorkflow();
  const definitions = { cr: workflow.definition || {} };
  // Each item's request as the caller sees it (for the decision form and what it allows).
  await Promise.all(
    meeting.agenda.map(async (item) => {
      item.request = await getJson(`/api/change-requests/${encodeURIComponent(item.changeRequestId)}`).catch(() => null);
    }),
  );
  const { user } = ctx;
  const me = meeting.roster.find((m) => m.id === user.id);
  const secretary = user.role === 'vgr' || me?.chair;
  ctx.setTitle(`Sammanträde ${meeting.reference}`);
  const present = meeting.roster.filter((m) => m.present);
  const content = [
    h('nav', { class: 'breadcrumbs', 'aria-label': 'Du är här' }, h('a', { href: '#/sammantraden' }, 'Sammanträden'), ' › ', h('span', { class: 'nowrap' }, meeting.reference)),
    h('h1', {}, `${meeting.title}, ${meeting.reference}`),
    h(
      'dl',
      { class: 'facts' },
      h('div', {}, h('dt', {}, 'Läge'), h('dd', {}, h('span', { class: `badge badge-${STATE_BADGE[meeting.state] ?? meeting.state}`, 'data-testid': 'state' }, meeting.stateLabel))),
      h('div', {}, h('dt', {}, 'Tid'), h('dd', {}, timeEl(meeting.startsAt))),
      meeting.place ? h('div', {}, h('dt', {}, 'Plats'), h('dd', {}, meeting.place)) : null,
      meeting.justeratAt ? h('div', {}, h('dt', {}, 'Justerat'), h('dd', {}, timeEl(meeting.justeratAt))) : null,
    ),
  ];

  const attendance = h('section', { 'aria-labelledby': 'narvarolista-rubrik' }, h('h2', { id: 'narvarolista-rubrik' }, 'Närvaro'));
  if (meeting.state === 'planned') attendance.append(h('p', {}, 'Närvaron antecknas när sammanträdet öppnas.'));
  else {
    attendance.append(
      dataTable({
        caption: `Närvarande: ${present.length} av ${meeting.roster.length} på listan`,
        columns: [
          { label: 'Namn', cell: (m) => `${m.name}${m.chair ? ' (ordförande)' : ''}${m.justerare ? ' (justerare)' : ''}` },
          { label: 'Roll', cell: (m) => KIND[m.kind] ?? m.kind },
          { label: 'Organisation', cell: (m) => m.organisationName },
          { label: 'Närvarande', cell: (m) => (m.present ? 'Ja' : 'Nej') },
        ],
        rows: meeting.roster,
        className: 'roster',
      }),
    );
  }
  const rosterOptions = meeting.roster.map((m) => ({ value: m.id, label: `${m.name}, ${KIND[m.kind].toLowerCase()} (${m.organisationName})${m.chair ? ', ordförande' : ''}` }));
  if (meeting.allowedEvents.includes('OPEN') && secretary) {
    attendance.append(
      actionForm({
        id: 'oppna',
        title: 'Öppna sammanträdet',
        intro: 'Markera vilka som är närvarande och utse justerare. Beslutförheten räknas per ärende.',
        specs: [
          { name: 'present', label: 'Närvarande', kind: 'checkboxes', required: true, options: rosterOptions },
          { name: 'justerare', label: 'Justerare', kind: 'select', required: true, placeholder: '– Välj justerare –', options: rosterOptions.filter((o) => !meeting.roster.find((m) => m.id === o.value)?.chair) },
        ],
        button: 'Öppna sammanträdet',
        path: meetingPath(meeting.id, '/events'),
        body: (v) => ({ type: 'OPEN', present: v.present || [], justerare: v.justerare }),
        ctx,
        flash: 'Sammanträdet är öppnat.',
      }),
    );
  }
  if (meeting.allowedEvents.includes('UPDATE_ATTENDANCE') && secretary) {
    const form = actionForm({
      id: 'narvaro',
      title: 'Ändra närvaro',
      specs: [{ name: 'present', label: 'Närvarande', kind: 'checkboxes', required: true, options: rosterOptions }],
      button: 'Spara närvaron',
      path: meetingPath(meeting.id, '/events'),
      body: (v) => ({ type: 'UPDATE_ATTENDANCE', present: v.present || [] }),
      ctx,
      flash: 'Närvaron är ändrad.',
    });
    for (const input of form.querySelectorAll('input[type="checkbox"]')) input.checked = present.some((m) => m.id === input.value);
    attendance.append(form);
  }
  content.push(attendance);

  const agenda = h('section', { 'aria-labelledby': 'lista-rubrik' }, h('h2', { id: 'lista-rubrik' }, 'Föredragningslista'));
  if (meeting.agenda.length === 0) agenda.append(h('p', {}, 'Inga ärenden är uppförda.'));
  for (const item of meeting.agenda) agenda.append(itemSection(ctx, meeting, item, definitions));
  if (meeting.allowedEvents.includes('ADD_TO_AGENDA') && secretary) {
    const candidates = (await getJson('/api/meetings/agenda-candidates')).filter((c) => !meeting.agenda.some((a) => a.changeRequestId === c.id));
    agenda.append(
      candidates.length
        ? actionForm({
            id: 'uppfor',
            title: 'För upp ärende',
            intro: 'Ärenden i dialog där VGR har registrerat en konsekvensbedömning kan föras upp.',
            specs: [{ name: 'changeRequestId', label: 'Ärende', kind: 'select', required: true, placeholder: '– Välj ärende –', options: candidates.map((c) => ({ value: c.id, label: `${c.reference ?? ''} ${c.title}` })) }],
            button: 'För upp på listan',
            path: meetingPath(meeting.id, '/agenda'),
            body: (v) => ({ changeRequestId: v.changeRequestId }),
            ctx,
            flash: 'Ärendet är uppfört på föredragningslistan.',
          })
        : h('p', { class: 'muted' }, 'Inga fler ärenden kan föras upp: inget annat ärende i dialog har en konsekvensbedömning.'),
    );
  }
  content.push(agenda);

  if (meeting.allowedEvents.includes('CLOSE') && secretary) {
    content.push(
      actionForm({
        id: 'avsluta',
        title: 'Avsluta sammanträdet',
        intro: 'Protokollet upprättas. Ärenden utan beslut bordläggs. Därefter justerar ordföranden och justeraren protokollet.',
        specs: [],
        level: 2,
        button: 'Avsluta sammanträdet',
        path: meetingPath(meeting.id, '/events'),
        body: () => ({ type: 'CLOSE' }),
        ctx,
        flash: 'Sammanträdet är avslutat och protokollet upprättat.',
      }),
    );
  }

  const protocol = h('section', { 'aria-labelledby': 'protokoll-rubrik' }, h('h2', { id: 'protokoll-rubrik' }, 'Protokoll'));
  if (meeting.state === 'planned') protocol.append(h('p', {}, 'Protokollet upprättas när sammanträdet avslutas.'));
  else {
    protocol.append(
      h('p', {}, 'Kontrollsumma (sha256): ', h('code', { class: 'hash', 'data-testid': 'protocol-sha' }, meeting.protocolSha256)),
      h('p', {}, h('a', { href: `#/sammantraden/${encodeURIComponent(meeting.id)}/protokoll` }, 'Visa protokollet för utskrift')),
    );
    if (meeting.signatures.length) {
      protocol.append(
        h('ul', {}, ...meeting.signatures.map((s) => h('li', {}, `Justerat av ${s.name} (${CAPACITY[s.capacity]}) `, timeEl(s.at), s.valid ? '' : ' – gäller inte längre, protokollet har ändrats'))),
      );
    }
    const signs = meeting.allowedEvents.includes('SIGN') && (me?.chair || me?.justerare) && !meeting.signatures.some((s) => s.memberId === user.id);
    if (signs) {
      protocol.append(
        actionForm({
          id: 'justera',
          title: 'Justera protokollet',
          intro: `Du justerar protokollet med kontrollsumman ${meeting.protocolSha256.slice(0, 12)}… Läs protokollet först. Underskriften förs in i beslutshistoriken.`,
          specs: [],
          button: 'Justera protokollet',
          path: meetingPath(meeting.id, '/signatures'),
          body: () => ({ protocolSha256: meeting.protocolSha256 }),
          ctx,
          flash: 'Din justering är registrerad.',
        }),
      );
    }
  }
  content.push(protocol);
  if (meeting.state === 'justerat' && ['vgr', 'steering_group', 'admin', 'auditor'].includes(user.role)) {
    const sent = (await getJson('/api/dispatches')).items.filter((m) => m.meetingId === meeting.id);
    content.push(
      h(
        'section',
        { 'aria-labelledby': 'expediering-rubrik' },
        h('h2', { id: 'expediering-rubrik' }, 'Expediering'),
        dataTable({
          caption: 'Beslut skickade till de begärande organisationerna och VästKom',
          columns: [
            { label: 'Registrering', cell: (m) => m.registration },
            { label: 'Mottagare', cell: (m) => m.organisationId },
            { label: 'Mottagandet bekräftat', cell: (m) => (m.acknowledgedAt ? timeEl(m.acknowledgedAt) : 'Inte ännu') },
          ],
          rows: sent,
          className: 'dispatches',
        }),
      ),
    );
  }
  return content;
}

/** The protocol's print view: the server's HTML, imported through the report allow-list. */
export async function protocolPage(ctx, id) {
  const meeting = await getJson(meetingPath(id));
  ctx.setTitle(`Protokoll ${meeting.reference}`);
  const html = await getText(meetingPath(id, '/protocol?format=html'));
  const { content } = importReport(html);
  const view = h('section', { class: 'print-view' });
  view.append(
    h('nav', { class: 'breadcrumbs no-print', 'aria-label': 'Du är här' }, h('a', { href: '#/sammantraden' }, 'Sammanträden'), ' › ', h('a', { href: `#/sammantraden/${encodeURIComponent(id)}` }, meeting.reference), ' › Protokoll'),
    h(
      'div',
      { class: 'form-actions no-print' },
      h('button', { type: 'button', class: 'button', onclick: () => window.print() }, 'Skriv ut'),
      h(
        'button',
        {
          type: 'button',
          class: 'button button-secondary',
          onclick: () => download(meetingPath(id, '/protocol?format=md'), `protokoll-${meeting.reference.replace(/\s+/g, '-')}.md`, 'text/markdown').catch((err) => ctx.announce(describeError(err))),
        },
        'Ladda ner som Markdown',
      ),
    ),
    h('h1', { class: 'no-print' }, `Protokoll, sammanträde ${meeting.reference}`),
    h('article', { class: 'report', 'aria-label': `Protokoll ${meeting.reference}` }, content),
    h('p', { class: 'muted' }, `Kontrollsumma (sha256): `, h('code', { class: 'hash' }, meeting.protocolSha256)),
    meeting.signatures.length
      ? h('ul', { class: 'signatures' }, ...meeting.signatures.map((s) => h('li', {}, `Justerat av ${s.name}, ${CAPACITY[s.capacity]}, ${formatDateTime(s.at)}${s.valid ? '' : ' (gäller inte längre)'}`)))
      : h('p', {}, 'Protokollet är inte justerat ännu.'),
  );
  return [view];
}

