/** Small DOM helpers. Text is always inserted as text nodes, never parsed as HTML. */

const BOOLEAN_PROPS = new Set(['hidden', 'disabled', 'checked', 'selected', 'multiple', 'open', 'readOnly']);

/**
 * h('p', { class: 'hint', id: 'x' }, 'text', child)
 * Attributes named on* with a function value become event listeners.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (key.startsWith('on') && typeof value === 'function') {
        el.addEventListener(key.slice(2).toLowerCase(), value);
      } else if (key === 'class') {
        el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
      } else if (key === 'text') {
        el.textContent = String(value);
      } else if (BOOLEAN_PROPS.has(key)) {
        el[key] = Boolean(value);
      } else if (key === 'value') {
        el.value = value;
      } else {
        el.setAttribute(key, value === true ? '' : String(value));
      }
    }
  }
  append(el, children);
  return el;
}

export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

/** Adds an id to an element's aria-describedby list (no duplicates). */
export function describeBy(el, id) {
  const ids = new Set((el.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean));
  ids.add(id);
  el.setAttribute('aria-describedby', [...ids].join(' '));
}

export function undescribeBy(el, id) {
  const ids = (el.getAttribute('aria-describedby') || '').split(/\s+/).filter((x) => x && x !== id);
  if (ids.length) el.setAttribute('aria-describedby', ids.join(' '));
  else el.removeAttribute('aria-describedby');
}

/** Text that keeps the user's line breaks (CSS white-space: pre-wrap). */
export function prose(text, attrs = {}) {
  return h('p', { ...attrs, class: ['prose', attrs.class] }, text ?? '');
}
