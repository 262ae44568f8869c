/**
 * Shows a server-rendered HTML report inside the page. The document is parsed with
 * DOMParser (scripts never run there) and copied element by element through an allow-list,
 * so no script, event handler or inline style reaches the page (CSP stays 'self').
 */
const ALLOWED = new Set([
  'article', 'section', 'header', 'footer', 'div', 'span', 'p', 'br', 'hr',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'dl', 'dt', 'dd',
  'strong', 'em', 'b', 'i', 'small', 'code', 'pre', 'blockquote', 'time', 'a',
  'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td',
]);
const ATTRS = new Set(['datetime', 'colspan', 'rowspan', 'scope', 'headers', 'lang', 'data-label']);

/** "2024-10-11" and "2024-10-11 klockan 15:20" stay on one line (no break after a hyphen). */
const DATE_TIME = /(\d{4}-\d{2}-\d{2}(?: klockan \d{2}:\d{2})?)/;

function text(value, doc) {
  const parts = value.split(DATE_TIME);
  if (parts.length === 1) return doc.createTextNode(value);
  const out = doc.createDocumentFragment();
  parts.forEach((part, i) => {
    if (i % 2 === 0) {
      if (part) out.append(doc.createTextNode(part));
    } else {
      const span = doc.createElement('span');
      span.className = 'nowrap';
      span.textContent = part;
      out.append(span);
    }
  });
  return out;
}

function copy(node, doc) {
  if (node.nodeType === Node.TEXT_NODE) return text(node.textContent, doc);
  if (node.nodeType !== Node.ELEMENT_NODE) return null;
  const tag = node.tagName.toLowerCase();
  if (['script', 'style', 'template', 'iframe', 'object', 'embed', 'link', 'meta', 'title', 'head'].includes(tag)) return null;
  const out = ALLOWED.has(tag) ? doc.createElement(tag) : doc.createDocumentFragment();
  if (ALLOWED.has(tag)) {
    for (const attr of node.attributes) {
      if (ATTRS.has(attr.name)) out.setAttribute(attr.name, attr.value);
    }
    if (tag === 'a') {
      const href = node.getAttribute('href') || '';
      if (/^https?:\/\//i.test(href) || href.startsWith('mailto:')) {
        out.setAttribute('href', href);
        out.setAttribute('rel', 'noopener noreferrer');
      }
    }
  }
  for (const child of node.childNodes) {
    const c = copy(child, doc);
    if (c) out.append(c);
  }
  return out;
}

/**
 * Drops style/script blocks and inline style and event-handler attributes before parsing:
 * the parsed document inherits the page's CSP and would otherwise report each one as a violation.
 */
function stripInline(html) {
  return String(html)
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<[a-zA-Z][^>]*>/g, (tag) => tag.replace(/\s(?:style|on[a-z]+)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)/gi, ''));
}

/** Returns { title, content: DocumentFragment } from a full HTML document string. */
export function importReport(html) {
  const parsed = new DOMParser().parseFromString(stripInline(html), 'text/html');
  const fragment = document.createDocumentFragment();
  for (const child of parsed.body.childNodes) {
    const c = copy(child, document);
    if (c) fragment.append(c);
  }
  // The page already has an h1; demote the report's headings one level.
  for (const level of [5, 4, 3, 2, 1]) {
    for (const el of fragment.querySelectorAll(`h${level}`)) {
      const next = document.createElement(`h${level + 1}`);
      while (el.firstChild) next.append(el.firstChild);
      el.replaceWith(next);
    }
  }
  return { title: parsed.title || '', content: fragment };
}
