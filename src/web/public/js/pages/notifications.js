import { h } from '../dom.js';
import { getJson, sendJson, describeError } from '../api.js';
import { timeEl } from '../format.js';

/** Unread notifications of the signed-in user, or null when they cannot be read now. */
export async function unreadCount() {
  try {
    const page = await getJson('/api/me/notifications?limit=1');
    return page.unreadExact === false ? `${page.unread}+` : page.unread;
  } catch {
    return null;
  }
}

/** "12 olästa av 40", or past the counted bound "fler än 1 000 olästa av fler än 1 000". */
function unreadSummary(page) {
  const more = (n, exact) => (exact === false ? `fler än ${n.toLocaleString('sv-SE')}` : String(n));
  return `${more(page.unread, page.unreadExact)} ${page.unread === 1 && page.unreadExact !== false ? 'oläst' : 'olästa'} av ${more(page.total, page.totalExact)}.`;
}

/** Aviseringar: what happened on the requests one has work on, newest first. */
export async function notificationsPage(ctx) {
  ctx.setTitle('Aviseringar');
  const page = await getJson('/api/me/notifications?limit=50');
  const status = h('div', { role: 'status', 'aria-live': 'polite' });
  const markAll = h('button', { type: 'button', class: 'button button-secondary', hidden: page.unread === 0 }, 'Markera alla som lästa');
  markAll.addEventListener('click', async () => {
    markAll.disabled = true;
    try {
      await sendJson('/api/me/notifications/read', {});
      ctx.reload({ flash: 'Alla aviseringar är markerade som lästa.' });
    } catch (err) {
      markAll.disabled = false;
      status.append(h('div', { class: 'notice notice-error', role: 'alert' }, h('p', {}, describeError(err))));
    }
  });
  const content = [h('h1', {}, 'Aviseringar')];
  if (ctx.flash) content.push(h('div', { class: 'notice notice-success' }, h('p', {}, ctx.flash)));
  if (page.items.length === 0) {
    content.push(h('p', { class: 'lead' }, 'Du har inga aviseringar.'));
    return content;
  }
  content.push(
    h('p', { class: 'lead', 'data-testid': 'unread-summary' }, page.unread === 0 ? 'Alla aviseringar är lästa.' : unreadSummary(page)),
    h('p', {}, markAll),
    status,
    h(
      'ul',
      { class: 'notification-list' },
      page.items.map((n) =>
        h(
          'li',
          { class: ['notification', !n.readAt && 'notification-unread'] },
          h(
            'p',
            { class: 'notification-title' },
            !n.readAt ? [h('span', { class: 'badge badge-unread' }, 'Oläst'), ' '] : null,
            n.kind === 'reminder' ? [h('span', { class: 'badge badge-reminder' }, n.title.startsWith('Försenad') ? 'Frist passerad' : 'Påminnelse'), ' '] : null,
            h('a', { href: `#/arende/${encodeURIComponent(n.changeRequestId)}` }, n.title),
          ),
          h('p', {}, n.text),
          h('p', { class: 'muted' }, timeEl(n.createdAt)),
        ),
      ),
    ),
  );
  return content;
}
