import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/actor';
import type { WriteContext } from '../database/database';
import type { Sql } from '../database/sql';
import { searchable } from '../change-requests/search-text';
import { sealEntry, UnsealedAuditEntry } from './audit-hash';
import { AuditBrowseFilter, AuditRepository, ChainHead } from './audit.repository';
import { AuditEntry } from './audit.types';

/** An entry's fields for who acted, and for whom when a delegate acted. */
export function auditActor(actor: Actor): Pick<NewAuditEntry, 'actorId' | 'actorName' | 'actorOrganisation' | 'actorRole' | 'onBehalfOf'> {
  return {
    actorId: actor.id,
    actorName: actor.name,
    actorOrganisation: actor.organisationId,
    actorRole: actor.role,
    onBehalfOf: actor.onBehalfOf ?? null,
  };
}

/** What a use case appends: everything but the chain's own fields (seq, prevHash, hash). */
export type NewAuditEntry = Omit<UnsealedAuditEntry, 'seq' | 'subjectType' | 'subjectId'> & {
  subjectType: string;
  subjectId: string;
};

/** Most actors one person filter matches (the rest of a too-common name is left out). */
export const MAX_PEOPLE = 100;

/** The chain head as this transaction last wrote it (kept in the unit of work's memo). */
const HEAD = Symbol('audit chain head');

@Injectable()
export class AuditService {
  constructor(private readonly audit: AuditRepository) {}

  /**
   * Appends one entry inside the caller's transaction. A failure here propagates and rolls back the
   * state change with it — never catch it. The head is read (and on PostgreSQL locked) once per
   * transaction; later appends in the same transaction continue from the memo.
   */
  async append(ctx: WriteContext, entry: NewAuditEntry): Promise<AuditEntry> {
    const head = (ctx.memo.get(HEAD) as ChainHead | undefined) ?? (await this.audit.lockHead(ctx.sql));
    const sealed = sealEntry({ ...entry, onBehalfOf: entry.onBehalfOf ?? null, seq: head.seq + 1 }, head.hash);
    this.audit.insert(ctx.sql, sealed);
    ctx.memo.set(HEAD, { seq: sealed.seq, hash: sealed.hash });
    return sealed;
  }

  /** One change request's entries, oldest first, from `afterSeq` on (at most `limit`). */
  history(db: Sql, changeRequestId: string, afterSeq = 0, limit = 500): Promise<AuditEntry[]> {
    return this.audit.forChangeRequest(db, changeRequestId, afterSeq, limit);
  }

  subjectHistory(db: Sql, type: string, id: string, afterSeq = 0, limit = 500): Promise<AuditEntry[]> {
    return this.audit.forSubject(db, type, id, afterSeq, limit);
  }

  browse(db: Sql, filter: AuditBrowseFilter, limit: number): Promise<AuditEntry[]> {
    return this.audit.browse(db, filter, limit);
  }

  /**
   * The actors a person filter names: the user id itself (also of an actor outside the user
   * register, such as the scheduler), and every user whose name contains the text — case and
   * diacritics aside, as the list's text search ("asa" and "ÅSA" find Åsa, "berg" Sofia
   * Bergström). At most {@link MAX_PEOPLE}.
   */
  async actorIdsFor(db: Sql, person: string): Promise<string[]> {
    const wanted = searchable(person);
    const ids = new Set([person.trim()]);
    if (wanted) {
      for (const user of await this.audit.people(db)) {
        if (ids.size >= MAX_PEOPLE) break;
        if (user.id.toLowerCase() === person.trim().toLowerCase() || searchable(user.name).includes(wanted)) ids.add(user.id);
      }
    }
    return [...ids];
  }

  requestIdOf(db: Sql, reference: string): Promise<string | undefined> {
    return this.audit.requestIdOf(db, reference);
  }

  head(db: Sql): Promise<ChainHead> {
    return this.audit.head(db);
  }

  /** The chain as it stood just before `at`: its entry count and the hash of its newest entry. */
  headBefore(db: Sql, at: string): Promise<ChainHead> {
    return this.audit.headBefore(db, at);
  }
}
