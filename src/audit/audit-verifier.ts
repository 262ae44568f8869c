import { hash as oneShotHash } from 'node:crypto';
import { canonicalEntry, hashEntry, sha256Hex } from './audit-hash';
import { AuditEntry, GENESIS_HASH, VerifyResult } from './audit.types';
import { CanonicalJsonError } from '../common/canonical-json';

export type VerifyFailure = Extract<VerifyResult, { ok: false }>['failure'];

/** {@link ChainVerifier.pushHashed}: the hash did not match; check the full entry. */
export const RECHECK = Symbol('recheck');

/**
 * Checks a decision history entry by entry, in `seq` order, keeping only the previous entry's
 * `seq` and `hash` (constant memory), so a caller can feed it batches from a cursor.
 *
 * Each entry is checked, in this order:
 * 1. `gap`: its `seq` is the previous `seq` + 1 (1 for the first entry). A deleted, inserted,
 *    duplicated or reordered entry fails here, naming the first entry out of place.
 * 2. `broken_link`: its `prevHash` equals the previous entry's `hash` (`GENESIS_HASH` for the
 *    first entry).
 * 3. `hash_mismatch`: its stored `hash` equals `hashEntry` recomputed from its content. Since
 *    migration 1764830000000 an entry is stored as its canonical text, the database deriving the
 *    other columns from it ({@link pushText}, {@link pushHashed}): the stored `hash` must be the
 *    SHA-256 of that text. An entry of a table with columns of its own ({@link push}) is checked
 *    twice: the hash against its text, and the text against {@link canonicalEntry} of its
 *    columns, so editing either the text or a column fails.
 *
 * The first failure is final: later pushes are ignored and return that same failure.
 * `entries` counts the entries that checked out and `head` is the hash of the last of them
 * (`GENESIS_HASH` when none did), both on success and on failure.
 */
export class ChainVerifier {
  private lastSeq: number;
  private lastHash: string;
  private verified = 0;
  private failure: VerifyFailure | null = null;

  /**
   * Starts after the entry `after` (the genesis by default). A verifier for a slice of the log
   * starts after the slice's first entry's predecessor, as that entry names it (`seq - 1`,
   * `prevHash`): the slice's own links and content are checked, and whoever joins the slices
   * checks that first link ({@link link}).
   */
  constructor(after: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH }) {
    this.lastSeq = after.seq;
    this.lastHash = after.hash;
  }

  /**
   * Checks the next entry; returns the failure if the chain is (or already was) broken.
   * `canonical` is the canonical text stored with the entry, if it was (null: rebuilt).
   */
  push(entry: AuditEntry, canonical: string | null = null): VerifyFailure | null {
    if (this.failure) return this.failure;
    const found = this.link(entry.seq, entry.prevHash) ?? this.content(entry, canonical);
    if (found) {
      this.failure = found;
      return found;
    }
    this.accept(entry.seq, entry.hash);
    return null;
  }

  /**
   * The fast path for an entry whose columns the database already found to agree with `text`
   * (the canonical text it hashes): checks the links and that `hash` is the SHA-256 of `text`.
   * Returns `RECHECK` when the hash does not match: then {@link push} the full entry, which
   * names the failure (or finds none: the database's agreement check is strict, never lax).
   */
  pushHashed(seq: number, prevHash: string, hash: string, text: string | Uint8Array): VerifyFailure | typeof RECHECK | null {
    if (this.failure) return this.failure;
    const found = this.link(seq, prevHash);
    if (found) {
      this.failure = found;
      return found;
    }
    if (oneShotHash('sha256', text, 'hex') !== hash) return RECHECK;
    this.accept(seq, hash);
    return null;
  }

  /**
   * Checks an entry from its stored text alone (the columns being derived from it): `seq` and
   * `hash` as stored, `text` the canonical text. Names the failure as {@link push} does: a text
   * that is not the canonical form of its content (or names another seq) is a `hash_mismatch`.
   */
  pushText(seq: number, hash: string, text: string): VerifyFailure | null {
    if (this.failure) return this.failure;
    const content = entryOfText(seq, hash, text);
    const found =
      this.link(seq, typeof content === 'string' ? this.lastHash : content.prevHash) ?? this.textContent(seq, hash, text, content);
    if (found) {
      this.failure = found;
      return found;
    }
    this.accept(seq, hash);
    return null;
  }

  /**
   * Checks only that an entry follows on (no `gap`, no `broken_link`), recording the failure if
   * not; used to join slices verified on their own.
   */
  follows(seq: number, prevHash: string): VerifyFailure | null {
    if (this.failure) return this.failure;
    this.failure = this.link(seq, prevHash);
    return this.failure;
  }

  /** Takes over a slice's outcome once its first entry {@link follows}. */
  absorb(slice: { entries: number; head: string; lastSeq: number; failure: VerifyFailure | null }): void {
    if (this.failure) return;
    this.verified += slice.entries;
    this.lastSeq = slice.lastSeq;
    this.lastHash = slice.head;
    this.failure = slice.failure;
  }

  /** The last entry that checked out (`seq` 0 and `GENESIS_HASH`, or the start, when none). */
  get last(): { seq: number; hash: string } {
    return { seq: this.lastSeq, hash: this.lastHash };
  }

  private accept(seq: number, hash: string): void {
    this.lastSeq = seq;
    this.lastHash = hash;
    this.verified++;
  }

  result(): VerifyResult {
    if (this.failure) {
      return { ok: false, entries: this.verified, head: this.lastHash, failure: this.failure };
    }
    return { ok: true, entries: this.verified, head: this.lastHash };
  }

  private link(seq: number, prevHash: string): VerifyFailure | null {
    const expectedSeq = this.lastSeq + 1;
    if (seq !== expectedSeq) {
      const after = this.lastSeq === 0 ? 'at the start of the log' : `after entry ${this.lastSeq}`;
      return {
        seq,
        reason: 'gap',
        message: `entry ${seq}: expected entry ${expectedSeq} ${after}; entries are missing or out of order`,
      };
    }
    if (prevHash !== this.lastHash) {
      const previous = this.lastSeq === 0 ? 'the genesis hash' : `the hash of entry ${this.lastSeq}`;
      return {
        seq,
        reason: 'broken_link',
        message: `entry ${seq}: previous hash does not match ${previous}`,
      };
    }
    return null;
  }

  private textContent(seq: number, hash: string, text: string, content: AuditEntry | string): VerifyFailure | null {
    const mismatch = (detail: string): VerifyFailure => ({ seq, reason: 'hash_mismatch', message: `entry ${seq}: ${detail}` });
    if (sha256Hex(text) !== hash) return mismatch('stored hash does not match its canonical text');
    if (typeof content === 'string') return mismatch(content);
    let rebuilt: string;
    try {
      rebuilt = canonicalEntry(content);
    } catch (error) {
      if (!(error instanceof CanonicalJsonError)) throw error;
      return mismatch(`content cannot be hashed (${error.message})`);
    }
    if (rebuilt !== text) return mismatch('its stored text is not the canonical text of its content and seq');
    return null;
  }

  private content(entry: AuditEntry, canonical: string | null): VerifyFailure | null {
    const mismatch = (detail: string): VerifyFailure => ({
      seq: entry.seq,
      reason: 'hash_mismatch',
      message: `entry ${entry.seq}: ${detail}`,
    });
    if (canonical !== null && sha256Hex(canonical) !== entry.hash) {
      return mismatch('stored hash does not match its canonical text');
    }
    let rebuilt: string;
    try {
      rebuilt = canonical === null ? hashEntry(entry) : canonicalEntry(entry);
    } catch (error) {
      if (!(error instanceof CanonicalJsonError)) throw error;
      return mismatch(`content cannot be hashed (${error.message})`);
    }
    if (canonical === null && rebuilt !== entry.hash) return mismatch('stored hash does not match its content');
    if (canonical !== null && rebuilt !== canonical) return mismatch('its columns do not match its canonical text');
    return null;
  }
}

/**
 * The entry a stored text describes (its seq and hash as stored beside it), or why it describes
 * none. Only the hashed fields are taken: a text with any other member is not canonical.
 */
export function entryOfText(seq: number, hash: string, text: string): AuditEntry | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'its stored text is not JSON';
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return 'its stored text is not a JSON object';
  const fields = parsed as Record<string, unknown>;
  if (typeof fields.prevHash !== 'string') return 'its stored text names no previous hash';
  const entry = { ...fields, seq, hash } as unknown as AuditEntry;
  return entry;
}

/**
 * Verifies a whole decision history read in `seq` order (see {@link ChainVerifier}).
 * Stops reading at the first failure; the source's `return()` is called so a cursor is closed.
 */
export async function verifyAuditStream(
  entries: AsyncIterable<AuditEntry> | Iterable<AuditEntry>,
): Promise<VerifyResult> {
  const verifier = new ChainVerifier();
  for await (const entry of entries) {
    if (verifier.push(entry)) break;
  }
  return verifier.result();
}
