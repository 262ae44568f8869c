import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import type { PayloadError } from './workflow.types';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCalendarDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return date.getUTCFullYear() === +m[1] && date.getUTCMonth() === +m[2] - 1 && date.getUTCDate() === +m[3];
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
  ajv.addFormat('date', { type: 'string', validate: isCalendarDate });
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
