/**
 * The product's Swedish vocabulary, from /terms.json: the same file the reports are written
 * with (src/common/terms.ts), so the pages and the reports use the same words.
 */
const response = await fetch('/terms.json', { credentials: 'omit' });
if (!response.ok) throw new Error(`/terms.json: HTTP ${response.status}`);

export const TERMS = Object.freeze(await response.json());

const has = (object, key) => object != null && Object.prototype.hasOwnProperty.call(object, key);

/** The label under `key`, or the key itself when the vocabulary has none. */
export function term(labels, key) {
  return has(labels, key) ? labels[key] : key;
}

function eventTerms(definition, type) {
  const events = TERMS.workflows?.[definition?.id]?.events;
  return has(events, type) ? events[type] : {};
}

/**
 * What happened, for the history ("Beslut fattat"), where the definition's label is the
 * button's imperative ("Fatta beslut"). Falls back to the definition's label.
 */
export function eventDoneLabel(definition, type) {
  return eventTerms(definition, type).done || (has(TERMS.history, type) ? TERMS.history[type] : null) || definition?.events?.[type]?.label || type;
}

/** The message after an accepted event: "Ändringsbegäran ÄB-2024-0001 är inlämnad till VGR." */
export function eventFlash(definition, type, { reference, state }) {
  const template = eventTerms(definition, type).flash || TERMS.flash.fallback;
  return template
    .replace(/\{reference\}/g, reference || '')
    .replace(/\{state\}/g, state || '')
    .replace(/\s{2,}/g, ' ')
    .replace(/\s+([.,])/g, '$1')
    .trim();
}

const words = (text) => new Set(String(text || '').toLocaleLowerCase('sv').split(/[^\p{L}\p{N}]+/u).filter(Boolean));

/**
 * Two names that say the same thing ("VästKom" and "VästKom", "Programstyrgruppen" and
 * "Programstyrgruppen Millennium"): every word of one is a word of the other.
 */
export function sameName(a, b) {
  const x = words(a);
  const y = words(b);
  if (!x.size || !y.size) return false;
  const [small, large] = x.size <= y.size ? [x, y] : [y, x];
  return [...small].every((w) => large.has(w));
}

/** Role and organisation of an actor, once when they coincide (the more specific one is kept). */
export function actorDetails(roleText, organisationName) {
  const parts = [roleText, organisationName].filter(Boolean);
  if (parts.length === 2 && sameName(parts[0], parts[1])) {
    return [words(parts[0]).size > words(parts[1]).size ? parts[0] : parts[1]];
  }
  return parts;
}
