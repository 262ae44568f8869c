import { h } from '../dom.js';
import { getJson } from '../api.js';
import { timeEl } from '../format.js';
import { dataTable } from '../table.js';

/** "Försenad" beside a date that has passed; the word is there for everyone, not only the colour. */
export function dueCell(dueAt, overdue) {
  if (!dueAt) return h('span', { class: 'muted' }, 'Ingen frist');
  return h(
    'span',
    { class: 'due' },
    timeEl(dueAt, { dateOnly: true }),
    overdue ? [' ', h('span', { class: 'badge badge-overdue', 'data-testid': 'overdue' }, 'Försenad')] : null,
  );
}

/** Att göra: the requests the signed-in user can move forward now, nearest deadline first. */
export async function tasksPage(ctx) {
  ctx.setTitle('Att göra');
  const result = await getJson('/api/me/tasks');
  const content = [h('h1', {}, 'Att göra')];
  if (ctx.flash) content.push(h('div', { class: 'notice notice-success', role: 'status' }, h('p', {}, ctx.flash)));
  if (result.items.length === 0) {
    content.push(
      h('p', { class: 'lead' }, 'Du har inget att göra just nu.'),
      h('p', {}, h('a', { href: '#/' }, 'Se alla ändringsbegäranden du har tillgång till')),
    );
    return content;
  }
  const overdue = result.overdue;
  content.push(
    h(
      'p',
      { class: 'lead', 'data-testid': 'tasks-summary' },
      `${result.total} ${result.total === 1 ? 'ärende' : 'ärenden'} väntar på dig`,
      overdue ? `, varav ${overdue} ${overdue === 1 ? 'är försenat' : 'är försenade'}` : '',
      '. Närmast sista dag står först.',
    ),
    dataTable({
      caption: 'Ärenden där du kan agera nu',
      captionHidden: true,
      className: 'tasks-table',
      columns: [
        {
          label: 'Ärende',
          class: 'col-title',
          cell: (t) =>
            h(
              'div',
              {},
              h('a', { href: `#/arende/${encodeURIComponent(t.changeRequest.id)}` }, t.changeRequest.title),
              h('span', { class: 'request-type' }, t.changeRequest.reference || 'Ej inlämnad'),
            ),
        },
        { label: 'Att göra', cell: (t) => t.events.map((e) => e.label).join(', ') },
        { label: 'Sista dag', cell: (t) => [dueCell(t.dueAt, t.overdue), t.deadline ? h('span', { class: 'request-type' }, t.deadline.label) : null] },
        { label: 'Status', cell: (t) => h('span', { class: `badge badge-${t.changeRequest.state}` }, t.changeRequest.stateLabel) },
      ],
      rows: result.items,
    }),
    h('p', {}, h('a', { href: '#/' }, 'Alla ändringsbegäranden')),
  );
  return content;
}

/** The request page's deadlines: what is due, by when, and what was met. */
export function deadlinesSection(deadlines) {
  if (!deadlines || deadlines.length === 0) return null;
  const statusText = (d) => {
    if (d.status === 'met') return ['Klar ', timeEl(d.metAt)];
    if (d.pausedSince) return ['Vilar sedan ', timeEl(d.pausedSince, { dateOnly: true }), ' (inväntar komplettering)'];
    return d.status === 'overdue' ? h('span', { class: 'badge badge-overdue' }, 'Försenad') : 'Pågår';
  };
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'frister', id: 'frister-panel' },
    h('h2', { id: 'frister' }, 'Frister'),
    h('p', { class: 'hint' }, 'Frister räknas i arbetsdagar. En frist som slutar på en helgdag flyttas till nästa arbetsdag.'),
    dataTable({
      caption: 'Frister för ärendet',
      captionHidden: true,
      columns: [
        { label: 'Frist', cell: (d) => d.label },
        { label: 'Sista dag', cell: (d) => timeEl(d.dueAt, { dateOnly: true }) },
        { label: 'Läge', cell: statusText },
      ],
      rows: deadlines,
    }),
  );
}

