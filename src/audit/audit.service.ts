import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { sealEntry, UnsealedAuditEntry } from './audit-hash';
import { verifyAuditStream } from './audit-verifier';
import { AuditRepository } from './audit.repository';
import { AuditEntry, VerifyResult } from './audit.types';

export type NewAuditEntry = Omit<UnsealedAuditEntry, 'seq'>;

@Injectable()
export class AuditService {
  constructor(private readonly audit: AuditRepository) {}

  /**
   * Appends one entry inside the caller's transaction. A failure here propagates and rolls back the
   * state change with it — never catch it.
   */
  async append(manager: EntityManager, entry: NewAuditEntry): Promise<AuditEntry> {
    const head = await this.audit.lockHead(manager);
    const sealed = sealEntry({ ...entry, seq: head.seq + 1 }, head.hash);
    await this.audit.insert(manager, sealed);
    return sealed;
  }

  history(manager: EntityManager, changeRequestId: string): Promise<AuditEntry[]> {
    return this.audit.forChangeRequest(manager, changeRequestId);
  }

  verify(): Promise<VerifyResult> {
    return verifyAuditStream(this.audit.stream());
  }

  head(manager?: EntityManager): Promise<{ entries: number; head: string }> {
    return this.audit.head(manager);
  }

  between(manager: EntityManager, from: string, to: string): Promise<AuditEntry[]> {
    return this.audit.between(manager, from, to);
  }

  stream(): AsyncGenerator<AuditEntry> {
    return this.audit.stream();
  }
}
