import { hashEntry } from './audit-hash';
import { AuditEntry, GENESIS_HASH, VerifyResult } from './audit.types';
import { CanonicalJsonError } from '../common/canonical-json';

export type VerifyFailure = Extract<VerifyResult, { ok: false }>['failure'];

/**
 * Checks a decision history entry by entry, in `seq` order, keeping only the previous entry's
 * `seq` and `hash` (constant memory), so a caller can feed it batches from a cursor.
 *
 * Each entry is checked, in this order:
 * 1. `gap`: its `seq` is the previous `seq` + 1 (1 for the first entry). A deleted, inserted,
 *    duplicated or reordered entry fails here, naming the first entry out of place.
 * 2. `broken_link`: its `prevHash` equals the previous entry's `hash` (`GENESIS_HASH` for the
 *    first entry).
 * 3. `hash_mismatch`: its stored `hash` equals `hashEntry` recomputed from its content.
 *
 * The first failure is final: later pushes are ignored and return that same failure.
 * `entries` counts the entries that checked out and `head` is the hash of the last of them
 * (`GENESIS_HASH` when none did), both on success and on failure.
 */
export class ChainVerifier {
  private lastSeq = 0;
  private lastHash = GENESIS_HASH;
  private verified = 0;
  private failure: VerifyFailure | null = null;

  /** Checks the next entry; returns the failure if the chain is (or already was) broken. */
  push(entry: AuditEntry): VerifyFailure | null {
    if (this.failure) return this.failure;
    const found = this.check(entry);
    if (found) {
      this.failure = found;
      return found;
    }
    this.lastSeq = entry.seq;
    this.lastHash = entry.hash;
    this.verified++;
    return null;
  }

  result(): VerifyResult {
    if (this.failure) {
      return { ok: false, entries: this.verified, head: this.lastHash, failure: this.failure };
    }
    return { ok: true, entries: this.verified, head: this.lastHash };
  }

  private check(entry: AuditEntry): VerifyFailure | null {
    const expectedSeq = this.lastSeq + 1;
    if (entry.seq !== expectedSeq) {
      const after = this.lastSeq === 0 ? 'at the start of the log' : `after entry ${this.lastSeq}`;
      return {
        seq: entry.seq,
        reason: 'gap',
        message: `entry ${entry.seq}: expected entry ${expectedSeq} ${after}; entries are missing or out of order`,
      };
    }
    if (entry.prevHash !== this.lastHash) {
      const previous =
        this.lastSeq === 0 ? 'the genesis hash' : `the hash of entry ${this.lastSeq}`;
      return {
        seq: entry.seq,
        reason: 'broken_link',
        message: `entry ${entry.seq}: previous hash does not match ${previous}`,
      };
    }
    let recomputed: string;
    try {
      recomputed = hashEntry(entry);
    } catch (error) {
      if (!(error instanceof CanonicalJsonError)) throw error;
      return {
        seq: entry.seq,
        reason: 'hash_mismatch',
        message: `entry ${entry.seq}: content cannot be hashed (${error.message})`,
      };
    }
    if (recomputed !== entry.hash) {
      return {
        seq: entry.seq,
        reason: 'hash_mismatch',
        message: `entry ${entry.seq}: stored hash does not match its content`,
      };
    }
    return null;
  }
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
