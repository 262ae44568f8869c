import { h } from '../dom.js';
import { getJson } from '../api.js';
import { timeEl } from '../format.js';
import { dataTable } from '../table.js';

const STATUS_LABELS = { pending: 'Väntar', delivered: 'Levererad', failed: 'Misslyckad' };
const LAST_DELIVERIES = 5;

function attemptText(attempt) {
  if (!attempt) return 'Inte försökt ännu';
  if (attempt.statusCode !== null) return `HTTP ${attempt.statusCode}`;
  return attempt.error ?? 'Pågår';
}

function deliveriesTable(hook, page) {
  if (page.items.length === 0) return h('p', { class: 'muted' }, 'Inga leveranser ännu.');
  return dataTable({
    caption: `Senaste leveranserna (${page.items.length} av ${page.total})`,
    columns: [
      { label: 'Händelse', cell: (d) => [h('code', {}, d.eventType), ' ', h('span', { class: 'muted' }, `nr ${d.seq}`)] },
      { label: 'Ärende', cell: (d) => h('a', { href: `#/arende/${encodeURIComponent(d.changeRequestId)}` }, 'Öppna ärendet') },
      { label: 'Status', cell: (d) => h('span', { class: d.status === 'failed' ? 'status-cancelled' : null }, STATUS_LABELS[d.status] ?? d.status) },
      { label: 'Försök', cell: (d) => String(d.attempts.length), class: 'num' },
      { label: 'Senaste svar', cell: (d) => attemptText(d.attempts[d.attempts.length - 1]) },
      { label: 'Skapad', cell: (d) => timeEl(d.createdAt) },
    ],
    rows: page.items,
    className: `webhook-deliveries webhook-deliveries-${hook.id}`,
  });
}

/** Webhooks: the registered receivers (never their secrets) and each one's latest deliveries. */
export async function webhooksPage(ctx) {
  ctx.setTitle('Webhooks');
  if (ctx.user.role !== 'admin') {
    return [h('h1', {}, 'Webhooks'), h('div', { class: 'notice' }, h('p', {}, 'Bara administratörer hanterar webhooks.'))];
  }
  const hooks = await getJson('/api/webhooks');
  const pages = await Promise.all(hooks.map((hook) => getJson(`/api/webhooks/${encodeURIComponent(hook.id)}/deliveries?limit=${LAST_DELIVERIES}`)));
  const content = [
    h('h1', {}, 'Webhooks'),
    h(
      'p',
      { class: 'lead' },
      'Webhooks meddelar andra system när något händer i ett ärende: ett signerat anrop per händelse, som försöks igen tills mottagaren svarar. Webhooks läggs till och tas bort genom API:t; varje ändring förs in i beslutshistoriken.',
    ),
  ];
  if (hooks.length === 0) {
    content.push(h('p', {}, 'Inga webhooks är registrerade.'));
    return content;
  }
  hooks.forEach((hook, i) => {
    content.push(
      h(
        'section',
        { class: 'webhook', 'aria-labelledby': `webhook-${i}` },
        h('h2', { id: `webhook-${i}` }, h('code', { class: 'url' }, hook.url)),
        h(
          'p',
          {},
          hook.active ? 'Aktiv' : h('span', { class: 'status-cancelled' }, 'Borttagen'),
          ' · Händelser: ',
          hook.events.includes('*') ? 'alla' : hook.events.join(', '),
          ' · Skapad ',
          timeEl(hook.createdAt),
          ` av ${hook.createdBy}`,
        ),
        deliveriesTable(hook, pages[i]),
      ),
    );
  });
  return content;
}
