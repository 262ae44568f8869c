/**
 * Accessible form fields: every control has a <label> (or a fieldset legend), and its
 * hint and error text are tied to it with aria-describedby.
 */
import { h, clear, describeBy, undescribeBy } from './dom.js';
import { TERMS } from './terms.js';

/** Date and time fields say the format, whatever the browser's control looks like. */
function hintText(spec) {
  if (spec.kind !== 'date' && spec.kind !== 'datetime') return spec.hint || '';
  const format =
    spec.kind === 'date'
      ? `Skriv datumet som ${TERMS.dateFormat}, till exempel 2025-11-12.`
      : `Skriv datum och klockslag som ${TERMS.dateFormat} tt:mm, till exempel 2025-11-12 09:30 (svensk tid).`;
  return spec.hint ? `${format} ${spec.hint}` : format;
}

/**
 * spec: { id, name, label, kind, required, hint, options: [{value,label}], maxLength, value, rows }
 * kind: text | textarea | date | datetime | url | number | select | radio | checkboxes | checkbox
 * Returns { name, element, getValue, setValue, setError, clearError, focus, setVisible, isVisible }.
 */
export function createField(spec) {
  const id = spec.id;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const optional = spec.required ? null : h('span', { class: 'optional' }, ' (valfritt)');
  const hintValue = hintText(spec);
  const hint = hintValue ? h('p', { class: 'hint', id: hintId }, hintValue) : null;
  const error = h('p', { class: 'field-error', id: errorId, hidden: true });
  const isGroup = spec.kind === 'radio' || spec.kind === 'checkboxes';
  let wrapper;
  let control;
  let inputs = [];

  if (isGroup) {
    const type = spec.kind === 'radio' ? 'radio' : 'checkbox';
    const legend = h('legend', { class: 'label' }, spec.label, optional);
    const list = h('div', { class: ['choices', spec.options.length > 6 && 'choices-columns'] });
    for (const [i, opt] of spec.options.entries()) {
      if (opt.group) {
        const sub = h('fieldset', { class: 'choice-group' }, h('legend', {}, opt.group));
        const subList = h('div', { class: 'choices choices-columns' });
        for (const [j, o] of opt.options.entries()) {
          const input = h('input', { type, id: `${id}-${i}-${j}`, name: spec.name, value: o.value });
          inputs.push(input);
          subList.append(h('div', { class: 'choice' }, input, h('label', { for: input.id }, o.label)));
        }
        sub.append(subList);
        list.append(sub);
      } else {
        const input = h('input', { type, id: `${id}-${i}`, name: spec.name, value: opt.value });
        inputs.push(input);
        list.append(h('div', { class: 'choice' }, input, h('label', { for: input.id }, opt.label)));
      }
    }
    wrapper = h('fieldset', { class: 'field', id, 'data-field': spec.name }, legend, hint, error, list);
    if (hint) describeBy(wrapper, hintId);
    control = wrapper;
  } else {
    const label = h('label', { class: 'label', for: `${id}-input` }, spec.label, optional);
    const common = { id: `${id}-input`, name: spec.name };
    if (spec.kind === 'textarea') {
      control = h('textarea', { ...common, rows: spec.rows || 5 });
    } else if (spec.kind === 'select') {
      control = h('select', common);
      if (!spec.required || spec.placeholder) {
        control.append(h('option', { value: '' }, spec.placeholder || '– Välj –'));
      }
      for (const opt of spec.options) {
        if (opt.group) {
          const og = h('optgroup', { label: opt.group });
          for (const o of opt.options) og.append(h('option', { value: o.value }, o.label));
          control.append(og);
        } else {
          control.append(h('option', { value: opt.value }, opt.label));
        }
      }
    } else if (spec.kind === 'checkbox') {
      control = h('input', { ...common, type: 'checkbox', value: 'true' });
    } else {
      const type = { date: 'date', datetime: 'datetime-local', url: 'url', number: 'number', search: 'search' }[spec.kind] || 'text';
      control = h('input', { ...common, type });
      if (spec.autocomplete) control.setAttribute('autocomplete', spec.autocomplete);
      else if (type === 'text') control.setAttribute('autocomplete', 'off');
    }
    if (spec.maxLength && control.tagName !== 'SELECT') control.maxLength = spec.maxLength;
    if (spec.required) control.setAttribute('aria-required', 'true');
    if (hint) describeBy(control, hintId);
    inputs = [control];
    wrapper =
      spec.kind === 'checkbox'
        ? h('div', { class: 'field field-checkbox', id, 'data-field': spec.name }, control, label, hint, error)
        : h('div', { class: 'field', id, 'data-field': spec.name }, label, hint, error, control);
  }

  const field = {
    name: spec.name,
    spec,
    element: wrapper,
    getValue() {
      if (spec.kind === 'checkboxes') return inputs.filter((i) => i.checked).map((i) => i.value);
      if (spec.kind === 'radio') return inputs.find((i) => i.checked)?.value ?? '';
      if (spec.kind === 'checkbox') return control.checked;
      return control.value;
    },
    setValue(value) {
      if (spec.kind === 'checkboxes') {
        const set = new Set(Array.isArray(value) ? value : []);
        for (const i of inputs) i.checked = set.has(i.value);
      } else if (spec.kind === 'radio') {
        for (const i of inputs) i.checked = i.value === value;
      } else if (spec.kind === 'checkbox') {
        control.checked = Boolean(value);
      } else {
        control.value = value ?? '';
      }
    },
    setError(message) {
      clear(error).append(h('span', { class: 'visually-hidden' }, 'Fel: '), message);
      error.hidden = false;
      wrapper.classList.add('has-error');
      describeBy(control, errorId);
      if (!isGroup) control.setAttribute('aria-invalid', 'true');
    },
    clearError() {
      clear(error);
      error.hidden = true;
      wrapper.classList.remove('has-error');
      undescribeBy(control, errorId);
      if (!isGroup) control.removeAttribute('aria-invalid');
    },
    focusTarget() {
      return isGroup ? inputs.find((i) => i.checked) || inputs[0] : control;
    },
    focus() {
      field.focusTarget()?.focus();
    },
    setVisible(visible) {
      wrapper.hidden = !visible;
    },
    isVisible() {
      return !wrapper.hidden;
    },
    onChange(handler) {
      for (const i of inputs) i.addEventListener('change', handler);
    },
  };
  if (spec.value !== undefined) field.setValue(spec.value);
  return field;
}

/**
 * An error summary at the top of a form (role=alert) that links to each field in error.
 * Call show(message, [{field, message}]) / hide().
 */
export function createErrorSummary(id) {
  const box = h('div', { class: 'error-summary', id, tabindex: '-1', hidden: true });
  return {
    element: box,
    show(message, items = [], extra = null) {
      clear(box);
      box.append(h('p', { class: 'error-summary-title' }, message));
      if (items.length) {
        const ul = h('ul');
        for (const item of items) {
          const li = h('li');
          if (item.target) {
            const a = h('a', { href: `#${item.target.id || ''}` }, item.message);
            a.addEventListener('click', (e) => {
              e.preventDefault();
              item.focus();
            });
            li.append(a);
          } else {
            li.append(item.message);
          }
          ul.append(li);
        }
        box.append(ul);
      }
      if (extra) box.append(extra);
      box.hidden = false;
      box.setAttribute('role', 'alert');
      box.focus();
    },
    hide() {
      clear(box);
      box.hidden = true;
      box.removeAttribute('role');
    },
  };
}

/** Normalises a server field path ("/payload/text", "payload.text", "text") to a field name. */
export function fieldName(path) {
  return String(path || '')
    .replace(/^\//, '')
    .replace(/^(payload|body)[./]/, '')
    .split(/[./[]/)[0];
}

/**
 * Shows a 400 body's field errors at the matching fields; returns the summary items
 * (including errors for fields the form does not have).
 */
export function showFieldErrors(fields, body) {
  const items = [];
  for (const f of fields) f.clearError();
  const list = Array.isArray(body?.fields) ? body.fields : [];
  const byName = new Map();
  for (const entry of list) {
    const name = fieldName(entry.field);
    const field = fields.find((f) => f.name === name && f.isVisible());
    const message = swedishMessage(entry.message, field?.spec);
    if (field) {
      const prev = byName.get(name);
      byName.set(name, prev && !prev.includes(message) ? `${prev} ${message}` : message);
    } else {
      items.push({ message: entry.field && entry.field !== '(body)' ? `${entry.field}: ${message}` : message });
    }
  }
  const fieldItems = [];
  for (const [name, message] of byName) {
    const field = fields.find((f) => f.name === name);
    field.setError(message);
    fieldItems.push({
      message,
      target: field.focusTarget(),
      focus: () => field.focus(),
    });
  }
  return [...fieldItems, ...items];
}

/**
 * The server names the offending field with a short technical message; say the same thing
 * in plain Swedish for the field it belongs to. Unknown messages are shown as the server wrote them.
 */
export function swedishMessage(message, spec) {
  const text = String(message || '');
  const label = spec?.label || 'Fältet';
  const lower = label.charAt(0).toLowerCase() + label.slice(1);
  const choose = spec && ['radio', 'select'].includes(spec.kind);
  const many = spec?.kind === 'checkboxes';
  const max = text.match(/(?:more than|equal to|at most|max(?:imum)?(?: length)?(?: of)?)\s+(\d+)/i);
  if (max && /character|long|length/i.test(text)) return `${label} får vara högst ${max[1]} tecken.`;
  if (/must not be empty|should not be empty|is required|must be a string|must be longer than or equal to 1|must NOT have fewer than 1/i.test(text)) {
    if (many) return `Välj minst ett alternativ under ${lower}.`;
    if (choose) return `Välj ${lower}.`;
    return `${label} måste fyllas i. Det räcker inte med mellanslag.`;
  }
  if (/contain at least 1|fewer than 1 items|must be an array/i.test(text)) return `Välj minst ett alternativ under ${lower}.`;
  if (/is not allowed here/i.test(text)) return `${label} ska inte anges här. Töm fältet eller ändra valet ovan.`;
  if (/valid date|must be a date|YYYY-MM-DD/i.test(text)) return 'Ange ett giltigt datum (ÅÅÅÅ-MM-DD).';
  if (/must be an e-?mail/i.test(text)) return 'Ange en giltig e-postadress, till exempel fornamn.efternamn@vgregion.se.';
  if (/valid uri|valid url|must be a URL/i.test(text)) return 'Ange en fullständig webbadress som börjar med https://.';
  if (/must be one of|must be equal to one of/i.test(text)) return `Välj ett av alternativen för ${lower}.`;
  if (/organisation ids|unknown/i.test(text)) return 'Minst en organisation är okänd. Välj bland organisationerna i listan.';
  if (/not a field of this event|should not exist/i.test(text)) return 'Uppgiften hör inte till den här åtgärden.';
  return text ? `Kontrollera ${lower}: ${text}` : `Kontrollera ${lower}.`;
}
