/**
 * Escaping for user-supplied text in the report renderers. Everything that did not come from
 * the code itself (titles, descriptions, names, channels, links) goes through one of these.
 */

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]);
}

/** Unifies line endings and drops control characters other than newline and tab. */
export function normaliseText(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
}

/** Characters that start or end inline Markdown constructs anywhere in a line (CommonMark + GFM). */
const MARKDOWN_INLINE = /[\\`*_[\]<>#|~&]/g;
/** Constructs that only count at the start of a line: list items, setext underlines, ordered lists. */
const MARKDOWN_LINE_START = /^(\s*)([-+=]|\d+(?=[.)]))/;

function escapeMarkdownLine(line: string): string {
  const escaped = line.replace(MARKDOWN_INLINE, (char) => `\\${char}`);
  const start = MARKDOWN_LINE_START.exec(escaped);
  if (!start) {
    return escaped;
  }
  const [, indent, marker] = start;
  const rest = escaped.slice(indent.length + marker.length);
  // "1." -> "1\." ; "-" -> "\-"
  return /^\d/.test(marker) ? `${indent}${marker}\\${rest}` : `${indent}\\${marker}${rest}`;
}

/**
 * Escapes text so that Markdown renders it literally. Each line is escaped on its own (lines
 * after a break lose their indentation, so it cannot open a code block); lines are joined
 * with `lineBreak`. When `lineBreak` is not a plain newline (a hard break, `<br>` in a table
 * cell), blank lines are dropped, because a blank line would end the enclosing list item or table.
 */
export function escapeMarkdown(value: string, lineBreak = '\n'): string {
  const raw = normaliseText(value).split('\n');
  // The first line may continue inline content and the last may be followed by more, so only
  // whitespace next to a line break is dropped.
  const lines = raw.map((line, i) => {
    const start = i > 0 ? line.trimStart() : line;
    return i < raw.length - 1 ? start.trimEnd() : start;
  });
  return (lineBreak === '\n' ? lines : lines.filter((line) => line.length > 0))
    .map(escapeMarkdownLine)
    .join(lineBreak);
}

/** Escapes text for one cell of a GFM table: pipes are escaped and newlines become `<br>`. */
export function escapeMarkdownTableCell(value: string): string {
  return escapeMarkdown(value, '<br>');
}

/**
 * Returns a normalised http(s) URL safe to place in an `href` or a Markdown link destination,
 * or null when the value is not an absolute http(s) URL (javascript:, data:, relative, ...).
 */
export function safeHttpUrl(value: string): string | null {
  const trimmed = value.trim();
  if (!/^https?:\/\//i.test(trimmed)) {
    return null;
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return null;
  }
  return url.href.replace(
    /[<>"'`()\s\\]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}
