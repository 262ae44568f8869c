import { h } from '../dom.js';
import { getJson, query, describeError } from '../api.js';
import { createField } from '../fields.js';
import { daysLabel, timeEl, typeLabel, TYPE_LABELS } from '../format.js';
import { loadOrganisations, loadWorkflow, organisationName, requesterGroups } from '../reference-data.js';
import { dataTable } from '../table.js';

const PAGE_SIZE = 20;

export async function listPage(ctx) {
  ctx.setTitle('Ändringsbegäranden');
  const q = ctx.query;
  const page = Math.max(1, Number.parseInt(q.page || '1', 10) || 1);
  const filters = { state: q.state || '', organisation: q.organisation || '', type: q.type || '', text: q.text || '' };

  const [workflow, orgs] = await Promise.all([loadWorkflow(), loadOrganisations()]);
  let result = null;
  let loadError = null;
  try {
    result = await getJson(`/api/change-requests${query({ ...filters, page, pageSize: PAGE_SIZE })}`);
  } catch (err) {
    loadError = err;
  }

  const content = [];
  const header = h('div', { class: 'page-header' }, h('h1', {}, 'Ändringsbegäranden'));
  if (['municipality', 'vastkom'].includes(ctx.user.role)) {
    header.append(h('a', { href: '#/ny', class: 'button' }, 'Ny ändringsbegäran'));
  }
  content.push(header);
  if (ctx.flash) content.push(h('div', { class: 'notice notice-success', role: 'status' }, h('p', {}, ctx.flash)));
  if (ctx.user.role === 'municipality') {
    content.push(h('p', { class: 'lead' }, 'Du ser ändringsbegäranden där din organisation är begärande part.'));
  }

  // Filters
  const states = Object.entries(workflow.definition?.states || {}).map(([value, s]) => ({ value, label: s.label || value }));
  const stateField = createField({ id: 'filter-state', name: 'state', label: 'Status', kind: 'select', options: states, placeholder: 'Alla' });
  const orgOptions = requesterGroups(orgs).map((g) => ({
    group: g.label,
    options: [...(g.group ? [{ value: g.group.id, label: g.group.name }] : []), ...g.members.map((m) => ({ value: m.id, label: m.name }))],
  }));
  const orgField = createField({ id: 'filter-org', name: 'organisation', label: 'Organisation', kind: 'select', options: orgOptions, placeholder: 'Alla' });
  const typeField = createField({
    id: 'filter-type',
    name: 'type',
    label: 'Typ',
    kind: 'select',
    options: Object.entries(TYPE_LABELS).map(([value, label]) => ({ value, label })),
    placeholder: 'Alla',
  });
  const textField = createField({ id: 'filter-text', name: 'text', label: 'Sök i text', kind: 'search', hint: 'Rubrik, beskrivning eller diarienummer.' });
  const fields = [stateField, orgField, typeField, textField];
  for (const f of fields) f.setValue(filters[f.name]);
  const filterForm = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Filtrera ändringsbegäranden' },
    h('div', { class: 'filter-fields' }, fields.map((f) => f.element)),
    h(
      'div',
      { class: 'form-actions' },
      h('button', { type: 'submit', class: 'button' }, 'Filtrera'),
      h('a', { href: '#/', class: 'button button-secondary' }, 'Rensa filter'),
    ),
  );
  filterForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const next = {};
    for (const f of fields) next[f.name] = f.getValue().trim();
    ctx.navigate(`/${query(next)}`);
  });
  content.push(filterForm);

  if (loadError) {
    content.push(h('div', { class: 'notice notice-error', role: 'alert' }, h('p', {}, describeError(loadError))));
    return content;
  }

  const total = Number(result.total ?? result.items.length);
  const pageSize = Number(result.pageSize || PAGE_SIZE);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  const anyFilter = Object.values(filters).some(Boolean);
  content.push(
    h('h2', { id: 'resultat' }, 'Resultat'),
    h(
      'p',
      { class: 'result-count', id: 'result-count' },
      total === 0
        ? anyFilter
          ? 'Inga ändringsbegäranden matchar filtret.'
          : 'Det finns inga ändringsbegäranden ännu.'
        : `Visar ${first}–${last} av ${total} ändringsbegäranden.`,
    ),
  );
  if (total > 0) {
    content.push(
      dataTable({
        caption: `Ändringsbegäranden, sida ${page} av ${pages}`,
        captionHidden: true,
        className: 'request-table',
        columns: [
          { label: 'Diarienummer', cell: (r) => r.reference || h('span', { class: 'muted' }, 'Ej inlämnad') },
          { label: 'Rubrik', cell: (r) => h('a', { href: `#/arende/${encodeURIComponent(r.id)}`, 'data-request-id': r.id }, r.title) },
          { label: 'Typ', cell: (r) => typeLabel(r.type) },
          {
            label: 'Begärande organisationer',
            cell: (r) => (r.requestingOrganisations || []).map((id) => organisationName(orgs, id)).join(', '),
          },
          { label: 'Status', cell: (r) => h('span', { class: `badge badge-${r.state}` }, r.stateLabel || r.state) },
          { label: 'Dagar i status', cell: (r) => daysLabel(r.daysInState), class: 'num' },
          { label: 'Senast ändrad', cell: (r) => timeEl(r.updatedAt) },
        ],
        rows: result.items,
      }),
    );
  }
  if (pages > 1) {
    const link = (p, label) => h('a', { href: `#/${query({ ...filters, page: p })}`, class: 'button button-secondary' }, label);
    content.push(
      h(
        'nav',
        { class: 'pagination', 'aria-label': 'Sidor' },
        page > 1 ? link(page - 1, 'Föregående sida') : null,
        h('span', {}, `Sida ${page} av ${pages}`),
        page < pages ? link(page + 1, 'Nästa sida') : null,
      ),
    );
  }
  return content;
}
