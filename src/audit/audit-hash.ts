import { hash as oneShotHash } from 'node:crypto';
import { canonicalJson } from '../common/canonical-json';
import { AuditEntry, SCHEME_1_FIELDS, SCHEME_2_FIELDS } from './audit.types';

/** An entry as a use case produces it, before it is linked into the chain. */
export type UnsealedAuditEntry = Omit<AuditEntry, 'prevHash' | 'hash'>;

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Scheme 2 entries name their subject; scheme 1 entries (the oldest) do not. */
export function hashedFields(entry: Pick<AuditEntry, 'subjectType'>): readonly Exclude<keyof AuditEntry, 'hash'>[] {
  return entry.subjectType === undefined || entry.subjectType === null ? SCHEME_1_FIELDS : SCHEME_2_FIELDS;
}

/**
 * The exact text an entry's hash is computed over: RFC 8785 canonical JSON (members sorted by
 * key in UTF-16 code-unit order, no whitespace, ECMAScript string and number serialisation, the
 * payload canonicalised recursively) of exactly the scheme's hashed fields — anything else on
 * the object (the stored `hash`, a database id) is left out; optional fields are hashed as JSON
 * `null` when absent, never omitted.
 *
 * Scheme 1: seq, at, changeRequestId, reference, eventType, payload, actorId, actorName,
 * actorOrganisation, actorRole, stateBefore, stateAfter, prevHash.
 * Scheme 2: scheme 1's, plus subjectType, subjectId and onBehalfOf.
 *
 * Always hash the values the application wrote, never JSON text read back from the database
 * (PostgreSQL `jsonb` reorders keys and normalises numbers).
 */
export function canonicalEntry(entry: Omit<AuditEntry, 'hash'>): string {
  const fields = hashedFields(entry);
  const hashed: Record<string, unknown> = {};
  for (const field of fields) hashed[field] = entry[field] ?? null;
  return canonicalJson(hashed);
}

/** Lowercase hex SHA-256 of a text's UTF-8 bytes. */
export function sha256Hex(text: string): string {
  return oneShotHash('sha256', text, 'hex');
}

/** The entry's hash: SHA-256 over {@link canonicalEntry}. `prevHash` links it to the entry before. */
export function hashEntry(entry: Omit<AuditEntry, 'hash'>): string {
  return sha256Hex(canonicalEntry(entry));
}

/** Links `unsealed` to the entry whose hash is `prevHash` and computes its own hash. */
export function sealEntry(unsealed: UnsealedAuditEntry, prevHash: string): AuditEntry {
  if (!SHA256_HEX.test(prevHash)) {
    throw new Error(`entry ${unsealed.seq}: prevHash must be 64 lowercase hex characters`);
  }
  const linked = { ...unsealed, prevHash };
  return { ...linked, hash: hashEntry(linked) };
}
