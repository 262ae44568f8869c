import { h, clear } from '../dom.js';
import { getJson, describeError } from '../api.js';
import { download } from '../download.js';
import { now } from '../clock.js';
import { formatDate, roleLabel, timeEl } from '../format.js';
import { createField } from '../fields.js';
import { loadWorkflow } from '../reference-data.js';
import { dataTable } from '../table.js';
import { eventDoneLabel } from '../terms.js';

const REASONS = {
  hash_mismatch: 'kontrollsumman stämmer inte med innehållet',
  broken_link: 'länken till föregående post är bruten',
  gap: 'en post saknas i följden',
};

const OTHER_EVENTS = ['CREATE', 'USER_CREATED', 'USER_CHANGED', 'USER_DEACTIVATED', 'USER_REACTIVATED', 'ROLLOUT_PLAN_CHANGED', 'ROLLOUT_STAGE_MOVED', 'WEEKLY_REPORT_COMPILED'];
const OTHER_LABELS = {
  CREATE: 'Utkast skapat',
  USER_CREATED: 'Användare skapad',
  USER_CHANGED: 'Användare ändrad',
  USER_DEACTIVATED: 'Användare inaktiverad',
  USER_REACTIVATED: 'Användare återaktiverad',
  ROLLOUT_PLAN_CHANGED: 'Utrullningsplanen ändrad',
  ROLLOUT_STAGE_MOVED: 'Etapp flyttad',
  WEEKLY_REPORT_COMPILED: 'Veckorapport sammanställd',
};

/** The log browser: filter by request, person, event and period; newest first, paged back by sequence number. */
function logBrowser(definition) {
  const eventLabel = (type) => OTHER_LABELS[type] || eventDoneLabel(definition, type);
  const fields = [
    createField({ id: 'logg-reference', name: 'reference', label: 'Diarienummer', kind: 'text', maxLength: 40, hint: 'Till exempel ÄB-2024-0001.' }),
    createField({
      id: 'logg-person',
      name: 'person',
      label: 'Person',
      kind: 'text',
      maxLength: 128,
      hint: 'Vem som agerade: namn eller en del av namnet, till exempel Bergström, eller användar-id, till exempel styrgrupp.ordforande.',
    }),
    createField({
      id: 'logg-event',
      name: 'eventType',
      label: 'Händelse',
      kind: 'select',
      placeholder: 'Alla händelser',
      options: [...Object.keys(definition.events || {}), ...OTHER_EVENTS].map((type) => ({ value: type, label: eventLabel(type) })),
    }),
    createField({ id: 'logg-from', name: 'from', label: 'Från och med', kind: 'date' }),
    createField({ id: 'logg-to', name: 'to', label: 'Till och med', kind: 'date' }),
  ];
  const results = h('div', { id: 'logg-resultat', 'aria-live': 'polite' });
  const more = h('button', { type: 'button', class: 'button button-secondary', hidden: true }, 'Visa äldre poster');
  let filter = {};
  let before = null;
  let rows = [];
  const render = () => {
    clear(results);
    if (rows.length === 0) {
      results.append(h('p', { class: 'muted' }, 'Inga poster matchar sökningen.'));
      return;
    }
    results.append(
      h('p', { role: 'status' }, `${rows.length} ${rows.length === 1 ? 'post' : 'poster'} visas, nyast först.`),
      dataTable({
        caption: 'Poster i beslutshistoriken',
        captionHidden: true,
        className: 'audit-log',
        columns: [
          { label: 'Nr', cell: (e) => String(e.seq), class: 'num' },
          { label: 'Tid', cell: (e) => timeEl(e.at) },
          { label: 'Ärende', cell: (e) => (e.changeRequestId ? h('a', { href: `#/arende/${encodeURIComponent(e.changeRequestId)}` }, e.reference || 'Utkast') : '–') },
          { label: 'Händelse', cell: (e) => eventLabel(e.eventType) },
          { label: 'Vem', cell: (e) => [e.actorName, h('span', { class: 'request-type' }, `${roleLabel(e.actorRole)} · ${e.actorId}`)] },
          { label: 'Kontrollsumma', cell: (e) => h('code', { title: e.hash }, `${e.hash.slice(0, 12)}…`) },
        ],
        rows,
      }),
    );
  };
  const load = async (append) => {
    const params = new URLSearchParams({ ...filter, limit: '50', ...(append && before ? { beforeSeq: String(before) } : {}) });
    try {
      const page = await getJson(`/api/audit/entries?${params}`);
      rows = append ? [...rows, ...page.items] : page.items;
      before = page.nextBeforeSeq;
      more.hidden = before === null;
      render();
    } catch (err) {
      clear(results).append(h('div', { class: 'notice notice-error', role: 'alert' }, h('p', {}, describeError(err))));
    }
  };
  const form = h(
    'form',
    { class: 'request-form log-filter', novalidate: true, id: 'logg-filter' },
    fields.map((f) => f.element),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button' }, 'Sök i beslutshistoriken')),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    filter = Object.fromEntries(fields.map((f) => [f.name, String(f.getValue()).trim()]).filter(([, v]) => v));
    load(false);
  });
  more.addEventListener('click', () => load(true));
  load(false);
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'logg' },
    h('h2', { id: 'logg' }, 'Sök i beslutshistoriken'),
    h('p', {}, 'Numret är postens plats i kedjan: samma nummer som i exporten och i veckorapportens kontrollsumma.'),
    form,
    results,
    h('p', {}, more),
  );
}

export async function auditPage(ctx) {
  ctx.setTitle('Revision');
  const workflow = await loadWorkflow();
  const result = h('div', { id: 'verify-result', class: 'verify-result', role: 'status', 'aria-live': 'polite' });
  const verifyButton = h('button', { type: 'button', class: 'button' }, 'Verifiera beslutshistoriken');
  verifyButton.addEventListener('click', async () => {
    verifyButton.disabled = true;
    clear(result).append(h('p', {}, 'Verifierar …'));
    try {
      const r = await getJson('/api/audit/verify');
      const ranAt = now().toISOString();
      const ran = h('p', { class: 'verify-time', 'data-testid': 'verify-time' }, 'Verifieringen kördes ', timeEl(ranAt), '.');
      clear(result);
      if (r.ok) {
        result.className = 'verify-result notice notice-success';
        result.append(
          h('p', { 'data-testid': 'verify-ok' }, h('strong', {}, 'Beslutshistoriken är obruten.'), ` ${r.entries} poster är kontrollerade.`),
          h('p', { class: 'hash' }, 'Senaste kontrollsumma: ', h('code', {}, r.head || '')),
          ran,
        );
      } else {
        result.className = 'verify-result notice notice-error';
        const f = r.failure || {};
        result.append(
          h('p', { 'data-testid': 'verify-failed' }, h('strong', {}, `Kontrollen misslyckades vid post ${f.seq ?? '?'}`), `: ${REASONS[f.reason] || f.reason || 'okänt fel'}.`),
          f.message ? h('p', {}, `Serverns besked: ${f.message}`) : null,
          h('p', {}, `Poster: ${r.entries ?? '?'}.`),
          ran,
        );
      }
    } catch (err) {
      result.className = 'verify-result notice notice-error';
      clear(result).append(h('p', {}, describeError(err)));
    } finally {
      verifyButton.disabled = false;
    }
  });

  const exportStatus = h('p', { class: 'hint', role: 'status' });
  const exportButton = (format, label, mime) => {
    const b = h('button', { type: 'button', class: 'button button-secondary', 'data-format': format }, label);
    b.addEventListener('click', async () => {
      b.disabled = true;
      exportStatus.textContent = 'Hämtar export …';
      try {
        const stamp = formatDate(now().toISOString());
        await download(`/api/audit/export?format=${format}`, `beslutshistorik-${stamp}.${format}`, mime);
        exportStatus.textContent = `Exporten (${format.toUpperCase()}) är nedladdad.`;
      } catch (err) {
        exportStatus.textContent = `Exporten misslyckades. ${describeError(err)}`;
      } finally {
        b.disabled = false;
      }
    });
    return b;
  };

  return [
    h('h1', {}, 'Revision'),
    ctx.user.role !== 'auditor'
      ? h('div', { class: 'notice' }, h('p', {}, 'Verifiering och export är till för revisionen. Servern avgör om din roll får använda dem.'))
      : null,
    h('p', { class: 'lead' }, 'Varje registrerad händelse skrivs i en beslutshistorik där varje post bär en kontrollsumma över innehållet och föregående post. Verifieringen räknar om hela kedjan.'),
    h('section', { class: 'panel', 'aria-labelledby': 'verifiera' }, h('h2', { id: 'verifiera' }, 'Verifiera'), h('p', {}, verifyButton), result),
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'exportera' },
      h('h2', { id: 'exportera' }, 'Exportera'),
      h('p', {}, 'Hela beslutshistoriken som JSON Lines (en post per rad) eller CSV.'),
      h('div', { class: 'form-actions' }, exportButton('jsonl', 'Exportera som JSON Lines', 'application/x-ndjson'), exportButton('csv', 'Exportera som CSV', 'text/csv')),
      exportStatus,
    ),
    ctx.user.role === 'auditor' ? logBrowser(workflow.definition || {}) : null,
  ];
}
