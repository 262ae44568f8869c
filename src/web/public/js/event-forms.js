/**
 * One form per event the server allows now, generated from the workflow definition's
 * JSON Schema payloads. The server validates and decides; the form only collects input
 * and shows the server's answer at the right field.
 */
import { h, clear } from './dom.js';
import { createField, createErrorSummary, showFieldErrors } from './fields.js';
import { sendJson, describeError, ApiError } from './api.js';
import { enumLabel, formatDate } from './format.js';
import { stateLabel } from './reference-data.js';

const FALLBACK_LABELS = {
  comment: 'Kommentar',
  text: 'Text',
  outcome: 'Beslut',
  rationale: 'Motivering',
  meetingReference: 'Mötesreferens',
  conditions: 'Villkor',
  audience: 'Målgrupp',
  channel: 'Kanal',
  plannedAt: 'Planerat datum',
  actionId: 'Kommunikationsåtgärd',
  link: 'Länk',
  name: 'Namn',
  title: 'Titel',
  reason: 'Skäl',
};

const EVENT_INTROS = {
  SUBMIT: 'Lämnar in ändringsbegäran formellt till VGR. Den får ett diarienummer, och tiden då VGR tar emot den registreras som mottagen.',
  ACKNOWLEDGE: 'Bekräftar att ändringsbegäran har tagits emot och öppnar dialogen.',
  REQUEST_INFO: 'Ber den begärande parten om kompletterande uppgifter.',
  PROVIDE_INFO: 'Svarar på VGR:s begäran om komplettering.',
  RECORD_IMPACT: 'Registrerar VGR:s konsekvensbedömning. Den krävs innan programstyrgruppen kan besluta.',
  DECIDE: 'Programstyrgruppens beslut vid ett pågående sammanträde där ärendet står på föredragningslistan och gruppen är beslutsför. Motivering krävs. Villkor anges bara när beslutet är godkänt med villkor.',
  PLAN_COMMUNICATION: 'Lägger till en kommunikationsåtgärd i kommunikationsplanen.',
  RECORD_COMMUNICATION: 'Markerar en planerad kommunikationsåtgärd som genomförd.',
  ADD_SPOKESPERSON: 'Lägger till en talesperson för VGR.',
  RECORD_ORGANISATION_COMMENT: 'Verksamhetens kommentar, som visas i rapporten.',
  WRITE_REPORT_NARRATIVE:
    'Det som den extrainsatta rapporten säger under Kända omständigheter, skrivet för politisk ledning, chefer och intranätet. Utkastet bygger på dialogen; redigera bort anteckningar som inte hör hemma i rapporten. Dialogen själv kommer inte med i rapporten.',
  COMPLETE_COMMUNICATION: 'Markerar att all kommunikation är genomförd. Ändringsbegäran avslutas.',
  WITHDRAW: 'Återkallar ändringsbegäran. Det går inte att ångra.',
};

/**
 * What a form starts with when nothing was typed yet: the report's situation starts from what
 * was written before, else from the dialogue's own words (without times and names), to edit.
 */
const PREFILL = {
  WRITE_REPORT_NARRATIVE: (request) => ({
    text:
      request.reportNarrative?.text ??
      (request.thread || [])
        .map((entry) => String(entry.text || '').trim())
        .filter(Boolean)
        .join('\n\n'),
  }),
};

/** Typed text survives a reload of the request (e.g. after a 409). */
const drafts = new Map();

/** Text typed into forms of this request that the user may no longer send: [{ type, values }]. */
export function orphanDrafts(requestId, allowed) {
  const out = [];
  for (const [key, values] of drafts) {
    const [id, type] = key.split(':');
    if (id === requestId && !allowed.includes(type)) out.push({ type, values });
  }
  return out;
}

export function discardDrafts(requestId) {
  for (const key of [...drafts.keys()]) if (key.startsWith(`${requestId}:`)) drafts.delete(key);
}

function types(prop) {
  return [].concat(prop?.type || 'string').filter((t) => t !== 'null');
}

function enumOf(prop) {
  if (Array.isArray(prop.enum)) return prop.enum.filter((v) => v !== null);
  const alts = prop.oneOf || prop.anyOf;
  if (Array.isArray(alts) && alts.every((a) => 'const' in a)) return alts.map((a) => a.const);
  return null;
}

function enumLabels(prop) {
  const labels = { ...(prop['x-enumLabels'] || {}) };
  for (const alt of prop.oneOf || prop.anyOf || []) {
    if ('const' in alt && alt.title) labels[alt.const] = alt.title;
  }
  return labels;
}

/** Rules "field F is shown only when field X has one of these values", from if/then in the schema. */
function conditionalRules(schema, propertyNames) {
  const rules = new Map();
  const candidates = [schema, ...(Array.isArray(schema.allOf) ? schema.allOf : [])];
  for (const c of candidates) {
    const cond = c.if?.properties;
    const then = c.then?.required;
    if (!cond || !Array.isArray(then)) continue;
    for (const [x, test] of Object.entries(cond)) {
      const values = 'const' in test ? [test.const] : Array.isArray(test.enum) ? test.enum : null;
      if (!values) continue;
      for (const f of then) if (!rules.has(f)) rules.set(f, { field: x, values });
    }
  }
  if (propertyNames.includes('conditions') && propertyNames.includes('outcome') && !rules.has('conditions')) {
    rules.set('conditions', { field: 'outcome', values: ['approved_with_conditions'] });
  }
  return rules;
}

function fieldSpec(formId, name, prop, required, request) {
  const label = prop.title || FALLBACK_LABELS[name] || name;
  const hints = [];
  if (prop.description) hints.push(prop.description);
  const spec = { id: `${formId}-${name}`, name, label, required };
  const t = types(prop);
  const values = enumOf(prop);
  if (name === 'meetingId') {
    // The meetings whose agenda holds the request and that are under way: a decision is taken at one.
    const open = (request.meetings || []).filter((m) => m.state === 'opened');
    spec.kind = 'select';
    spec.required = true;
    spec.placeholder = open.length ? '– Välj sammanträde –' : '– Inget pågående sammanträde med ärendet –';
    spec.options = open.map((m) => ({ value: m.id, label: m.reference }));
    if (open.length === 1) spec.value = open[0].id;
  } else if (t.includes('object')) {
    spec.kind = 'group';
  } else if (name === 'actionId') {
    const open = (request.communicationActions || []).filter((a) => !a.doneAt && !a.cancelled);
    spec.kind = 'select';
    spec.required = true;
    spec.placeholder = open.length ? '– Välj åtgärd –' : '– Inga öppna åtgärder –';
    spec.options = open.map((a) => ({
      value: a.id,
      label: `${enumLabel(a.audience)}: ${a.channel}${a.plannedAt ? ` (planerad ${formatDate(a.plannedAt)})` : ''}`,
    }));
  } else if (values) {
    const labels = enumLabels(prop);
    spec.options = values.map((v) => ({ value: String(v), label: enumLabel(v, labels) }));
    spec.kind = values.length <= 5 ? 'radio' : 'select';
  } else if (t.includes('boolean')) {
    spec.kind = 'checkbox';
  } else if (t.includes('integer') || t.includes('number')) {
    spec.kind = 'number';
  } else if (prop.format === 'date') {
    spec.kind = 'date';
  } else if (prop.format === 'date-time') {
    spec.kind = 'datetime';
  } else if (prop.format === 'uri' || prop.format === 'url') {
    spec.kind = 'url';
    hints.push('Hela adressen, t.ex. https://www.vgregion.se/…');
  } else if (!prop.maxLength || prop.maxLength > 200) {
    spec.kind = 'textarea';
  } else {
    spec.kind = 'text';
  }
  if (prop.maxLength && spec.kind !== 'select' && spec.kind !== 'radio') {
    spec.maxLength = prop.maxLength;
    hints.push(`Högst ${prop.maxLength.toLocaleString('sv-SE')} tecken.`);
  }
  if (hints.length) spec.hint = hints.join(' ');
  return spec;
}

/** A field's value as the confirmation step shows it. */
function displayValue(field, value) {
  if (field.spec.options) return field.spec.options.find((o) => o.value === String(value))?.label ?? value;
  if (value && typeof value === 'object') return Object.entries(value).map(([k, v]) => `${v} ${(field.spec.labels || {})[k] || k}`).join(', ');
  return value;
}

/**
 * An object of whole numbers (the votes: för, emot, avstår) as one fieldset of number fields.
 * Left empty it is not sent; partly filled, the empty ones count as 0.
 */
function createNumberGroup(spec, prop) {
  const parts = Object.entries(prop.properties || {}).map(([name, sub]) =>
    createField({ id: `${spec.id}-${name}`, name: `${spec.name}.${name}`, label: sub.title || name, kind: 'number', required: false }),
  );
  const error = h('p', { class: 'field-error', id: `${spec.id}-error`, hidden: true });
  const legend = h('legend', { class: 'label' }, spec.label, spec.required ? null : h('span', { class: 'optional' }, ' (valfritt)'));
  const hint = spec.hint ? h('p', { class: 'hint', id: `${spec.id}-hint` }, spec.hint) : null;
  const element = h('fieldset', { class: 'field number-group', id: spec.id, 'data-field': spec.name }, legend, hint, error, h('div', { class: 'number-group-fields' }, ...parts.map((p) => p.element)));
  const keys = Object.keys(prop.properties || {});
  spec.labels = Object.fromEntries(keys.map((k) => [k, String(prop.properties[k].title || k).toLowerCase()]));
  return {
    name: spec.name,
    spec,
    element,
    getValue() {
      const values = parts.map((p) => p.getValue());
      if (values.every((v) => v === '')) return '';
      return Object.fromEntries(keys.map((k, i) => [k, values[i] === '' ? 0 : Number(values[i])]));
    },
    setValue(value) {
      keys.forEach((k, i) => parts[i].setValue(value && value[k] !== undefined ? String(value[k]) : ''));
    },
    setError(message) {
      clear(error).append(h('span', { class: 'visually-hidden' }, 'Fel: '), message);
      error.hidden = false;
      element.classList.add('has-error');
    },
    clearError() {
      clear(error);
      error.hidden = true;
      element.classList.remove('has-error');
    },
    focusTarget: () => parts[0]?.focusTarget(),
    focus: () => parts[0]?.focus(),
    setVisible(visible) {
      element.hidden = !visible;
    },
    isVisible: () => !element.hidden,
    onChange(handler) {
      for (const p of parts) p.onChange(handler);
    },
  };
}

function payloadValue(field, prop) {
  if (field.spec.kind === 'group') {
    const value = field.getValue();
    return value === '' ? undefined : value;
  }
  const value = field.getValue();
  if (field.spec.kind === 'number') return value === '' ? undefined : Number(value);
  if (field.spec.kind === 'checkbox') return value;
  if (field.spec.kind === 'datetime') {
    if (!value) return undefined;
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? value : d.toISOString();
  }
  if (value === '' || value === null) {
    // Send a required text as typed (empty) so the server names the field; omit optional ones.
    return field.spec.required && types(prop).includes('string') && !enumOf(prop) ? '' : undefined;
  }
  return value;
}

/**
 * Events that cannot be undone: sending one first shows what will be registered and asks for a
 * confirmation.
 */
const IRREVERSIBLE = {
  DECIDE: 'Ett registrerat beslut kan inte ändras eller tas tillbaka. Kontrollera sammanträde, beslut, motivering och omröstning.',
  WITHDRAW: 'En återkallad ändringsbegäran kan inte öppnas igen.',
};

/** The events that pick one open communication action. */
const ACTION_EVENTS = ['RECORD_COMMUNICATION', 'RESCHEDULE_COMMUNICATION', 'CANCEL_COMMUNICATION'];

/**
 * Builds the form for one event.
 * ctx: { request, definition, onDone(updated, type), onReload() }
 */
export function buildEventForm(type, ctx) {
  const { request, definition } = ctx;
  const eventDef = definition.events?.[type] || { label: type, payload: {} };
  const schema = eventDef.payload || {};
  const properties = schema.properties || {};
  const required = new Set(schema.required || []);
  const formId = `handelse-${type.toLowerCase().replace(/_/g, '-')}`;
  const headingId = `${formId}-rubrik`;
  const names = Object.keys(properties).filter((n) => n !== 'type' && n !== 'expectedVersion');
  const rules = conditionalRules(schema, names);
  const fields = names.map((name) => {
    const isRequired = required.has(name) || rules.has(name);
    const spec = fieldSpec(formId, name, properties[name], isRequired, request);
    return spec.kind === 'group' ? createNumberGroup(spec, properties[name]) : createField(spec);
  });

  const summary = createErrorSummary(`${formId}-fel`);
  const button = h('button', { type: 'submit', class: ['button', type === 'WITHDRAW' && 'button-danger'] }, eventDef.label || type);
  const form = h('form', { id: formId, class: 'event-form', novalidate: true, 'aria-labelledby': headingId });
  form.append(summary.element);
  const intro = EVENT_INTROS[type] || null;
  if (intro) form.append(h('p', { class: 'event-intro' }, intro));
  for (const f of fields) form.append(f.element);
  if (ACTION_EVENTS.includes(type) && !(request.communicationActions || []).some((a) => !a.doneAt && !a.cancelled)) {
    form.append(h('p', { class: 'hint' }, 'Det finns inga öppna kommunikationsåtgärder. Genomförda och inställda åtgärder kan inte ändras.'));
  }
  form.append(h('div', { class: 'form-actions' }, button));

  const applyRules = () => {
    for (const [name, rule] of rules) {
      const target = fields.find((f) => f.name === name);
      const source = fields.find((f) => f.name === rule.field);
      if (!target || !source) continue;
      target.setVisible(rule.values.map(String).includes(String(source.getValue())));
    }
  };
  for (const [, rule] of rules) fields.find((f) => f.name === rule.field)?.onChange(applyRules);

  const draftKey = `${request.id}:${type}`;
  const saved = drafts.get(draftKey) ?? PREFILL[type]?.(request);
  if (saved) for (const f of fields) if (saved[f.name] !== undefined) f.setValue(saved[f.name]);
  applyRules();

  let busy = false;
  let confirmed = false;
  let confirmation = null;
  const dropConfirmation = () => {
    confirmation?.remove();
    confirmation = null;
  };
  for (const f of fields) f.onChange(dropConfirmation);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return;
    summary.hide();
    for (const f of fields) f.clearError();
    const payload = {};
    const values = {};
    for (const f of fields) {
      values[f.name] = f.getValue();
      if (!f.isVisible()) continue;
      const v = payloadValue(f, properties[f.name]);
      if (v !== undefined) payload[f.name] = v;
    }
    drafts.set(draftKey, values);
    if (IRREVERSIBLE[type] && !confirmed) {
      askToConfirm(fields.filter((f) => f.isVisible()), values);
      return;
    }
    confirmed = false;
    dropConfirmation();
    busy = true;
    button.disabled = true;
    form.setAttribute('aria-busy', 'true');
    try {
      const updated = await sendJson(`/api/change-requests/${encodeURIComponent(request.id)}/events`, {
        type,
        ...payload,
        expectedVersion: request.version,
      });
      drafts.delete(draftKey);
      ctx.onDone(updated, type);
    } catch (err) {
      showError(err);
    } finally {
      busy = false;
      button.disabled = false;
      form.removeAttribute('aria-busy');
    }
  });

  /** What will be registered, and a second, explicit step to register it. */
  function askToConfirm(visible, values) {
    dropConfirmation();
    const headingText = `Bekräfta: ${eventDef.label || type}`;
    const id = `${formId}-bekrafta`;
    const shown = visible
      .filter((f) => values[f.name] !== '' && values[f.name] !== undefined && values[f.name] !== false)
      .map((f) => [f.spec.label, displayValue(f, values[f.name])]);
    const yes = h('button', { type: 'button', class: ['button', type === 'WITHDRAW' && 'button-danger'], 'data-confirm': 'yes' }, `Ja, ${(eventDef.label || type).toLowerCase()}`);
    const back = h('button', { type: 'button', class: 'button button-secondary' }, 'Tillbaka till formuläret');
    confirmation = h(
      'div',
      { class: 'confirmation', role: 'group', 'aria-labelledby': id },
      h('h4', { id, tabindex: '-1' }, headingText),
      h('p', {}, IRREVERSIBLE[type]),
      h('dl', { class: 'confirmation-values' }, ...shown.map(([label, value]) => h('div', {}, h('dt', {}, label), h('dd', {}, String(value))))),
      h('div', { class: 'form-actions' }, yes, back),
    );
    yes.addEventListener('click', () => {
      confirmed = true;
      form.requestSubmit();
    });
    back.addEventListener('click', () => {
      dropConfirmation();
      button.focus();
    });
    form.append(confirmation);
    confirmation.querySelector('h4').focus();
  }

  function showError(err) {
    if (err instanceof ApiError && err.status === 400) {
      const items = showFieldErrors(fields, err.body);
      const extra = items.length ? null : serverSays(err);
      summary.show(describeError(err, 'event'), items, extra);
    } else if (err instanceof ApiError && err.status === 409) {
      const extra = h('div', { class: 'conflict' });
      const now = err.body?.state ? stateLabel(definition, err.body.state) : '';
      if (now) extra.append(h('p', {}, `Ändringsbegäran är nu i läget ”${now}”.`));
      const allowed = Array.isArray(err.body?.allowedEvents) ? err.body.allowedEvents : null;
      if (allowed) {
        extra.append(
          h(
            'p',
            {},
            allowed.length
              ? `Det du kan göra nu: ${allowed.map((e) => definition.events?.[e]?.label || e).join(', ')}.`
              : 'Du kan inte göra något mer med den just nu.',
          ),
        );
      }
      extra.append(
        h('p', {}, 'Ladda om ändringsbegäran för att se vad som har ändrats. Texten du skrev sparas i formuläret om det fortfarande finns kvar.'),
        h('button', { type: 'button', class: 'button button-secondary', onclick: () => ctx.onReload() }, 'Ladda om ändringsbegäran'),
      );
      const title =
        err.body?.code === 'PRECONDITION_FAILED'
          ? `Åtgärden kunde inte registreras. ${preconditionText(err.body?.message)}`
          : 'Någon annan hann före. Ändringsbegäran har ändrats sedan du öppnade den, så din åtgärd har inte registrerats.';
      summary.show(title, [], extra);
    } else if (err instanceof ApiError && err.status === 403) {
      const reason = preconditionText(err.body?.message, '');
      summary.show(describeError(err, 'event'), [], reason ? h('p', {}, reason) : null);
    } else {
      summary.show(describeError(err, 'event'), [], serverSays(err));
    }
  }

  const section = h(
    'section',
    { class: 'event', 'data-event': type, 'aria-labelledby': headingId },
    h('h3', { id: headingId }, eventDef.label || type),
    form,
  );
  return section;
}

/** The workflow's guard messages, in Swedish. */
function preconditionText(message, fallback = 'Villkoren för åtgärden är inte uppfyllda just nu.') {
  const m = String(message || '');
  if (/impact assessment/i.test(m)) return 'En konsekvensbedömning måste registreras innan programstyrgruppen kan besluta.';
  if (/submitted .*may not decide/i.test(m)) return 'Den som lämnade in ändringsbegäran får inte besluta om den.';
  if (/not a requesting organisation/i.test(m)) return 'Din organisation är inte begärande part i ändringsbegäran.';
  if (/still open/i.test(m)) return 'Alla planerade kommunikationsåtgärder måste vara genomförda eller inställda först.';
  if (/communication action/i.test(m)) return 'Kommunikationsåtgärden är redan genomförd eller inställd, eller finns inte.';
  return fallback;
}

function serverSays(err) {
  const msg = err instanceof ApiError ? err.body?.message : null;
  const text = Array.isArray(msg) ? msg.join(' ') : msg;
  return text ? h('p', { class: 'server-message' }, `Serverns besked: ${text}`) : null;
}
