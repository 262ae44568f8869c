import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { TransactionRunner } from '../database/transaction-runner';
import { AuditLogEntity } from './audit-log.entity';
import { AUDIT_ENTRY_FIELDS, AuditEntry, GENESIS_HASH } from './audit.types';
import { canonicalJson } from './canonical-json';

/** Any number that both PostgreSQL sessions agree on; it names the chain head lock. */
const CHAIN_LOCK_KEY = 727_27_1;

/**
 * The stored row as an entry. A payload that is not JSON any more (edited behind the app's back)
 * is passed on as its raw text, so verification reports that entry as a `hash_mismatch` and an
 * export shows what is stored, instead of the read failing.
 */
export function toAuditEntry(row: AuditLogEntity): AuditEntry {
  return {
    seq: Number(row.seq),
    at: row.at,
    changeRequestId: row.changeRequestId,
    reference: row.reference,
    eventType: row.eventType,
    payload: parsePayload(row.payload),
    actorId: row.actorId,
    actorName: row.actorName,
    actorOrganisation: row.actorOrganisation,
    actorRole: row.actorRole,
    stateBefore: row.stateBefore,
    stateAfter: row.stateAfter,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

function parsePayload(text: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return text as unknown as Record<string, unknown>;
  }
}

export const AUDIT_STREAM_BATCH = 1000;

const STREAM_FIELDS = AUDIT_ENTRY_FIELDS;

@Injectable()
export class AuditRepository {
  constructor(private readonly tx: TransactionRunner) {}

  /**
   * Locks the chain head for the rest of the caller's transaction (PostgreSQL; SQLite has a single
   * writer) and returns it, so concurrent appends from several app instances form one chain.
   */
  async lockHead(manager: EntityManager): Promise<{ seq: number; hash: string }> {
    if (manager.connection.options.type === 'postgres') {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK_KEY]);
    }
    const { entries, head } = await this.head(manager);
    return { seq: entries, hash: head };
  }

  /** Insert-only: never save(), which could turn into an UPDATE. */
  async insert(manager: EntityManager, entry: AuditEntry): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(AuditLogEntity)
      .values({ ...entry, payload: canonicalJson(entry.payload) })
      .execute();
  }

  async forChangeRequest(manager: EntityManager, changeRequestId: string): Promise<AuditEntry[]> {
    const rows = await manager.find(AuditLogEntity, { where: { changeRequestId }, order: { seq: 'ASC' } });
    return rows.map(toAuditEntry);
  }

  async between(manager: EntityManager, from: string, to: string): Promise<AuditEntry[]> {
    const rows = await manager
      .createQueryBuilder(AuditLogEntity, 'a')
      .where('a.at >= :from AND a.at < :to', { from, to })
      .orderBy('a.seq', 'ASC')
      .getMany();
    return rows.map(toAuditEntry);
  }

  /** The newest entry's seq and hash; without a manager, read through the TransactionRunner. */
  async head(manager?: EntityManager): Promise<{ entries: number; head: string }> {
    if (!manager) return this.tx.read((m) => this.head(m));
    const head = await manager
      .createQueryBuilder(AuditLogEntity, 'a')
      .select(['a.seq', 'a.hash'])
      .orderBy('a.seq', 'DESC')
      .limit(1)
      .getOne();
    return head ? { entries: Number(head.seq), head: head.hash } : { entries: 0, head: GENESIS_HASH };
  }

  /**
   * The whole log in seq order, read in batches by key so memory stays flat. Each batch is one
   * `TransactionRunner.read`: on SQLite it queues behind writers on the shared connection and so
   * never sees another request's uncommitted rows; on PostgreSQL it is a consistent snapshot.
   * Entries are only ever appended, so batches read at different moments still form one prefix of
   * the log. The next batch is read while the caller works through the current one.
   */
  async *stream(batchSize = AUDIT_STREAM_BATCH): AsyncGenerator<AuditEntry> {
    let pending: Promise<AuditLogEntity[]> | undefined = this.batchAfter(0, batchSize);
    try {
      while (pending) {
        const rows: AuditLogEntity[] = await pending;
        pending =
          rows.length < batchSize ? undefined : this.batchAfter(Number(rows[rows.length - 1].seq), batchSize);
        for (const row of rows) yield toAuditEntry(row);
      }
    } finally {
      // The caller stopped early: let the read in flight finish first.
      await pending?.catch(() => undefined);
    }
  }

  /** Rows as plain objects keyed like the entity (no entity hydration: the stream reads them all). */
  private batchAfter(after: number, batchSize: number): Promise<AuditLogEntity[]> {
    const batch = this.tx.read((manager) => {
      const query = manager.createQueryBuilder(AuditLogEntity, 'a').select([]);
      for (const field of STREAM_FIELDS) query.addSelect(`a.${field}`, field);
      return query
        .where('a.seq > :after', { after })
        .orderBy('a.seq', 'ASC')
        .limit(batchSize)
        .getRawMany<AuditLogEntity>();
    });
    // Read ahead of the caller: a failure is rethrown when the batch is awaited, and must not
    // count as an unhandled rejection meanwhile.
    batch.catch(() => undefined);
    return batch;
  }
}
