/** One entry of the decision history, exactly the fields that are hashed (plus the hash itself). */
export interface AuditEntry {
  seq: number;
  /** ISO 8601 UTC timestamp with milliseconds. */
  at: string;
  changeRequestId: string;
  reference: string | null;
  eventType: string;
  payload: Record<string, unknown>;
  actorId: string;
  actorName: string;
  actorOrganisation: string;
  actorRole: string;
  /** Full XState state value before the event, JSON-encoded ("null" when the request is created). */
  stateBefore: string | null;
  stateAfter: string;
  prevHash: string;
  hash: string;
}

/** Every field of an entry, in the documented order of the exports (the hash last). */
export const AUDIT_ENTRY_FIELDS = [
  'seq',
  'at',
  'changeRequestId',
  'reference',
  'eventType',
  'payload',
  'actorId',
  'actorName',
  'actorOrganisation',
  'actorRole',
  'stateBefore',
  'stateAfter',
  'prevHash',
  'hash',
] as const satisfies readonly (keyof AuditEntry)[];

/** The hash of the (virtual) entry before the first one. */
export const GENESIS_HASH = '0'.repeat(64);

export type VerifyResult =
  | { ok: true; entries: number; head: string }
  | {
      ok: false;
      entries: number;
      head: string;
      failure: { seq: number; reason: 'hash_mismatch' | 'broken_link' | 'gap'; message: string };
    };
