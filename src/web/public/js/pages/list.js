import { h } from '../dom.js';
import { getJson, query, describeError, ApiError } from '../api.js';
import { createField } from '../fields.js';
import { now } from '../clock.js';
import { daysLabel, formatDate, timeEl, typeLabel, TYPE_LABELS } from '../format.js';
import { isFinalState, loadOrganisations, loadWorkflow, organisationName, requesterGroups } from '../reference-data.js';
import { download } from '../download.js';
import { dataTable } from '../table.js';
import { dueCell } from './tasks.js';
import { TERMS } from '../terms.js';

const PAGE_SIZE = 20;
const SWEDISH = new Intl.Collator('sv');
const F = TERMS.fields;

/**
 * The orders the API offers (sort ∈ received|updated|state|reference|title|organisation|relevance,
 * order ∈ asc|desc); relevance only for a text search, which the API then orders by unless told
 * otherwise. Title and organisation are in Swedish alphabetical order (å, ä, ö after z).
 */
const SORTS = {
  updated: { label: F.updatedAt, firstOrder: 'desc' },
  received: { label: F.receivedAt, firstOrder: 'desc' },
  state: { label: F.state, firstOrder: 'asc' },
  reference: { label: F.reference, firstOrder: 'asc' },
  title: { label: F.title, firstOrder: 'asc' },
  organisation: { label: 'Organisation', firstOrder: 'asc' },
  relevance: { label: 'Relevans', firstOrder: 'asc', searchOnly: true },
};
const DEFAULT_SORT = { key: 'updated', order: 'desc' };
const SEARCH_SORT = { key: 'relevance', order: 'asc' };
const ORDER_TEXT = {
  updated: { desc: 'nyast först', asc: 'äldst först' },
  received: { desc: 'nyast först', asc: 'äldst först' },
  state: { asc: 'stigande', desc: 'fallande' },
  reference: { asc: 'stigande', desc: 'fallande' },
  title: { asc: 'A–Ö', desc: 'Ö–A' },
  organisation: { asc: 'A–Ö', desc: 'Ö–A' },
  relevance: { asc: 'bästa träff först', desc: 'sämsta träff först' },
};

const defaultSort = (searching) => (searching ? SEARCH_SORT : DEFAULT_SORT);

function sortOf(q, searching) {
  const fallback = defaultSort(searching);
  const known = Object.hasOwn(SORTS, q.sort || '') && (searching || !SORTS[q.sort].searchOnly);
  const key = known ? q.sort : fallback.key;
  const order = q.order === 'asc' || q.order === 'desc' ? q.order : key === fallback.key ? fallback.order : SORTS[key].firstOrder;
  return { key, order };
}

const isDefaultSort = (sort, searching) => sort.key === defaultSort(searching).key && sort.order === defaultSort(searching).order;

/** Query parameters for a sort; the default is left out of URLs and API calls. */
const sortParams = (sort, searching) => (isDefaultSort(sort, searching) ? {} : { sort: sort.key, order: sort.order });

/** Organisation ids a municipality user may filter on: its own and, for a kommunalförbund, its members. */
function visibleOrganisations(user, orgs) {
  if (user.role !== 'municipality') return null;
  if (Array.isArray(user.actsFor) && user.actsFor.length) return user.actsFor;
  return [user.organisationId, ...orgs.filter((o) => o.parentId === user.organisationId).map((o) => o.id)];
}

export async function listPage(ctx) {
  ctx.setTitle('Ändringsbegäranden');
  const q = ctx.query;
  const page = Math.max(1, Number.parseInt(q.page || '1', 10) || 1);
  const filters = { state: q.state || '', organisation: q.organisation || '', type: q.type || '', text: q.text || '' };
  const searching = Boolean(filters.text.trim());
  const sort = sortOf(q, searching);

  const [workflow, orgs] = await Promise.all([loadWorkflow(), loadOrganisations()]);
  const definition = workflow.definition || {};
  let result = null;
  let loadError = null;
  let sortRefused = false;
  try {
    result = await getJson(`/api/change-requests${query({ ...filters, ...sortParams(sort, searching), page, pageSize: PAGE_SIZE })}`);
  } catch (err) {
    loadError = err;
  }
  if (loadError instanceof ApiError && loadError.status === 400 && !isDefaultSort(sort, searching)) {
    // A server that does not sort (yet) still lists, in its own order; the page says so.
    try {
      result = await getJson(`/api/change-requests${query({ ...filters, page, pageSize: PAGE_SIZE })}`);
      loadError = null;
      sortRefused = true;
    } catch (err) {
      loadError = err;
    }
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
  // A compound state names its substates, so that "Dialog" also finds "Inväntar komplettering".
  const states = Object.entries(definition.states || {}).map(([value, s]) => {
    const inner = Object.values(s.states || {}).map((c) => (c.label || '').toLocaleLowerCase('sv'));
    return { value, label: inner.length ? `${s.label || value} (${inner.join(' eller ')})` : s.label || value };
  });
  const stateField = createField({ id: 'filter-state', name: 'state', label: 'Status', kind: 'select', options: states, placeholder: 'Alla' });
  const orgOptions = requesterGroups(orgs, visibleOrganisations(ctx.user, orgs)).map((g) => ({
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
  const textField = createField({
    id: 'filter-text',
    name: 'text',
    label: 'Sök i text',
    kind: 'search',
    hint: 'Rubrik, beskrivning eller diarienummer. Början av ett ord räcker, och å, ä, ö kan skrivas a, a, o.',
  });
  const sortField = createField({
    id: 'filter-sort',
    name: 'sortering',
    label: 'Sortering',
    kind: 'select',
    required: true,
    options: Object.entries(SORTS).filter(([, def]) => searching || !def.searchOnly).flatMap(([key, def]) =>
      [def.firstOrder, def.firstOrder === 'asc' ? 'desc' : 'asc'].map((order) => ({ value: `${key}:${order}`, label: `${def.label}, ${ORDER_TEXT[key][order]}` })),
    ),
  });
  const fields = [stateField, orgField, typeField, textField];
  for (const f of fields) f.setValue(filters[f.name]);
  sortField.setValue(`${sort.key}:${sort.order}`);
  const filterForm = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Filtrera ändringsbegäranden' },
    h('div', { class: 'filter-fields' }, fields.map((f) => f.element), sortField.element),
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
    const [key, order] = sortField.getValue().split(':');
    const willSearch = Boolean(next.text);
    // A new search starts best match first; the other filters keep the chosen order.
    const chosen = willSearch && !searching ? SEARCH_SORT : sortOf({ sort: key, order }, willSearch);
    ctx.navigate(`/${query({ ...next, ...sortParams(chosen, willSearch) })}`);
  });
  content.push(filterForm);

  if (loadError) {
    content.push(h('div', { class: 'notice notice-error', role: 'alert' }, h('p', {}, describeError(loadError))));
    return content;
  }

  const total = Number(result.total ?? result.items.length);
  // Past a bound the server stops counting: the total is then "more than", and the pages run on
  // for as long as there is a next one.
  const exact = result.totalExact !== false;
  const totalText = exact ? String(total) : `fler än ${total.toLocaleString('sv-SE')}`;
  const pageSize = Number(result.pageSize || PAGE_SIZE);
  const pages = exact ? Math.max(1, Math.ceil(total / pageSize)) : null;
  const hasNext = exact ? page < pages : Boolean(result.nextCursor);
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = (page - 1) * pageSize + result.items.length;
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
        : `Visar ${first}–${last} av ${totalText} ändringsbegäranden.`,
    ),
  );
  if (!exact && searching && sort.key === 'relevance' && !sortRefused) {
    // The server ranks the newest matches only; the other orders page through every match.
    content.push(
      h(
        'p',
        { class: 'hint', id: 'search-window-hint' },
        `Sökningen rangordnar de ${total.toLocaleString('sv-SE')} senaste träffarna. Lägg till fler ord eller ett filter, eller sortera efter datum för att bläddra bland alla träffar.`,
      ),
    );
  }
  if (sortRefused) {
    content.push(
      h('div', { class: 'notice', role: 'status', id: 'sort-notice' }, h('p', {}, `Listan kunde inte sorteras efter ${SORTS[sort.key].label.toLowerCase()} just nu. Den visas i serverns ordning.`)),
    );
  }
  const shownSort = sortRefused ? null : sort;
  if (total > 0) {
    // The whole filtered list in the shown order, not just this page.
    const exportStatus = h('span', { class: 'hint', role: 'status' });
    const exportButton = h('button', { type: 'button', class: 'button button-secondary', id: 'export-csv' }, 'Ladda ner som CSV');
    exportButton.addEventListener('click', async () => {
      exportButton.disabled = true;
      exportStatus.textContent = 'Hämtar listan …';
      try {
        const path = `/api/change-requests${query({ ...filters, ...(shownSort ? sortParams(shownSort, searching) : {}), format: 'csv' })}`;
        await download(path, `andringsbegaranden-${formatDate(now().toISOString())}.csv`, 'text/csv');
        exportStatus.textContent = exact ? `Listan (${total} ändringsbegäranden) är nedladdad.` : 'Listan är nedladdad.';
      } catch (err) {
        exportStatus.textContent = `Nedladdningen misslyckades. ${describeError(err)}`;
      } finally {
        exportButton.disabled = false;
      }
    });
    content.push(h('p', { class: 'export-actions' }, exportButton, ' ', exportStatus));
  }
  const listHref = (params) => `#/${query({ ...filters, ...params })}`;
  if (total > 0) {
    content.push(
      dataTable({
        caption: `Ändringsbegäranden, sida ${page}${pages ? ` av ${pages}` : ''}${shownSort ? `, sorterade efter ${SORTS[sort.key].label.toLowerCase()}, ${ORDER_TEXT[sort.key][sort.order]}` : ''}`,
        captionHidden: true,
        className: 'request-table',
        sort: { key: shownSort?.key ?? null, order: shownSort?.order ?? null, href: (key, order) => listHref(sortParams({ key, order }, searching)) },
        columns: [
          { label: F.reference, sortKey: 'reference', firstOrder: 'asc', cell: (r) => (r.reference ? h('span', { class: 'nowrap' }, r.reference) : h('span', { class: 'muted' }, 'Ej inlämnad')) },
          {
            label: F.title,
            sortKey: 'title',
            firstOrder: 'asc',
            class: 'col-title',
            cell: (r) =>
              h(
                'div',
                {},
                h('a', { href: `#/arende/${encodeURIComponent(r.id)}`, 'data-request-id': r.id }, r.title),
                h('span', { class: 'request-type' }, h('span', { class: 'visually-hidden' }, `${F.type}: `), typeLabel(r.type)),
              ),
          },
          {
            label: F.requestingOrganisations,
            sortKey: 'organisation',
            firstOrder: 'asc',
            // In the order the organisation sort reads them.
            cell: (r) => (r.requestingOrganisations || []).map((id) => organisationName(orgs, id)).sort(SWEDISH.compare).join(', '),
          },
          {
            label: F.state,
            sortKey: 'state',
            firstOrder: 'asc',
            // The nearest running deadline goes with the state: what the request waits for, and by when.
            cell: (r) => [
              h('span', { class: `badge badge-${r.state}` }, r.stateLabel || r.state),
              r.dueAt ? h('span', { class: 'request-type' }, 'Sista dag ', dueCell(r.dueAt, r.overdue)) : null,
            ],
          },
          // A final state is where a request stays: counting its days says nothing.
          { label: F.daysInState, cell: (r) => (isFinalState(definition, r.state) ? '' : daysLabel(r.daysInState)), class: 'num' },
          { label: F.receivedAt, sortKey: 'received', firstOrder: 'desc', cell: (r) => (r.receivedAt ? timeEl(r.receivedAt) : '') },
          { label: F.updatedAt, sortKey: 'updated', firstOrder: 'desc', cell: (r) => timeEl(r.updatedAt) },
        ],
        rows: result.items,
      }),
    );
  }
  if (page > 1 || hasNext) {
    const link = (p, label) => h('a', { href: listHref({ ...sortParams(sort, searching), page: p }), class: 'button button-secondary' }, label);
    content.push(
      h(
        'nav',
        { class: 'pagination', 'aria-label': 'Sidor' },
        page > 1 ? link(page - 1, 'Föregående sida') : null,
        h('span', {}, pages ? `Sida ${page} av ${pages}` : `Sida ${page}`),
        hasNext ? link(page + 1, 'Nästa sida') : null,
      ),
    );
  }
  return content;
}
