import { h, clear } from '../dom.js';
import { getJson, sendJson, describeError } from '../api.js';
import { timeEl } from '../format.js';
import { dataTable } from '../table.js';

const STATUS = { pending: 'Väntar', sent: 'Skickat', failed: 'Misslyckat' };
const KIND = { event: 'Händelse', reminder: 'Påminnelse', report: 'Veckorapport' };
const FILTERS = [
  ['failed', 'Misslyckade'],
  ['pending', 'Väntande'],
  ['sent', 'Skickade'],
  ['', 'Alla'],
];

/**
 * Utskick (admin): the e-mail outbox — what waits, what was sent, what failed after the last try
 * and why (the mail server's reply code), with "Försök igen" once the cause has been fixed.
 */
export async function mailOutboxPage(ctx) {
  ctx.setTitle('E-postutskick');
  if (ctx.user.role !== 'admin') {
    return [h('h1', {}, 'E-postutskick'), h('div', { class: 'notice' }, h('p', {}, 'Bara administratörer ser utskicken.'))];
  }
  const asked = ctx.query.status ?? 'failed';
  const status = ['failed', 'pending', 'sent', ''].includes(asked) ? asked : 'failed';
  const page = await getJson(`/api/admin/email-deliveries?limit=100${status ? `&status=${status}` : ''}`);
  const notice = h('div', { role: 'status', 'aria-live': 'polite' });
  if (ctx.flash) notice.append(h('div', { class: 'notice notice-success' }, h('p', {}, ctx.flash)));

  const retry = async (mail, button) => {
    button.disabled = true;
    clear(notice);
    try {
      await sendJson(`/api/admin/email-deliveries/${encodeURIComponent(mail.id)}/retry`, {});
      ctx.reload({ flash: `Utskicket till ${mail.address} försöks igen.` });
    } catch (err) {
      button.disabled = false;
      notice.append(h('div', { class: 'notice notice-error', role: 'alert' }, h('p', {}, describeError(err))));
    }
  };
  const action = (mail) => {
    if (mail.status !== 'failed') return '–';
    const button = h('button', { type: 'button', class: 'button button-small button-secondary' }, 'Försök igen', h('span', { class: 'visually-hidden' }, ` till ${mail.address}`));
    button.addEventListener('click', () => retry(mail, button));
    return button;
  };

  return [
    h('h1', {}, 'E-postutskick'),
    h(
      'p',
      { class: 'lead' },
      `Misslyckade: ${page.failed}. Väntande: ${page.pending}. Skickade: ${page.sent}. Ett utskick som misslyckats efter sista försöket visas här med orsaken; rätta adressen eller e-postservern och försök igen.`,
    ),
    h(
      'nav',
      { 'aria-label': 'Visa utskick' },
      h(
        'ul',
        { class: 'filter-links' },
        FILTERS.map(([value, label]) =>
          h('li', {}, h('a', { href: `#/utskick${value ? `?status=${value}` : '?status='}`, 'aria-current': value === status ? 'page' : null }, label)),
        ),
      ),
    ),
    notice,
    page.items.length === 0
      ? h('p', {}, status === 'failed' ? 'Inga utskick har misslyckats.' : 'Inga utskick att visa.')
      : dataTable({
          caption: `${page.total} utskick${page.total > page.items.length ? `, de ${page.items.length} senaste visas` : ''}`,
          columns: [
            { label: 'Skapat', cell: (m) => timeEl(m.createdAt) },
            { label: 'Mottagare', cell: (m) => m.address, class: 'email' },
            { label: 'Ämne', cell: (m) => m.subject },
            { label: 'Slag', cell: (m) => KIND[m.kind] ?? m.kind },
            { label: 'Status', cell: (m) => h('span', { class: m.status === 'failed' ? 'status-cancelled' : null }, STATUS[m.status] ?? m.status) },
            { label: 'Försök', cell: (m) => String(m.attempts) },
            { label: 'Senaste fel', cell: (m) => m.lastError ?? '–' },
            { label: 'Åtgärd', cell: action },
          ],
          rows: page.items,
          className: 'outbox-table',
        }),
  ];
}
