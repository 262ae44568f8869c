import { createHash } from 'node:crypto';
import { AUDIT_ENTRY_FIELDS, AuditEntry } from './audit.types';
import { canonicalJson } from './canonical-json';

/** An entry as the workflow produces it, before it is linked into the chain. */
export type UnsealedAuditEntry = Omit<AuditEntry, 'prevHash' | 'hash'>;

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Every field but the hash itself. */
const HASHED_FIELDS = AUDIT_ENTRY_FIELDS.filter(
  (field): field is Exclude<(typeof AUDIT_ENTRY_FIELDS)[number], 'hash'> => field !== 'hash',
);

/**
 * Hash of one decision-history entry.
 *
 * Scheme (version 1):
 *
 *     hash = lowercase hex( SHA-256( UTF-8( JCS( {
 *       seq, at, changeRequestId, reference, eventType, payload,
 *       actorId, actorName, actorOrganisation, actorRole,
 *       stateBefore, stateAfter, prevHash
 *     } ) ) ) )
 *
 * - JCS is the RFC 8785 JSON Canonicalization Scheme (see `canonicalJson`): members sorted by
 *   key in UTF-16 code-unit order, no whitespace, ECMAScript string and number serialisation.
 *   The payload is canonicalised recursively in the same way.
 * - Exactly these thirteen members are hashed; any other property of the argument (the stored
 *   `hash`, a database id) is ignored. `reference` and `stateBefore` are hashed as JSON `null`
 *   when absent, never omitted. `at` is the ISO 8601 UTC string exactly as stored.
 * - `prevHash` is the `hash` of the entry with `seq - 1`; for `seq` 1 it is `GENESIS_HASH`
 *   (64 zeros). Each hash therefore covers the whole history before it, and the newest hash
 *   (the head) attests the complete log.
 *
 * Always hash the values the application wrote, never JSON text read back from the database
 * (PostgreSQL `jsonb` reorders keys and normalises numbers).
 */
export function hashEntry(entry: Omit<AuditEntry, 'hash'>): string {
  const hashed = Object.fromEntries(HASHED_FIELDS.map((field) => [field, entry[field]]));
  return createHash('sha256').update(canonicalJson(hashed), 'utf8').digest('hex');
}

/** Links `unsealed` to the entry whose hash is `prevHash` and computes its own hash. */
export function sealEntry(unsealed: UnsealedAuditEntry, prevHash: string): AuditEntry {
  if (!SHA256_HEX.test(prevHash)) {
    throw new Error(`entry ${unsealed.seq}: prevHash must be 64 lowercase hex characters`);
  }
  const linked = { ...unsealed, prevHash };
  return { ...linked, hash: hashEntry(linked) };
}
