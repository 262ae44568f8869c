/** Who acted for whom: a delegate's entry names the principal here. */
export interface OnBehalfOf {
  id: string;
  name: string;
}

/**
 * One entry of the decision history: exactly the fields that are hashed, plus the hash itself.
 *
 * Scheme 2 (every entry written now) names the entry's subject — `subjectType` "change_request",
 * "meeting", "organisation", "rollout_stage", "user", … and its `subjectId` — and, for a delegate,
 * `onBehalfOf`. `changeRequestId` is the change request the entry concerns, if any. Entries
 * written under scheme 1 have no `subjectType`, `subjectId` or `onBehalfOf` (they were all
 * change-request events); they are read back with those fields absent and verify as written.
 */
export interface AuditEntry {
  seq: number;
  /** ISO 8601 UTC timestamp with milliseconds. */
  at: string;
  subjectType?: string;
  subjectId?: string;
  changeRequestId: string | null;
  reference: string | null;
  eventType: string;
  payload: Record<string, unknown>;
  actorId: string;
  actorName: string;
  actorOrganisation: string;
  actorRole: string;
  onBehalfOf?: OnBehalfOf | null;
  /** Full state value before the event, JSON-encoded (null when the subject is created). */
  stateBefore: string | null;
  stateAfter: string;
  prevHash: string;
  hash: string;
}

/** Scheme 1's hashed fields (and the order of the exports' first columns). */
export const SCHEME_1_FIELDS = [
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
] as const satisfies readonly (keyof AuditEntry)[];

/** Scheme 2's hashed fields: scheme 1's and the subject and delegation. */
export const SCHEME_2_FIELDS = [...SCHEME_1_FIELDS, 'subjectType', 'subjectId', 'onBehalfOf'] as const;

/** Every field of an entry in the order of the exports' columns (the hash last). */
export const AUDIT_ENTRY_FIELDS = [
  'seq',
  'at',
  'subjectType',
  'subjectId',
  'changeRequestId',
  'reference',
  'eventType',
  'payload',
  'actorId',
  'actorName',
  'actorOrganisation',
  'actorRole',
  'onBehalfOf',
  'stateBefore',
  'stateAfter',
  'prevHash',
  'hash',
] as const satisfies readonly (keyof AuditEntry)[];

/** The hash of the (virtual) entry before the first one. */
export const GENESIS_HASH = '0'.repeat(64);

export type VerifyFailureReason = 'hash_mismatch' | 'broken_link' | 'gap';

export type VerifyResult =
  | { ok: true; entries: number; head: string }
  | {
      ok: false;
      entries: number;
      head: string;
      failure: { seq: number; reason: VerifyFailureReason; message: string };
    };
