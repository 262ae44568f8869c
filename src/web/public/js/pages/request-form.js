import { h } from '../dom.js';
import { getJson, sendJson, describeError, ApiError } from '../api.js';
import { createField, createErrorSummary, showFieldErrors } from '../fields.js';
import { TYPE_LABELS } from '../format.js';
import { loadOrganisations, loadWorkflow, requesterGroups } from '../reference-data.js';
import { TERMS } from '../terms.js';

const F = TERMS.fields;

const CREATORS = ['municipality', 'vastkom'];

/** Organisation ids the user may name as requesting parties (the server has the final word). */
function allowedRequesters(user, orgs) {
  if (user.role !== 'municipality') return null;
  if (Array.isArray(user.actsFor) && user.actsFor.length) return user.actsFor;
  return [user.organisationId, ...orgs.filter((o) => o.parentId === user.organisationId).map((o) => o.id)];
}

function buildFields(user, orgs) {
  const groups = requesterGroups(orgs, allowedRequesters(user, orgs));
  const orgOptions = groups.map((g) => ({
    group: g.label,
    options: [
      ...(g.group ? [{ value: g.group.id, label: `${g.group.name} (hela förbundet)` }] : []),
      ...g.members.map((m) => ({ value: m.id, label: m.name })),
    ],
  }));
  return [
    createField({ id: 'cr-title', name: 'title', label: F.title, kind: 'text', required: true, maxLength: 200, hint: 'En kort rubrik, t.ex. ”Justerad tidplan för Sjuhärads kommuner”.' }),
    createField({
      id: 'cr-type',
      name: 'type',
      label: F.type,
      kind: 'radio',
      required: true,
      options: Object.entries(TYPE_LABELS).map(([value, label]) => ({ value, label })),
    }),
    createField({
      id: 'cr-orgs',
      name: 'requestingOrganisations',
      label: F.requestingOrganisations,
      kind: 'checkboxes',
      required: true,
      hint: 'Välj kommunalförbundet om begäran gäller alla dess kommuner.',
      options: orgOptions,
    }),
    createField({
      id: 'cr-golive',
      name: 'requestedGoLive',
      label: F.requestedGoLive,
      kind: 'date',
      hint: 'Den nya driftstart ni begär. Lämna tomt om ni vill ansluta senare utan att ange ett datum nu.',
    }),
    createField({ id: 'cr-description', name: 'description', label: F.description, kind: 'textarea', required: true, rows: 6 }),
    createField({
      id: 'cr-justification',
      name: 'justification',
      label: F.justification,
      kind: 'textarea',
      required: true,
      rows: 6,
      hint: 'Varför behövs ändringen? Vilka omständigheter är kända?',
    }),
  ];
}

function requestForm({ user, orgs, initial, submitLabel, cancelHref, submit }) {
  const fields = buildFields(user, orgs);
  const byName = Object.fromEntries(fields.map((f) => [f.name, f]));
  if (initial) for (const f of fields) f.setValue(initial[f.name]);
  else if (user.role === 'municipality') byName.requestingOrganisations.setValue([user.organisationId]);
  const syncGoLive = () => byName.requestedGoLive.setVisible(byName.type.getValue() === 'schedule');
  byName.type.onChange(syncGoLive);
  syncGoLive();

  // Co-requesting organisations the user cannot act for stay on the request as they are.
  const allowed = allowedRequesters(user, orgs);
  const othersKept = allowed ? (initial?.requestingOrganisations ?? []).filter((id) => !allowed.includes(id)) : [];
  const summary = createErrorSummary('cr-fel');
  const button = h('button', { type: 'submit', class: 'button' }, submitLabel);
  const form = h(
    'form',
    { class: 'request-form', novalidate: true, id: 'request-form' },
    summary.element,
    fields.map((f) => f.element),
    h('div', { class: 'form-actions' }, button, h('a', { href: cancelHref, class: 'button button-secondary' }, 'Avbryt')),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    summary.hide();
    for (const f of fields) f.clearError();
    const type = byName.type.getValue();
    const body = {
      title: byName.title.getValue(),
      description: byName.description.getValue(),
      type: type || undefined,
      requestingOrganisations: [...byName.requestingOrganisations.getValue(), ...othersKept],
      justification: byName.justification.getValue(),
      requestedGoLive: type === 'schedule' ? byName.requestedGoLive.getValue() || null : null,
    };
    button.disabled = true;
    try {
      await submit(body);
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        summary.show(describeError(err), showFieldErrors(fields, err.body));
      } else {
        const msg = err instanceof ApiError && err.status === 409
          ? 'Någon annan har hunnit ändra utkastet eller lämna in det. Det du skrev finns kvar; öppna ändringsbegäran igen för att se läget.'
          : describeError(err, 'request');
        summary.show(msg);
      }
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

export async function newRequestPage(ctx) {
  ctx.setTitle('Ny ändringsbegäran');
  const content = [h('h1', {}, 'Ny ändringsbegäran')];
  if (!CREATORS.includes(ctx.user.role)) {
    content.push(h('div', { class: 'notice' }, h('p', {}, 'Bara kommuner, kommunalförbund och VästKom kan skapa ändringsbegäranden.')));
    return content;
  }
  const orgs = await loadOrganisations();
  content.push(
    h('p', { class: 'lead' }, 'Ändringsbegäran sparas som utkast. VästKom lämnar in den formellt till VGR, och då får den ett diarienummer.'),
    h('p', { class: 'hint' }, 'Fält som inte är markerade med (valfritt) måste fyllas i.'),
    requestForm({
      user: ctx.user,
      orgs,
      submitLabel: 'Spara utkast',
      cancelHref: '#/',
      submit: async (body) => {
        const created = await sendJson('/api/change-requests', body);
        ctx.navigate(`/arende/${encodeURIComponent(created.id)}`, { flash: 'Utkastet är sparat.' });
      },
    }),
  );
  return content;
}

export async function editRequestPage(ctx, id) {
  const [request, orgs, workflow] = await Promise.all([
    getJson(`/api/change-requests/${encodeURIComponent(id)}`),
    loadOrganisations(),
    loadWorkflow(),
  ]);
  ctx.setTitle(`Redigera ${request.title}`);
  const content = [
    h('nav', { class: 'breadcrumbs', 'aria-label': 'Du är här' }, h('a', { href: `#/arende/${encodeURIComponent(id)}` }, `Tillbaka till ${request.title}`)),
    h('h1', {}, 'Redigera utkast'),
  ];
  if (!(request.allowedEvents || []).includes('EDIT')) {
    content.push(h('div', { class: 'notice' }, h('p', {}, 'Utkastet kan inte redigeras av dig i det läge det är nu.')));
    return content;
  }
  const editSchema = workflow.definition?.events?.EDIT?.payload?.properties;
  content.push(
    requestForm({
      user: ctx.user,
      orgs,
      initial: request,
      submitLabel: 'Spara ändringar',
      cancelHref: `#/arende/${encodeURIComponent(id)}`,
      submit: async (body) => {
        // The event's own `type` is the event name, so the draft's type travels as `requestType`.
        const { type: requestType, ...rest } = body;
        const payload = {};
        for (const [k, v] of Object.entries({ ...rest, requestType })) {
          if (!editSchema || k in editSchema) payload[k] = v;
        }
        await sendJson(`/api/change-requests/${encodeURIComponent(id)}/events`, {
          type: 'EDIT',
          ...payload,
          expectedVersion: request.version,
        });
        ctx.navigate(`/arende/${encodeURIComponent(id)}`, { flash: 'Ändringarna är sparade.' });
      },
    }),
  );
  return content;
}
