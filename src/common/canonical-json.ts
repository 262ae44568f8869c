/** Thrown when a value cannot be represented in canonical JSON. `path` points at the offending value. */
export class CanonicalJsonError extends Error {
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`cannot canonicalise ${path}: ${detail}`);
    this.name = 'CanonicalJsonError';
  }
}

/**
 * Serialises `value` as RFC 8785 JSON Canonicalization Scheme (JCS) text.
 *
 * - object members sorted by key, comparing UTF-16 code units; no whitespace;
 * - strings and numbers serialised exactly as ECMAScript `JSON.stringify` does (which is what
 *   JCS prescribes), so `-0` becomes `0` and `1e21` becomes `1e+21`;
 * - object members whose value is `undefined` are omitted, as `JSON.stringify` does.
 *
 * Refused with a {@link CanonicalJsonError} rather than silently changed, because a hash over
 * silently changed data would not match what the caller believes was recorded:
 * `NaN`/`Infinity`, `undefined` at the top level or in an array, `Date` (pass ISO strings),
 * any object that is not a plain object or array (Map, Set, class instances, `toJSON` is not
 * consulted), bigint, symbol, function, cycles, and strings containing lone surrogates
 * (RFC 8785 §3.1 requires I-JSON, which forbids them).
 */
export function canonicalJson(value: unknown): string {
  const parts: string[] = [];
  write(value, '$', parts, new Set<object>());
  return parts.join('');
}

function write(value: unknown, path: string, out: string[], ancestors: Set<object>): void {
  switch (typeof value) {
    case 'string':
      out.push(serialiseString(value, path));
      return;
    case 'number':
      if (!Number.isFinite(value)) {
        throw new CanonicalJsonError(path, `non-finite number ${String(value)}`);
      }
      out.push(JSON.stringify(value));
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'undefined':
      throw new CanonicalJsonError(path, 'undefined is not a JSON value');
    case 'object':
      break;
    default:
      throw new CanonicalJsonError(path, `${typeof value} is not a JSON value`);
  }

  if (value === null) {
    out.push('null');
    return;
  }
  if (ancestors.has(value)) {
    throw new CanonicalJsonError(path, 'circular reference');
  }
  ancestors.add(value);

  if (Array.isArray(value)) {
    out.push('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.push(',');
      write(value[i], `${path}[${i}]`, out, ancestors);
    }
    out.push(']');
  } else {
    if (value instanceof Date) {
      throw new CanonicalJsonError(path, 'Date is not a JSON value; pass an ISO 8601 string');
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      const name = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
      throw new CanonicalJsonError(path, `${name} is not a plain object`);
    }
    const record = value as Record<string, unknown>;
    // Default sort compares UTF-16 code units, which is exactly the JCS order.
    const keys = Object.keys(record).sort();
    out.push('{');
    let first = true;
    for (const key of keys) {
      const member = record[key];
      if (member === undefined) continue;
      if (!first) out.push(',');
      first = false;
      const memberPath = `${path}.${key}`;
      out.push(serialiseString(key, memberPath), ':');
      write(member, memberPath, out, ancestors);
    }
    out.push('}');
  }

  ancestors.delete(value);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function serialiseString(text: string, path: string): string {
  if (LONE_SURROGATE.test(text)) {
    throw new CanonicalJsonError(path, 'string contains a lone surrogate (not valid Unicode)');
  }
  return JSON.stringify(text);
}
