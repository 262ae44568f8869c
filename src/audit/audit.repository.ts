import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLogEntity } from './audit-log.entity';
import { AuditEntry, GENESIS_HASH } from './audit.types';
import { canonicalJson } from './canonical-json';

/** Any number that both PostgreSQL sessions agree on; it names the chain head lock. */
const CHAIN_LOCK_KEY = 727_27_1;

export function toAuditEntry(row: AuditLogEntity): AuditEntry {
  return {
    seq: Number(row.seq),
    at: row.at,
    changeRequestId: row.changeRequestId,
    reference: row.reference,
    eventType: row.eventType,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
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

@Injectable()
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Locks the chain head for the rest of the caller's transaction (PostgreSQL; SQLite has a single
   * writer) and returns it, so concurrent appends from several app instances form one chain.
   */
  async lockHead(manager: EntityManager): Promise<{ seq: number; hash: string }> {
    if (manager.connection.options.type === 'postgres') {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK_KEY]);
    }
    const head = await manager
      .createQueryBuilder(AuditLogEntity, 'a')
      .select(['a.seq', 'a.hash'])
      .orderBy('a.seq', 'DESC')
      .limit(1)
      .getOne();
    return head ? { seq: Number(head.seq), hash: head.hash } : { seq: 0, hash: GENESIS_HASH };
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

  async head(manager: EntityManager = this.dataSource.manager): Promise<{ entries: number; head: string }> {
    const head = await manager
      .createQueryBuilder(AuditLogEntity, 'a')
      .select(['a.seq', 'a.hash'])
      .orderBy('a.seq', 'DESC')
      .limit(1)
      .getOne();
    return head ? { entries: Number(head.seq), head: head.hash } : { entries: 0, head: GENESIS_HASH };
  }

  /** The whole log in seq order, read in batches by key so memory stays flat. */
  async *stream(batchSize = 1000): AsyncGenerator<AuditEntry> {
    let after = 0;
    for (;;) {
      const rows = await this.dataSource.manager
        .createQueryBuilder(AuditLogEntity, 'a')
        .where('a.seq > :after', { after })
        .orderBy('a.seq', 'ASC')
        .limit(batchSize)
        .getMany();
      for (const row of rows) yield toAuditEntry(row);
      if (rows.length < batchSize) return;
      after = Number(rows[rows.length - 1].seq);
    }
  }
}
