/**
 * A small document model shared by both reports, so that the Markdown and the HTML output
 * carry the same content. Strings in the model are raw text; escaping happens only here,
 * in the two serialisers.
 */
import {
  escapeHtml,
  escapeMarkdown,
  escapeMarkdownTableCell,
  normaliseText,
  safeHttpUrl,
} from './escape';

export type ReportFormat = 'md' | 'html';

export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'strong'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'link'; href: string; text: string }
  | { kind: 'break' };

export interface FactRow {
  label: string;
  value: Inline[];
}

export type Block =
  | { kind: 'paragraph'; content: Inline[]; className?: string }
  | { kind: 'list'; items: Inline[][] }
  | { kind: 'facts'; rows: FactRow[] }
  | { kind: 'table'; columns: TableColumn[]; rows: Inline[][][] }
  | { kind: 'section'; id: string; title: string; children: Block[] };

export interface TableColumn {
  title: string;
  numeric?: boolean;
}

export interface ReportDocument {
  /** The HTML <title>. */
  title: string;
  heading: string;
  /** Paragraphs under the main heading (subtitle, "Sammanställd: …", period). */
  header: Block[];
  body: Block[];
}

export const text = (value: string): Inline => ({ kind: 'text', text: value });
export const strong = (value: string): Inline => ({ kind: 'strong', text: value });
export const code = (value: string): Inline => ({ kind: 'code', text: value });
export const lineBreak: Inline = { kind: 'break' };

/** A link for http(s) URLs; anything else is shown as plain text, never as a live link. */
export function link(href: string, label: string): Inline[] {
  const safe = safeHttpUrl(href);
  return safe ? [{ kind: 'link', href: safe, text: label }] : [text(`${label}: ${href}`)];
}

export const paragraph = (content: Inline[], className?: string): Block =>
  className ? { kind: 'paragraph', content, className } : { kind: 'paragraph', content };

/** Splits user text on blank lines into paragraphs; single newlines stay line breaks. */
export function paragraphs(value: string): Block[] {
  return normaliseText(value)
    .split(/\n\s*\n/)
    .map((chunk) => chunk.trim())
    .filter((chunk) => chunk.length > 0)
    .map((chunk) => paragraph([text(chunk)]));
}

export const section = (id: string, title: string, children: Block[]): Block => ({
  kind: 'section',
  id,
  title,
  children,
});

/** A table, or the given Swedish "Inga …" sentence when there are no rows. */
export function tableOrEmpty(columns: TableColumn[], rows: Inline[][][], emptyText: string): Block {
  return rows.length > 0 ? { kind: 'table', columns, rows } : paragraph([text(emptyText)], 'empty');
}

/** A list, or the given Swedish sentence when there are no items. */
export function listOrEmpty(items: Inline[][], emptyText: string): Block {
  return items.length > 0 ? { kind: 'list', items } : paragraph([text(emptyText)], 'empty');
}

export function renderDocument(doc: ReportDocument, format: ReportFormat): string {
  return format === 'html' ? renderHtml(doc) : renderMarkdown(doc);
}

/* ------------------------------------------------------------------ Markdown */

function mdInline(content: Inline[], newline: string): string {
  return content
    .map((part) => {
      switch (part.kind) {
        case 'text':
          return escapeMarkdown(part.text, newline);
        case 'strong':
          return `**${escapeMarkdown(part.text, newline)}**`;
        case 'code':
          return /^[\w-]*$/.test(part.text) && part.text.length > 0
            ? `\`${part.text}\``
            : escapeMarkdown(part.text);
        case 'link':
          return `[${escapeMarkdown(part.text, ' ')}](<${part.href}>)`;
        case 'break':
          return newline;
      }
    })
    .join('');
}

function mdTableCell(content: Inline[]): string {
  const cell = content
    .map((part) => {
      switch (part.kind) {
        case 'text':
        case 'code':
          return escapeMarkdownTableCell(part.text);
        case 'strong':
          return `**${escapeMarkdownTableCell(part.text)}**`;
        case 'link':
          return `[${escapeMarkdownTableCell(part.text)}](<${part.href}>)`;
        case 'break':
          return '<br>';
      }
    })
    .join('');
  return cell.length > 0 ? cell : ' ';
}

function mdBlock(block: Block, depth: number): string {
  switch (block.kind) {
    case 'paragraph':
      // A backslash at the end of a line is a hard line break in CommonMark.
      return mdInline(block.content, '\\\n');
    case 'list':
      return block.items.map((item) => `- ${mdInline(item, '\\\n  ')}`).join('\n');
    case 'facts':
      return block.rows
        .map((row) => `- **${escapeMarkdown(row.label, ' ')}:** ${mdInline(row.value, '\\\n  ')}`)
        .join('\n');
    case 'table': {
      const header = `| ${block.columns.map((column) => escapeMarkdownTableCell(column.title)).join(' | ')} |`;
      const rule = `| ${block.columns.map((column) => (column.numeric ? '---:' : '---')).join(' | ')} |`;
      const rows = block.rows.map((row) => `| ${row.map(mdTableCell).join(' | ')} |`);
      return [header, rule, ...rows].join('\n');
    }
    case 'section': {
      const heading = `${'#'.repeat(Math.min(depth + 2, 6))} ${escapeMarkdown(block.title, ' ')}`;
      return [heading, ...block.children.map((child) => mdBlock(child, depth + 1))].join('\n\n');
    }
  }
}

function renderMarkdown(doc: ReportDocument): string {
  const parts = [
    `# ${escapeMarkdown(doc.heading, ' ')}`,
    ...doc.header.map((block) => mdBlock(block, 0)),
    ...doc.body.map((block) => mdBlock(block, 0)),
  ];
  return `${parts.join('\n\n')}\n`;
}

/* ---------------------------------------------------------------------- HTML */

/** The HTML reports' only stylesheet, inlined; a Content-Security-Policy can allow it by hash. */
export const REPORT_STYLESHEET = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: #1b1b1b; font: 16px/1.5 "Segoe UI", Arial, Helvetica, sans-serif; }
main { max-width: 52rem; margin: 0 auto; padding: 2rem 1.5rem 3rem; }
header { border-bottom: 3px solid #1b1b1b; margin-bottom: 1.5rem; padding-bottom: 0.75rem; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 0.5rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 0.5rem; padding-bottom: 0.2rem; border-bottom: 1px solid #bbb; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 0.4rem; }
p { margin: 0.4rem 0 0.8rem; }
.subtitle { font-weight: 600; margin: 0; }
.meta { color: #444; margin: 0.2rem 0; }
.empty { font-style: italic; color: #444; }
ul { padding-left: 1.4rem; }
li { margin: 0.25rem 0; }
dl.facts { margin: 1rem 0; }
dl.facts div { display: flex; gap: 1rem; padding: 0.2rem 0; border-bottom: 1px dotted #ccc; }
dl.facts dt { flex: 0 0 12rem; font-weight: 600; }
dl.facts dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
table { width: 100%; border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.95rem; }
th, td { border: 1px solid #aaa; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
thead th { background: #ececec; }
td.num, th.num { text-align: right; }
.nowrap { white-space: nowrap; }
code { font-family: Consolas, "Courier New", monospace; word-break: break-all; }
a { color: #0b4f8a; overflow-wrap: anywhere; }
@media screen and (max-width: 40rem) {
  main { padding: 1rem 0.75rem 2rem; }
  h1 { font-size: 1.35rem; }
  dl.facts div { display: block; }
  dl.facts dt { font-weight: 600; }
  table, tbody, tr, td { display: block; width: 100%; }
  thead, thead th { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; border: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  tr { border: 1px solid #aaa; margin: 0 0 0.75rem; padding: 0.25rem 0; }
  td, td.num { border: 0; padding: 0.15rem 0.6rem; text-align: left; }
  td[data-label]::before { content: attr(data-label); display: block; font-size: 0.85rem; font-weight: 600; color: #444; }
}
@page { size: A4; margin: 18mm 16mm; }
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  li, tr, dl.facts div { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
  a[href]::after { content: " (" attr(href) ")"; font-size: 90%; word-break: break-all; }
}
`;

function htmlText(value: string): string {
  return normaliseText(value).split('\n').map(escapeHtml).join('<br>');
}

function htmlInline(content: Inline[]): string {
  return content
    .map((part) => {
      switch (part.kind) {
        case 'text':
          return htmlText(part.text);
        case 'strong':
          return `<strong>${htmlText(part.text)}</strong>`;
        case 'code':
          return `<code>${htmlText(part.text)}</code>`;
        case 'link':
          return `<a href="${escapeHtml(part.href)}">${htmlText(part.text)}</a>`;
        case 'break':
          return '<br>';
      }
    })
    .join('');
}

function htmlBlock(block: Block, depth: number): string {
  switch (block.kind) {
    case 'paragraph':
      return block.className
        ? `<p class="${escapeHtml(block.className)}">${htmlInline(block.content)}</p>`
        : `<p>${htmlInline(block.content)}</p>`;
    case 'list':
      return `<ul>\n${block.items.map((item) => `<li>${htmlInline(item)}</li>`).join('\n')}\n</ul>`;
    case 'facts':
      return `<dl class="facts">\n${block.rows
        .map((row) => `<div><dt>${htmlText(row.label)}</dt><dd>${htmlInline(row.value)}</dd></div>`)
        .join('\n')}\n</dl>`;
    case 'table': {
      const numClass = (numeric?: boolean): string => (numeric ? ' class="num"' : '');
      // A date ("2024-10-11", "2024-10-11 klockan 14:05") in a narrow column stays on one line.
      const cellHtml = (cell: Inline[]): string =>
        htmlInline(cell)
          .split(/(<[^>]*>)/)
          .map((part, k) =>
            k % 2 === 1
              ? part
              : part.replace(
                  /\d{4}-\d{2}-\d{2}(?: klockan \d{2}:\d{2})?/g,
                  (date) => `<span class="nowrap">${date}</span>`,
                ),
          )
          .join('');
      // The column's title on each cell: narrow screens show the rows as labelled cards.
      const columnLabel = (column?: TableColumn): string =>
        column ? ` data-label="${escapeHtml(normaliseText(column.title))}"` : '';
      const head = block.columns
        .map(
          (column) => `<th scope="col"${numClass(column.numeric)}>${htmlText(column.title)}</th>`,
        )
        .join('');
      const rows = block.rows
        .map(
          (row) =>
            `<tr>${row.map((cell, i) => `<td${numClass(block.columns[i]?.numeric)}${columnLabel(block.columns[i])}>${cellHtml(cell)}</td>`).join('')}</tr>`,
        )
        .join('\n');
      return `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows}\n</tbody>\n</table>`;
    }
    case 'section': {
      const level = Math.min(depth + 2, 6);
      const id = escapeHtml(block.id);
      return [
        `<section aria-labelledby="${id}">`,
        `<h${level} id="${id}">${htmlText(block.title)}</h${level}>`,
        ...block.children.map((child) => htmlBlock(child, depth + 1)),
        '</section>',
      ].join('\n');
    }
  }
}

function renderHtml(doc: ReportDocument): string {
  return [
    '<!doctype html>',
    '<html lang="sv">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(normaliseText(doc.title).replace(/\s*\n\s*/g, ' '))}</title>`,
    `<style>${REPORT_STYLESHEET}</style>`,
    '</head>',
    '<body>',
    '<main>',
    '<article>',
    '<header>',
    `<h1>${htmlText(doc.heading)}</h1>`,
    ...doc.header.map((block) => htmlBlock(block, 0)),
    '</header>',
    ...doc.body.map((block) => htmlBlock(block, 0)),
    '</article>',
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
