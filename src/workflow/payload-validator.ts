import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import type { PayloadError } from './workflow.types';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCalendarDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return date.getUTCFullYear() === +m[1] && date.getUTCMonth() === +m[2] - 1 && date.getUTCDate() === +m[3];
}

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/** An RFC 3339 date-time with a time zone (Z or an offset), on a real calendar date. */
export function isDateTime(value: string): boolean {
  const m = DATE_TIME.exec(value);
  return m !== null && isCalendarDate(m[1]) && !Number.isNaN(Date.parse(value));
}

function isWebLink(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** Ajv set up for workflow payload schemas: strict, all errors, our formats, Swedish UI keywords. */
export function createPayloadAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, verbose: true, allowUnionTypes: true });
  ajv.addKeyword({ keyword: 'x-enumLabels', schemaType: 'object' });
  // Checked against the event's time by notInFutureErrors (Ajv has no clock).
  ajv.addKeyword({ keyword: NOT_IN_FUTURE, schemaType: 'boolean' });
  ajv.addKeyword({ keyword: NOT_IN_PAST, schemaType: 'boolean' });
  ajv.addFormat('date', { type: 'string', validate: isCalendarDate });
  ajv.addFormat('date-time', { type: 'string', validate: isDateTime });
  ajv.addFormat('uri', { type: 'string', validate: isWebLink });
  return ajv;
}

function fieldOf(error: ErrorObject): string {
  const base = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const join = (name: string) => (base ? `${base}.${name}` : name);
  if (error.keyword === 'required') return join(String(error.params.missingProperty));
  if (error.keyword === 'additionalProperties') return join(String(error.params.additionalProperty));
  if (error.keyword === 'not') {
    const schema = error.schema as { required?: string[] } | undefined;
    if (schema?.required?.length === 1) return join(schema.required[0]);
  }
  return base || '(body)';
}

function messageOf(error: ErrorObject): string {
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a field of this event';
    case 'not':
      return 'is not allowed here';
    case 'pattern':
      return error.params.pattern === '\\S' ? 'must not be empty' : 'has the wrong format';
    case 'format':
      return `must be a valid ${String(error.params.format)}`;
    case 'enum':
      return `must be one of: ${(error.params.allowedValues as unknown[]).join(', ')}`;
    default:
      return error.message ?? 'is invalid';
  }
}

/** A payload property marked `"x-notInFuture": true` (a date or date-time) may not lie after the event. */
export const NOT_IN_FUTURE = 'x-notInFuture';

/** A payload property marked `"x-notInPast": true` (a date or date-time) may not lie before the event. */
export const NOT_IN_PAST = 'x-notInPast';

interface PropertySchema {
  format?: string;
  [NOT_IN_FUTURE]?: boolean;
  [NOT_IN_PAST]?: boolean;
}

/** The top-level properties of a payload schema marked with a boolean keyword. */
function markedFields(schema: { properties?: Record<string, PropertySchema> }, keyword: typeof NOT_IN_FUTURE | typeof NOT_IN_PAST): string[] {
  return Object.entries(schema.properties ?? {})
    .filter(([, property]) => property[keyword] === true)
    .map(([name]) => name);
}

/**
 * Where a date or date-time lies against `now`: a date-time compared as an instant, a date
 * (YYYY-MM-DD) with `today`, the calendar date of `now` where the users are. Negative before.
 */
function sinceNow(value: string, now: { instant: string; today: string }): number {
  return DATE.test(value) ? value.localeCompare(now.today) : Date.parse(value) - Date.parse(now.instant);
}

/** One error per field (of `fields`) whose string value lies on the wrong side of `now`. */
function timeErrors(fields: string[], payload: Record<string, unknown>, wrong: (value: string) => boolean, message: string): PayloadError[] {
  return fields.flatMap((field) => {
    const value = payload[field];
    return typeof value === 'string' && wrong(value) ? [{ field, message }] : [];
  });
}

/** The top-level properties of a payload schema that may not lie in the past. */
export function notInPastFields(schema: { properties?: Record<string, PropertySchema> }): string[] {
  return markedFields(schema, NOT_IN_PAST);
}

/** One error per field (of `fields`) whose value lies before `now` (a date before today). */
export function notInPastErrors(fields: string[], payload: Record<string, unknown>, now: { instant: string; today: string }): PayloadError[] {
  return timeErrors(fields, payload, (value) => sinceNow(value, now) < 0, 'must not be in the past');
}

/** The top-level properties of a payload schema that may not lie in the future. */
export function notInFutureFields(schema: { properties?: Record<string, PropertySchema> }): string[] {
  return markedFields(schema, NOT_IN_FUTURE);
}

/** One error per field (of `fields`) whose value lies after `now` (a date after today). */
export function notInFutureErrors(fields: string[], payload: Record<string, unknown>, now: { instant: string; today: string }): PayloadError[] {
  return timeErrors(fields, payload, (value) => sinceNow(value, now) > 0, 'must not be in the future');
}

/** Turns Ajv's errors into one message per offending field (the "if" keyword's echo is dropped). */
export function toPayloadErrors(validate: ValidateFunction, payload: unknown): PayloadError[] {
  if (validate(payload)) return [];
  const errors = new Map<string, string>();
  for (const error of validate.errors ?? []) {
    if (error.keyword === 'if') continue;
    const field = fieldOf(error);
    if (!errors.has(field)) errors.set(field, messageOf(error));
  }
  return [...errors].map(([field, message]) => ({ field, message }));
}
