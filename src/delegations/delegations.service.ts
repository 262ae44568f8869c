import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditService, auditActor } from '../audit/audit.service';
import { Clock } from '../clock/clock';
import type { Actor } from '../common/actor';
import { DomainError } from '../common/domain-error';
import { isRole } from '../common/roles';
import { Database } from '../database/database';
import type { Sql } from '../database/sql';
import { UsersRepository } from '../users/users.repository';
import { SCOPE_EVENTS, type DelegationScope } from './delegation.types';
import { DelegationsRepository, type DelegationRow } from './delegations.repository';
import type { CreateDelegationDto, DelegationResponse } from './dto/delegation.dto';

const toResponse = (r: DelegationRow): DelegationResponse => ({
  id: r.id,
  from: r.from_user,
  fromName: r.from_name,
  to: r.to_user,
  toName: r.to_name,
  validFrom: r.valid_from,
  validTo: r.valid_to,
  scope: r.scope as DelegationScope,
  createdBy: r.created_by,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});

/**
 * Delegation (SPEC §10): a member lets someone else perform the member's duties for a window of
 * time. Inside the window the delegate acts and every audit entry names the principal in
 * `onBehalfOf`; outside it, or for an event the scope does not cover, 403. A delegation never
 * cascades (a delegate cannot pass it on, and only direct delegations are followed) and never
 * defeats segregation of duties: the guards look at the delegate as well as the principal.
 */
@Injectable()
export class DelegationsService {
  constructor(
    private readonly database: Database,
    private readonly repository: DelegationsRepository,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor, dto: CreateDelegationDto): Promise<DelegationResponse> {
    if (actor.role !== 'admin' && actor.id !== dto.from) {
      throw new DomainError('FORBIDDEN', 'Only an administrator or the delegating member may delegate');
    }
    const from = Date.parse(dto.validFrom);
    const to = Date.parse(dto.validTo);
    if (!(to > from)) {
      throw new DomainError('VALIDATION_FAILED', 'Invalid delegation', { fields: [{ field: 'validTo', message: 'must be after validFrom' }] });
    }
    if (dto.from === dto.to) {
      throw new DomainError('VALIDATION_FAILED', 'Invalid delegation', { fields: [{ field: 'to', message: 'must be someone other than from' }] });
    }
    return this.database.write(async (ctx) => {
      const principal = await this.users.find(ctx.sql, dto.from);
      const delegate = await this.users.find(ctx.sql, dto.to);
      const fields = [
        ...(!principal?.active || principal.role !== 'steering_group' ? [{ field: 'from', message: 'must be an active member of programstyrgruppen' }] : []),
        ...(!delegate?.active || delegate.role === 'admin' || delegate.role === 'auditor' ? [{ field: 'to', message: 'must be an active user who may act in workflows' }] : []),
      ];
      if (fields.length) throw new DomainError('VALIDATION_FAILED', 'Invalid delegation', { fields });
      const row = {
        id: randomUUID(),
        from_user: dto.from,
        to_user: dto.to,
        valid_from: new Date(from).toISOString(),
        valid_to: new Date(to).toISOString(),
        scope: dto.scope,
        created_by: actor.id,
        created_at: this.clock.nowIso(),
      };
      await this.repository.insert(ctx.sql, row);
      await this.audit.append(ctx, {
        at: row.created_at,
        subjectType: 'delegation',
        subjectId: row.id,
        changeRequestId: null,
        reference: null,
        eventType: 'DELEGATION_GRANTED',
        payload: { from: row.from_user, to: row.to_user, validFrom: row.valid_from, validTo: row.valid_to, scope: row.scope },
        ...auditActor(actor),
        stateBefore: null,
        stateAfter: JSON.stringify({ active: true }),
      });
      return toResponse((await this.repository.find(ctx.sql, row.id))!);
    });
  }

  async list(actor: Actor): Promise<{ items: DelegationResponse[] }> {
    const rows = await this.database.read(({ sql }) => this.repository.list(sql, actor.role === 'admin' ? undefined : actor.id));
    return { items: rows.map(toResponse) };
  }

  async revoke(actor: Actor, id: string): Promise<DelegationResponse> {
    return this.database.write(async (ctx) => {
      const row = await this.repository.find(ctx.sql, id);
      if (!row || (actor.role !== 'admin' && actor.id !== row.from_user && actor.id !== row.to_user)) {
        throw new DomainError('NOT_FOUND', 'No such delegation');
      }
      const at = this.clock.nowIso();
      if (await this.repository.revoke(ctx.sql, id, at)) {
        await this.audit.append(ctx, {
          at,
          subjectType: 'delegation',
          subjectId: id,
          changeRequestId: null,
          reference: null,
          eventType: 'DELEGATION_REVOKED',
          payload: {},
          ...auditActor(actor),
          stateBefore: JSON.stringify({ active: true }),
          stateAfter: JSON.stringify({ active: false }),
        });
      }
      return toResponse((await this.repository.find(ctx.sql, id))!);
    });
  }

  /**
   * The actor for an event sent on behalf of `principalId`, inside the event's transaction: the
   * delegate keeps their own id and name (segregation of duties looks at them), takes the
   * principal's role and organisation, and carries `onBehalfOf`. 403 without a delegation whose
   * window holds `at` and whose scope covers the event; a delegate never passes it on.
   */
  async actAs(db: Sql, actor: Actor, principalId: string, eventType: string, at: string): Promise<Actor> {
    if (actor.onBehalfOf) throw new DomainError('FORBIDDEN', 'A delegation cannot be passed on');
    if (principalId === actor.id) return actor;
    const now = Date.parse(at);
    const rows = await this.repository.between(db, actor.id, principalId);
    const covering = rows.filter((r) => SCOPE_EVENTS[r.scope as DelegationScope]?.includes(eventType));
    const valid = covering.find((r) => Date.parse(r.valid_from) <= now && now < Date.parse(r.valid_to));
    if (!valid) {
      throw new DomainError(
        'FORBIDDEN',
        covering.length > 0
          ? `Your delegation from ${principalId} is not valid now (${covering.map((r) => `${r.valid_from} – ${r.valid_to}`).join(', ')})`
          : `You have no delegation from ${principalId} that covers ${eventType}`,
      );
    }
    const principal = await this.users.find(db, principalId);
    if (!principal?.active || !isRole(principal.role)) throw new DomainError('FORBIDDEN', `${principalId} is not an active user`);
    return {
      id: actor.id,
      name: actor.name,
      role: principal.role,
      organisationId: principal.organisationId,
      actsFor: [principal.organisationId],
      onBehalfOf: { id: principal.id, name: principal.name },
    };
  }
}
