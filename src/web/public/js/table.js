import { h } from './dom.js';

/**
 * A table that stacks into cards on narrow screens. Explicit ARIA roles keep the table
 * semantics when CSS changes the display of the rows.
 * columns: [{ label, cell(row) -> Node|string, class? }]
 */
export function dataTable({ caption, captionHidden = false, columns, rows, className = '' }) {
  const table = h('table', { class: ['data-table', 'stack', className], role: 'table' });
  if (caption) table.append(h('caption', { class: captionHidden ? 'visually-hidden' : null }, caption));
  const headRow = h('tr', { role: 'row' });
  for (const col of columns) headRow.append(h('th', { scope: 'col', role: 'columnheader', class: col.class }, col.label));
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
