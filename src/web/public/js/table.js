import { h } from './dom.js';

const ORDER_WORDS = { asc: 'stigande', desc: 'fallande' };

/**
 * A table that stacks into cards on narrow screens. Explicit ARIA roles keep the table
 * semantics when CSS changes the display of the rows.
 * columns: [{ label, cell(row) -> Node|string, class?, sortKey?, firstOrder? }]
 * sort (optional): { key, order: 'asc'|'desc', href(key, order) } makes the columns with a
 * sortKey into links that sort by them; the sorted column carries aria-sort.
 */
export function dataTable({ caption, captionHidden = false, columns, rows, className = '', sort = null }) {
  const table = h('table', { class: ['data-table', 'stack', className], role: 'table' });
  if (caption) table.append(h('caption', { class: captionHidden ? 'visually-hidden' : null }, caption));
  const headRow = h('tr', { role: 'row' });
  for (const col of columns) {
    const th = h('th', { scope: 'col', role: 'columnheader', class: col.class }, col.label);
    if (sort && col.sortKey) {
      const active = sort.key === col.sortKey;
      const next = active ? (sort.order === 'asc' ? 'desc' : 'asc') : col.firstOrder || 'asc';
      th.textContent = '';
      th.classList.add('sortable');
      if (active) th.setAttribute('aria-sort', sort.order === 'asc' ? 'ascending' : 'descending');
      th.append(
        h('span', { class: 'sort-static' }, col.label),
        h(
          'a',
          { href: sort.href(col.sortKey, next), class: 'sort-link', 'data-sort': col.sortKey },
          col.label,
          h('span', { class: 'visually-hidden' }, `, sortera ${ORDER_WORDS[next]}`),
          h('span', { class: ['sort-icon', active && 'sort-icon-active'], 'aria-hidden': 'true' }, active ? (sort.order === 'asc' ? '▲' : '▼') : '↕'),
        ),
      );
    }
    headRow.append(th);
  }
  table.append(h('thead', { role: 'rowgroup' }, headRow));
  const body = h('tbody', { role: 'rowgroup' });
  for (const row of rows) {
    const tr = h('tr', { role: 'row' });
    for (const col of columns) {
      const content = col.cell(row);
      tr.append(h('td', { role: 'cell', 'data-label': col.label, class: col.class }, content ?? ''));
    }
    body.append(tr);
  }
  table.append(body);
  return table;
}
