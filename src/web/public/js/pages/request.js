import { h, prose } from '../dom.js';
import { deadlinesSection } from './tasks.js';
import { getJson, sendJson, describeError, ApiError } from '../api.js';
import { buildEventForm, discardDrafts, orphanDrafts } from '../event-forms.js';
import { enumLabel, formatLongDate, roleLabel, THREAD_KIND_LABELS, timeEl, typeLabel } from '../format.js';
import { loadOrganisations, loadWorkflow, organisationName, stateLabel, statePath } from '../reference-data.js';
import { dataTable } from '../table.js';
import { actorDetails, eventDoneLabel, eventFlash, TERMS } from '../terms.js';

const F = TERMS.fields;
const LATER = TERMS.goLive.later;

/** Forms that move the request forward come first; comments, edits and withdrawal last. */
const ORDER = [
  'SUBMIT', 'ACKNOWLEDGE', 'PROVIDE_INFO', 'RECORD_IMPACT', 'DECIDE', 'RECORD_COMMUNICATION',
  'COMPLETE_COMMUNICATION', 'REQUEST_INFO', 'PLAN_COMMUNICATION', 'ADD_SPOKESPERSON',
  'RECORD_ORGANISATION_COMMENT',
];
const LAST = ['COMMENT', 'EDIT', 'WITHDRAW'];
function priority(type) {
  if (ORDER.includes(type)) return ORDER.indexOf(type);
  if (LAST.includes(type)) return 100 + LAST.indexOf(type);
  return 50;
}

function section(id, title, ...children) {
  return h('section', { class: 'panel', id, 'aria-labelledby': `${id}-rubrik` }, h('h2', { id: `${id}-rubrik` }, title), ...children);
}

function dl(rows) {
  const list = h('dl', { class: 'facts' });
  for (const [term, value] of rows) {
    if (value === null || value === undefined || value === '') continue;
    list.append(h('div', { class: 'fact' }, h('dt', {}, term), h('dd', {}, value)));
  }
  return list;
}

/** "Anders Holm (VGR programkontor, Västra Götalandsregionen)"; role and organisation once when they coincide. */
function actorLine(orgs, name, role, organisationId) {
  const details = actorDetails(roleLabel(role), organisationId ? organisationName(orgs, organisationId) : '');
  return details.length ? `${name} (${details.join(', ')})` : name;
}

function actorText(orgs, by) {
  return by ? actorLine(orgs, by.name, by.role, by.organisationId) : '';
}

function byLine(orgs, by, at) {
  return h('p', { class: 'byline' }, by ? actorText(orgs, by) : '', by && at ? ', ' : '', at ? timeEl(at) : '');
}

export async function requestPage(ctx, id) {
  const enc = encodeURIComponent(id);
  let request;
  try {
    request = await getJson(`/api/change-requests/${enc}`);
  } catch (err) {
    if (err instanceof ApiError && (err.status === 404 || err.status === 403)) {
      ctx.setTitle('Ändringsbegäran saknas');
      return [
        h('h1', {}, 'Ändringsbegäran kunde inte visas'),
        h('div', { class: 'notice notice-error', role: 'alert' }, h('p', {}, describeError(err, 'request'))),
        h('p', {}, h('a', { href: '#/' }, 'Till listan över ändringsbegäranden')),
      ];
    }
    throw err;
  }
  const [workflow, orgs, history] = await Promise.all([
    loadWorkflow(),
    loadOrganisations(),
    getJson(`/api/change-requests/${enc}/history`).catch((err) => ({ error: err })),
  ]);
  const definition = workflow.definition || {};
  const allowed = Array.isArray(request.allowedEvents) ? request.allowedEvents : [];
  ctx.setTitle(request.reference ? `${request.reference} ${request.title}` : request.title);

  const content = [
    h('nav', { class: 'breadcrumbs', 'aria-label': 'Du är här' }, h('a', { href: '#/' }, 'Ändringsbegäranden'), ' › ', h('span', { class: 'nowrap' }, request.reference || 'Utkast')),
    h('h1', { id: 'request-title' }, request.title),
    h(
      'p',
      { class: 'request-meta' },
      h('span', { class: `badge badge-${request.state}`, 'data-testid': 'state' }, request.stateLabel || stateLabel(definition, request.stateValue || request.state)),
      h('span', { class: 'reference' }, request.reference ? `${F.reference} ${request.reference}` : `Inget ${F.reference.toLowerCase()} ännu (utkast)`),
    ),
  ];
  if (ctx.flash) content.push(h('div', { class: 'notice notice-success', role: 'status', id: 'flash' }, h('p', {}, ctx.flash)));
  if (allowed.length) {
    content.push(
      h(
        'p',
        { class: 'jump' },
        h(
          'a',
          {
            href: '#atgarder',
            onclick: (e) => {
              e.preventDefault();
              const target = document.getElementById('atgarder');
              target?.focus();
              target?.scrollIntoView();
            },
          },
          `Gå till dina åtgärder (${allowed.length})`,
        ),
      ),
    );
  }

  // Uppgifter
  const goLive =
    request.type === 'schedule'
      ? request.requestedGoLive
        ? formatLongDate(request.requestedGoLive)
        : LATER
      : request.requestedGoLive
        ? formatLongDate(request.requestedGoLive)
        : null;
  content.push(
    section(
      'uppgifter',
      'Uppgifter',
      dl([
        [F.reference, request.reference || 'Tilldelas när VästKom lämnar in'],
        [F.state, request.stateLabel || stateLabel(definition, request.stateValue || request.state)],
        [F.type, typeLabel(request.type)],
        [F.requestingOrganisations, (request.requestingOrganisations || []).map((o) => organisationName(orgs, o)).join(', ')],
        [F.requestedGoLive, goLive],
        [`${F.receivedAt} av VGR`, request.receivedAt ? timeEl(request.receivedAt) : 'Inte inlämnad ännu'],
        ['Skapad', h('span', {}, actorText(orgs, request.createdBy), request.createdBy ? ', ' : '', timeEl(request.createdAt))],
        [F.submittedBy, request.submittedBy ? actorText(orgs, request.submittedBy) : null],
        [F.stateEnteredAt, request.stateEnteredAt ? timeEl(request.stateEnteredAt) : null],
        [F.updatedAt, timeEl(request.updatedAt)],
        ['Version', String(request.version)],
      ]),
      h('h3', {}, F.description),
      prose(request.description),
      h('h3', {}, F.justification),
      prose(request.justification),
    ),
  );

  if (request.withdrawal) {
    content.push(section('aterkallad', 'Återkallad', prose(request.withdrawal.reason), byLine(orgs, request.withdrawal.by, request.withdrawal.at)));
  }

  // Actions the caller may take now
  const actions = section('atgarder', 'Dina åtgärder');
  actions.setAttribute('tabindex', '-1');
  if (!allowed.length) {
    actions.append(h('p', { class: 'no-actions', 'data-testid': 'no-actions' }, whatIsWaiting(request, definition)));
  } else {
    actions.append(h('p', { class: 'hint' }, 'Det här kan du göra nu med din roll. Fält som inte är markerade med (valfritt) måste fyllas i.'));
    const onDone = (updated, type) => {
      const state = updated?.stateLabel || stateLabel(definition, updated?.stateValue || updated?.state);
      ctx.reload({ flash: eventFlash(definition, type, { reference: updated?.reference ?? request.reference, state }) });
    };
    const onReload = () => ctx.reload({ flash: 'Ändringsbegäran är omladdad och visar det senaste läget.' });
    for (const type of [...allowed].sort((a, b) => priority(a) - priority(b))) {
      if (type === 'EDIT') {
        actions.append(
          h(
            'section',
            { class: 'event', 'data-event': 'EDIT', 'aria-labelledby': 'handelse-edit-rubrik' },
            h('h3', { id: 'handelse-edit-rubrik' }, definition.events?.EDIT?.label || 'Redigera utkast'),
            h('p', {}, h('a', { href: `#/arende/${enc}/redigera`, class: 'button button-secondary' }, 'Redigera utkastet')),
          ),
        );
      } else {
        actions.append(buildEventForm(type, { request, definition, onDone, onReload }));
      }
    }
  }
  content.push(actions);
  content.push(deadlinesSection(request.deadlines));

  // Text the user typed but could not send (someone else acted first) stays readable.
  const orphans = orphanDrafts(request.id, allowed);
  if (orphans.length) {
    const box = h(
      'div',
      { class: 'notice', id: 'ej-registrerat', role: 'region', 'aria-labelledby': 'ej-registrerat-rubrik' },
      h('h3', { id: 'ej-registrerat-rubrik' }, 'Det du skrev men som inte registrerades'),
      h('p', {}, 'Åtgärden går inte längre att göra i det här läget. Kopiera texten om du vill använda den, till exempel i en kommentar.'),
    );
    for (const { type, values } of orphans) {
      const props = definition.events?.[type]?.payload?.properties || {};
      const rows = Object.entries(values).filter(([, v]) => typeof v === 'string' && v.trim() !== '');
      box.append(
        h('p', { class: 'thread-kind' }, definition.events?.[type]?.label || type),
        h(
          'dl',
          { class: 'facts facts-compact' },
          rows.map(([k, v]) =>
            h('div', { class: 'fact' }, h('dt', {}, props[k]?.title || k), h('dd', { class: 'prose' }, props[k]?.enum ? enumLabel(v, props[k]['x-enumLabels']) : v)),
          ),
        ),
      );
    }
    box.append(
      h(
        'button',
        {
          type: 'button',
          class: 'button button-secondary',
          onclick: () => {
            discardDrafts(request.id);
            box.remove();
            ctx.announce('Texten är borttagen.');
          },
        },
        'Ta bort texten',
      ),
    );
    actions.append(box);
  }

  // Dialog: the newest entries come with the request; older ones are fetched on demand.
  const thread = request.thread || [];
  const threadEntry = (entry) =>
    h(
      'li',
      { class: `thread-entry thread-${String(entry.kind).toLowerCase()}` },
      h('p', { class: 'thread-kind' }, THREAD_KIND_LABELS[entry.kind] || definition.events?.[entry.kind]?.label || entry.kind),
      prose(entry.text),
      byLine(orgs, entry.by, entry.at),
    );
  const list = h('ol', { class: 'thread' }, thread.map(threadEntry));
  const earlierCount = () => (request.threadTotal ?? thread.length) - list.children.length;
  const earlierStatus = h('p', { class: 'muted', role: 'status' });
  let oldest = thread[0]?.n;
  const earlier = h(
    'button',
    {
      type: 'button',
      class: 'button button-secondary',
      onclick: async () => {
        earlier.disabled = true;
        try {
          const page = await getJson(`/api/change-requests/${encodeURIComponent(request.id)}/thread?before=${oldest}&limit=100`);
          const first = list.firstElementChild;
          for (const entry of page.items) list.insertBefore(threadEntry(entry), first);
          oldest = page.items[0]?.n ?? oldest;
          const left = earlierCount();
          earlierStatus.textContent = `${page.items.length} tidigare inlägg visas.`;
          if (left > 0 && page.items.length) {
            earlier.textContent = `Visa tidigare inlägg (${left} till)`;
            earlier.disabled = false;
          } else {
            earlier.remove();
          }
        } catch (error) {
          earlierStatus.textContent = `Det gick inte att hämta tidigare inlägg: ${describeError(error)}`;
          earlier.disabled = false;
        }
      },
    },
    `Visa tidigare inlägg (${(request.threadTotal ?? thread.length) - thread.length} till)`,
  );
  content.push(
    section(
      'dialog',
      F.dialogue,
      thread.length
        ? [earlierCount() > 0 && oldest > 1 ? earlier : null, earlierStatus, list].filter(Boolean)
        : h('p', { class: 'muted' }, 'Ingen dialog ännu.'),
    ),
  );

  // Konsekvensbedömning
  const impact = request.impactAssessment;
  content.push(
    section(
      'konsekvensbedomning',
      F.impactAssessment,
      impact ? [prose(impact.text), byLine(orgs, impact.by, impact.at)] : h('p', { class: 'muted' }, 'Ingen konsekvensbedömning är registrerad ännu.'),
    ),
  );

  // Beslut
  const decision = request.decision;
  content.push(
    section(
      'beslut',
      F.decision,
      decision
        ? [
            dl([
              [F.decision, h('strong', {}, enumLabel(decision.outcome, definition.events?.DECIDE?.payload?.properties?.outcome?.['x-enumLabels']))],
              [F.meetingReference, decision.meetingReference],
              [F.decidedAt, decision.decidedOn ? timeEl(decision.decidedOn) : timeEl(decision.at)],
              [F.decisionRegisteredAt, timeEl(decision.at)],
              [F.decidedBy, actorText(orgs, decision.by)],
            ]),
            h('h3', {}, F.rationale),
            prose(decision.rationale),
            decision.conditions ? [h('h3', {}, F.conditions), prose(decision.conditions)] : null,
            decision.meeting ? meetingOfDecision(decision.meeting) : null,
          ]
        : [
            h('p', { class: 'muted' }, 'Programstyrgruppen har inte beslutat ännu.'),
            ...(request.meetings || [])
              .filter((m) => m.state === 'planned' || m.state === 'opened')
              .map((m) => h('p', {}, 'Står på föredragningslistan för ', h('a', { href: `#/sammantraden/${encodeURIComponent(m.id)}` }, `sammanträdet ${m.reference}`), m.state === 'opened' ? ' (pågår).' : '.')),
          ],
    ),
  );
  if (decision?.meeting?.justeratAt && ['municipality', 'vastkom'].includes(ctx.user?.role)) {
    const sent = await getJson('/api/dispatches').then((r) => r.items.filter((m) => m.changeRequestId === request.id)).catch(() => []);
    if (sent.length) content.push(section('expediering', 'Expedierat beslut', sent.map((m) => dispatchRow(ctx, m))));
  }

  // Kommunikation
  const commActions = request.communicationActions || [];
  const commSection = section('kommunikation', F.communicationActions);
  if (!commActions.length) {
    commSection.append(h('p', { class: 'muted' }, 'Inga kommunikationsåtgärder är planerade ännu.'));
  }
  for (const [audience, title] of Object.entries(TERMS.audiences)) {
    const rows = commActions.filter((a) => a.audience === audience);
    if (!rows.length) continue;
    commSection.append(
      h('h3', {}, title),
      dataTable({
        caption: `${F.communicationActions}, ${title.toLowerCase()}`,
        captionHidden: true,
        columns: [
          { label: 'Kanal', cell: (a) => a.channel },
          { label: 'Planerad', cell: (a) => (a.plannedAt ? timeEl(a.plannedAt) : 'Inget datum') },
          {
            label: 'Status',
            cell: (a) =>
              a.cancelled
                ? h('span', { class: 'status-cancelled' }, 'Inställd ', timeEl(a.cancelled.at), ` av ${a.cancelled.by.name}. Skäl: ${a.cancelled.reason}`)
                : a.doneAt
                  ? h('span', { class: 'status-done' }, 'Genomförd ', timeEl(a.doneAt), a.doneBy ? ` av ${a.doneBy.name}` : '')
                  : h(
                      'span',
                      { class: 'status-open' },
                      'Planerad, inte genomförd',
                      allowed.includes('RECORD_COMMUNICATION') ? markDoneButton(a) : null,
                    ),
          },
          { label: 'Länk', cell: (a) => (a.link && /^https?:\/\//i.test(a.link) ? h('a', { href: a.link, rel: 'noopener noreferrer', class: 'url' }, a.link) : a.link || '–') },
        ],
        rows,
      }),
    );
  }
  content.push(commSection);

  content.push(
    section(
      'lagesbild',
      'Lägesbild för rapporten',
      h('p', { class: 'hint' }, 'Står under Kända omständigheter i den extrainsatta rapporten. Dialogen kommer inte med i rapporten.'),
      request.reportNarrative
        ? [prose(request.reportNarrative.text), h('p', { class: 'muted' }, 'Skriven av ', actorText(orgs, request.reportNarrative.by), ', ', timeEl(request.reportNarrative.at), '.')]
        : h('p', { class: 'muted' }, 'Ingen lägesbild skriven ännu. Kommunikation eller VGR skriver den.'),
    ),
  );

  const spokespersons = request.spokespersons || [];
  content.push(
    section(
      'talespersoner',
      `Talespersoner och ${F.organisationComment.toLowerCase()}`,
      h('h3', {}, F.spokespersons),
      spokespersons.length
        ? h('ul', {}, spokespersons.map((s) => h('li', {}, [s.name, s.title].filter(Boolean).join(', '))))
        : h('p', { class: 'muted' }, 'Inga talespersoner angivna.'),
      h('h3', {}, F.organisationComment),
      request.organisationComment ? prose(request.organisationComment) : h('p', { class: 'muted' }, 'Ingen kommentar ännu.'),
    ),
  );

  if (request.reference) {
    content.push(
      section(
        'rapport',
        'Rapport',
        h('p', {}, h('a', { href: `#/rapporter?arende=${enc}` }, 'Visa extrainsatt rapport för utskrift')),
      ),
    );
  }

  content.push(section('historik', F.history, renderHistory(history, definition, orgs, request.communicationActions || [])));
  return content;
}

/** Labels for the draft's own fields (the creation entry carries them with their API names). */
const DRAFT_FIELD_LABELS = {
  title: F.title,
  description: F.description,
  type: F.type,
  requestType: F.type,
  requestingOrganisations: F.requestingOrganisations,
  justification: F.justification,
  requestedGoLive: F.requestedGoLive,
  workflow: 'Arbetsflöde',
};

/** How programstyrgruppen took the decision: the meeting, who took part, jäv, votes and justering. */
function meetingOfDecision(m) {
  return [
    h('h3', {}, 'Sammanträdet'),
    dl([
      ['Sammanträde', h('a', { href: `#/sammantraden/${encodeURIComponent(m.id)}` }, m.reference)],
      ['Deltog i beslutet', `${m.participants.map((p) => p.name).join(', ')} (${m.participants.length} av ${m.ordinaryMembers})`],
      ['Jäv', m.recused.length ? m.recused.map((r) => `${r.name} (${r.reason})`).join('; ') : 'Ingen anmälde jäv'],
      ['Omröstning', m.votes ? `${m.votes.for} för, ${m.votes.against} emot, ${m.votes.abstain} avstår` : 'Utan omröstning'],
      ['Protokollet justerat', m.justeratAt ? timeEl(m.justeratAt) : 'Inte ännu'],
    ]),
  ];
}

/** A dispatched decision to the caller's organisation, with its receipt. */
function dispatchRow(ctx, m) {
  const done = m.acknowledgedAt ? h('p', {}, 'Mottagandet bekräftat ', timeEl(m.acknowledgedAt), ` av ${m.acknowledgedBy}.`) : null;
  const button = h('button', { type: 'button', class: 'button' }, 'Bekräfta mottagandet');
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await sendJson(`/api/dispatches/${encodeURIComponent(m.id)}/acknowledge`, {});
      ctx.reload({ flash: 'Mottagandet är bekräftat.' });
    } catch (err) {
      button.disabled = false;
      ctx.announce(describeError(err));
    }
  });
  return h('div', { class: 'dispatch', 'data-testid': 'dispatch' }, h('p', {}, h('strong', {}, m.registration), ' ', timeEl(m.registeredAt)), prose(m.body), done ?? button);
}

/** The draft's fields by the product's words; other payload fields by the definition's titles. */
function payloadLabel(definition, type, key) {
  return DRAFT_FIELD_LABELS[key] || definition.events?.[type]?.payload?.properties?.[key]?.title || key;
}

function payloadText(definition, orgs, actions, type, key, value) {
  const prop = definition.events?.[type]?.payload?.properties?.[key];
  if (value === null || value === undefined || value === '') {
    return key === 'requestedGoLive' ? LATER : '–';
  }
  if (key === 'type' || key === 'requestType') return typeLabel(value);
  if (key === 'workflow' && value === definition.id) return definition.title || value;
  if (key === 'requestingOrganisations' && Array.isArray(value)) return value.map((id) => organisationName(orgs, id)).join(', ');
  if (key === 'actionId' && typeof value === 'string') {
    const action = actions.find((a) => a.id === value);
    return action ? `${enumLabel(action.audience)}: ${action.channel}` : value;
  }
  if (typeof value === 'string') return prop?.enum ? enumLabel(value, prop['x-enumLabels']) : value;
  if (typeof value === 'boolean') return value ? 'Ja' : 'Nej';
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(', ');
  return JSON.stringify(value);
}

function renderHistory(history, definition, orgs, actions) {
  if (history?.error) {
    return h('p', { class: 'notice notice-error' }, `Historiken kunde inte hämtas. ${describeError(history.error)}`);
  }
  const items = history?.items || [];
  if (!items.length) return h('p', { class: 'muted' }, 'Ingen historik ännu.');
  const eventTitle = (type) => eventDoneLabel(definition, type);
  return h(
    'ol',
    { class: 'timeline', 'aria-label': 'Händelser i tidsordning' },
    items.map((e) => {
      const payload = e.payload && typeof e.payload === 'object' ? Object.entries(e.payload).filter(([k]) => k !== 'expectedVersion') : [];
      const before = e.stateBefore && e.stateBefore !== 'null' ? stateLabel(definition, e.stateBefore) : null;
      const after = stateLabel(definition, e.stateAfter);
      return h(
        'li',
        { class: 'timeline-entry', 'data-seq': String(e.seq) },
        h(
          'p',
          { class: 'timeline-head' },
          h('span', { class: 'timeline-seq' }, `${F.seq} ${e.seq}`),
          ' ',
          h('span', { class: 'timeline-event' }, eventTitle(e.eventType)),
          ' ',
          timeEl(e.at),
        ),
        h('p', { class: 'byline' }, actorLine(orgs, e.actorName, e.actorRole, e.actorOrganisation)),
        h('p', { class: 'timeline-states' }, !before ? `Ny: ${after}` : before === after ? `Status oförändrad: ${after}` : `${before} → ${after}`),
        payload.length
          ? h(
              'dl',
              { class: 'facts facts-compact' },
              payload.map(([k, v]) =>
                h(
                  'div',
                  { class: 'fact' },
                  h('dt', {}, payloadLabel(definition, e.eventType, k)),
                  h('dd', { class: 'prose' }, payloadText(definition, orgs, actions, e.eventType, k, v)),
                ),
              ),
            )
          : null,
        h('p', { class: 'hash' }, `${F.hash} `, h('code', {}, String(e.hash || '').slice(0, 16)), e.hash ? '…' : ''),
      );
    }),
  );
}

/**
 * "Markera genomförd" on an open action's row: picks that action in the form for recording it and
 * moves there, so the time, link and button are one step away.
 */
function markDoneButton(action) {
  return h(
    'button',
    {
      type: 'button',
      class: 'button button-secondary button-small row-action',
      'aria-label': `Markera genomförd: ${action.channel}`,
      onclick: () => {
        const select = document.getElementById('handelse-record-communication-actionId-input');
        if (!select) return;
        select.value = action.id;
        select.dispatchEvent(new Event('change', { bubbles: true }));
        select.closest('section')?.scrollIntoView({ block: 'start' });
        select.focus();
      },
    },
    'Markera genomförd',
  );
}

/** The events a state handles, its own and its parents' (a leaf path like "dialogue.open"). */
function handledEvents(definition, path) {
  const parts = String(path || '').split('.');
  const events = [];
  let states = definition.states || {};
  for (const part of parts) {
    const state = states[part];
    if (!state) break;
    events.push(...Object.keys(state.on || {}));
    states = state.states || {};
  }
  return events;
}

/** "VGR och Koncernstab kommunikation": the roles that may send any of `types`, in words. */
function whoSends(definition, types) {
  const roles = [...new Set(types.flatMap((type) => definition.events?.[type]?.roles || []))];
  const words = roles.map((role) => TERMS.rolesInText?.[role] || roleLabel(role));
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} och ${words.at(-1)}`;
}

/**
 * Why the reader has nothing to do here, and what the request is waiting for from whom —
 * instead of a bare "nothing to do".
 */
function whatIsWaiting(request, definition) {
  const path = statePath(request.stateValue ?? request.state).join('.');
  const top = path.split('.')[0];
  const state = definition.states?.[top];
  if (!state || state.type === 'final') {
    return `Ärendet är avslutat (${stateLabel(definition, request.stateValue || request.state)}). Inget mer återstår att göra.`;
  }
  const actions = (request.communicationActions || []).filter((a) => !a.cancelled);
  const left = actions.filter((a) => !a.doneAt).length;
  if (top === 'decided') {
    const remaining = actions.length
      ? `${left} av ${actions.length} kommunikativa åtgärder återstår.`
      : 'Inga kommunikativa åtgärder är planerade ännu.';
    return `Beslutet är fattat. ${remaining} Kommunikationen sköts av ${whoSends(definition, ['RECORD_COMMUNICATION', 'COMPLETE_COMMUNICATION'])}.`;
  }
  if (path === 'dialogue.awaiting_requester') {
    return `Ärendet inväntar komplettering från ${whoSends(definition, ['PROVIDE_INFO'])}.`;
  }
  if (top === 'dialogue' && !request.impactAssessment && definition.events?.DECIDE) {
    return `Beslut kan fattas när ${whoSends(definition, ['RECORD_IMPACT'])} har registrerat en konsekvensbedömning.`;
  }
  const next = handledEvents(definition, path).filter((type) => type !== 'COMMENT' && type !== 'WITHDRAW');
  if (!next.length) return 'Du kan inte göra något med ärendet i det här läget.';
  const labels = next.map((type) => definition.events?.[type]?.label || type);
  return `Nästa steg (${labels.join(', ').toLowerCase()}) tas av ${whoSends(definition, next)}.`;
}
