import { h, clear } from '../dom.js';
import { getJson, sendJson, describeError, ApiError } from '../api.js';
import { createField, createErrorSummary, showFieldErrors } from '../fields.js';
import { ROLE_LABELS, roleLabel } from '../format.js';
import { loadOrganisations, organisationName } from '../reference-data.js';
import { dataTable } from '../table.js';

const byName = (a, b) => a.name.localeCompare(b.name, 'sv');

function adminOnly(ctx, title) {
  ctx.setTitle(title);
  if (ctx.user.role === 'admin') return null;
  return [h('h1', {}, title), h('div', { class: 'notice' }, h('p', {}, 'Bara administratörer hanterar användare.'))];
}

function statusText(user) {
  return user.active ? 'Aktiv' : 'Inaktiverad';
}

/** Every user, deactivated ones too (never deleted: the history names them), with their actions. */
export async function usersPage(ctx) {
  const refused = adminOnly(ctx, 'Användare');
  if (refused) return refused;
  const [users, orgs] = await Promise.all([getJson('/api/admin/users'), loadOrganisations()]);
  const status = h('div', { id: 'users-status', role: 'status', 'aria-live': 'polite' });
  if (ctx.flash) status.append(h('div', { class: 'notice notice-success' }, h('p', {}, ctx.flash)));

  const setActive = async (user, active, button) => {
    button.disabled = true;
    clear(status);
    try {
      await sendJson(`/api/admin/users/${encodeURIComponent(user.id)}/${active ? 'reactivate' : 'deactivate'}`, {});
      ctx.reload({ flash: active ? `${user.name} är återaktiverad och kan logga in igen.` : `${user.name} är inaktiverad och kan inte längre logga in.` });
    } catch (err) {
      button.disabled = false;
      const message =
        err instanceof ApiError && err.status === 409
          ? 'Den sista aktiva administratören kan inte inaktiveras. Skapa eller återaktivera en annan administratör först.'
          : describeError(err);
      status.append(h('div', { class: 'notice notice-error', role: 'alert' }, h('p', {}, message)));
    }
  };

  const actionCell = (user) => {
    if (user.id === ctx.user.id) return h('span', { class: 'muted' }, 'Det är du');
    const button = h(
      'button',
      { type: 'button', class: 'button button-small button-secondary', 'data-user': user.id },
      user.active ? 'Inaktivera' : 'Återaktivera',
      h('span', { class: 'visually-hidden' }, ` ${user.name}`),
    );
    button.addEventListener('click', () => setActive(user, !user.active, button));
    return button;
  };

  const active = users.filter((u) => u.active).length;
  return [
    h('h1', {}, 'Användare'),
    h(
      'p',
      { class: 'lead' },
      'Här skapar du användare och ändrar deras roll eller organisation. En användare tas aldrig bort, eftersom beslutshistoriken nämner dem; den som inte längre ska ha tillgång inaktiveras och kan inte logga in. Varje ändring förs in i beslutshistoriken.',
    ),
    h('p', {}, h('a', { href: '#/anvandare/ny', class: 'button' }, 'Ny användare')),
    status,
    dataTable({
      caption: `${users.length} användare, varav ${active} aktiva`,
      columns: [
        {
          label: 'Namn och användar-id',
          cell: (u) => [h('a', { href: `#/anvandare/${encodeURIComponent(u.id)}` }, u.name), h('br'), h('code', { class: 'user-id' }, u.id)],
        },
        { label: 'Roll', cell: (u) => roleLabel(u.role) },
        { label: 'Organisation', cell: (u) => organisationName(orgs, u.organisationId) },
        { label: 'E-post', cell: (u) => u.email || '–', class: 'email' },
        { label: 'Status', cell: (u) => h('span', { class: u.active ? null : 'status-cancelled' }, statusText(u)) },
        { label: 'Åtgärd', cell: actionCell },
      ],
      rows: [...users].sort(byName),
      className: 'users-table',
    }),
  ];
}

function userFields(orgs, isNew) {
  const organisationOptions = [...orgs].sort(byName).map((o) => ({ value: o.id, label: o.name }));
  return [
    isNew
      ? createField({
          id: 'user-id',
          name: 'id',
          label: 'Användar-id',
          kind: 'text',
          required: true,
          maxLength: 128,
          hint: 'Det id som inloggningstjänsten anger för personen (till exempel HSA-id eller e-postadress). Det kan inte ändras i efterhand.',
        })
      : null,
    createField({ id: 'user-name', name: 'name', label: 'Namn', kind: 'text', required: true, maxLength: 200, autocomplete: 'off' }),
    createField({ id: 'user-title', name: 'title', label: 'Titel', kind: 'text', maxLength: 200, hint: 'Till exempel ”Handläggare, Koncernkontoret”.' }),
    createField({ id: 'user-organisation', name: 'organisationId', label: 'Organisation', kind: 'select', required: true, options: organisationOptions }),
    createField({
      id: 'user-role',
      name: 'role',
      label: 'Roll',
      kind: 'select',
      required: true,
      options: Object.entries(ROLE_LABELS).map(([value, label]) => ({ value, label })),
      hint: 'Rollen avgör vad användaren får göra. En administratör kan inte själv fatta beslut eller agera i ärenden.',
    }),
    createField({ id: 'user-email', name: 'email', label: 'E-postadress', kind: 'text', maxLength: 254, autocomplete: 'off', hint: 'Dit aviseringar skickas.' }),
  ].filter(Boolean);
}

/** Create (`id` undefined) or change a user. */
export async function userFormPage(ctx, id) {
  const isNew = id === undefined;
  const title = isNew ? 'Ny användare' : 'Ändra användare';
  const refused = adminOnly(ctx, title);
  if (refused) return refused;
  const [users, orgs] = await Promise.all([getJson('/api/admin/users'), loadOrganisations()]);
  const existing = isNew ? null : users.find((u) => u.id === id);
  const back = h('nav', { class: 'breadcrumbs', 'aria-label': 'Du är här' }, h('a', { href: '#/anvandare' }, 'Tillbaka till användarna'));
  if (!isNew && !existing) {
    return [back, h('h1', {}, 'Användaren finns inte'), h('p', {}, `Det finns ingen användare med id ${id}.`)];
  }
  const fields = userFields(orgs, isNew);
  if (existing) for (const f of fields) f.setValue(existing[f.name] ?? '');
  const summary = createErrorSummary('user-fel');
  const button = h('button', { type: 'submit', class: 'button' }, isNew ? 'Skapa användare' : 'Spara ändringar');
  const form = h(
    'form',
    { class: 'request-form', novalidate: true, id: 'user-form' },
    summary.element,
    fields.map((f) => f.element),
    h('div', { class: 'form-actions' }, button, h('a', { href: '#/anvandare', class: 'button button-secondary' }, 'Avbryt')),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    summary.hide();
    const values = Object.fromEntries(fields.map((f) => [f.name, f.getValue().trim()]));
    const body = { ...values, email: values.email || null };
    if (!body.organisationId) delete body.organisationId;
    if (!body.role) delete body.role;
    button.disabled = true;
    try {
      if (isNew) {
        const created = await sendJson('/api/admin/users', body);
        ctx.navigate('/anvandare', { flash: `${created.name} är skapad och kan logga in.` });
      } else {
        // Only what changed is sent; the history records exactly that.
        const changes = Object.fromEntries(Object.entries(body).filter(([k, v]) => (existing[k] ?? null) !== v && !(k === 'title' && !v && !existing.title)));
        const saved = await sendJson(`/api/admin/users/${encodeURIComponent(id)}`, changes, 'PATCH');
        ctx.navigate('/anvandare', { flash: `Ändringarna för ${saved.name} är sparade.` });
      }
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) summary.show(describeError(err), showFieldErrors(fields, err.body));
      else if (err instanceof ApiError && err.status === 409) {
        summary.show(
          isNew
            ? 'Det finns redan en användare med det id:t (även inaktiverade användare behåller sitt id).'
            : 'Ändringen skulle ta bort din egen administratörsbehörighet eller lämna tjänsten utan aktiv administratör. Be en annan administratör göra ändringen.',
        );
      }
      else summary.show(describeError(err));
    } finally {
      button.disabled = false;
    }
  });
  return [
    back,
    h('h1', {}, isNew ? title : `Ändra ${existing.name}`),
    existing ? h('p', {}, 'Användar-id: ', h('code', {}, existing.id), ` · ${statusText(existing)}`) : null,
    h('p', { class: 'hint' }, 'Fält som inte är markerade med (valfritt) måste fyllas i.'),
    form,
  ];
}
