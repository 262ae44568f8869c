import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/actor';
import { Clock } from '../clock/clock';
import { DomainError } from '../common/domain-error';
import { Database, type WriteContext } from '../database/database';
import type { Sql } from '../database/sql';
import {
  OrganisationResponse,
  RolloutArea,
  RolloutOrganisation,
  RolloutPlanResponse,
} from './dto/organisation.response';
import { AREA_NAMES, AREAS, GoLiveDecision, OrganisationRecord, RolloutStageRecord } from './organisation.types';
import { OrganisationsRepository } from './organisations.repository';

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'sv');

function toRolloutOrganisation(o: OrganisationRecord): RolloutOrganisation {
  return {
    id: o.id,
    name: o.name,
    kind: o.kind,
    parentId: o.parentId,
    plannedGoLive: o.plannedGoLive,
    postponed: o.postponed,
    decision: o.decision,
  };
}

type GoLive = Pick<OrganisationRecord, 'plannedGoLive' | 'postponed' | 'decision'>;

/** One organisation's go-live before and after a change, as the history records it. */
export interface GoLiveChange {
  organisationId: string;
  from: { plannedGoLive: string | null; postponed: boolean };
  to: { plannedGoLive: string | null; postponed: boolean };
}

const goLiveOf = (o: GoLive) => ({ plannedGoLive: o.plannedGoLive, postponed: o.postponed });

/** What moves the plan: a decision on a change request, or an administrator's correction. */
export interface PlanChangeCause {
  actor: Actor;
  at: string;
  decision?: GoLiveDecision;
}

/** Display names by organisation id; unknown ids are simply absent (also outside the Nest container). */
export async function organisationNames(repository: OrganisationsRepository, db: Sql, ids: Iterable<string>): Promise<Map<string, string>> {
  const found = await repository.findByIds(db, [...ids]);
  return new Map(found.map((o) => [o.id, o.name]));
}

@Injectable()
export class OrganisationsService {
  constructor(
    private readonly database: Database,
    private readonly organisations: OrganisationsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The organisation itself plus, for a kommunalförbund, its member municipalities. */
  async actsFor(db: Sql, organisationId: string): Promise<string[]> {
    const organisation = await this.organisations.find(db, organisationId);
    if (!organisation) return [];
    if (organisation.kind !== 'kommunalforbund') return [organisation.id];
    return [organisation.id, ...(await this.organisations.members(db, organisationId)).map((o) => o.id)];
  }

  findByIds(db: Sql, ids: string[]): Promise<OrganisationRecord[]> {
    return this.organisations.findByIds(db, ids);
  }

  find(db: Sql, id: string): Promise<OrganisationRecord | undefined> {
    return this.organisations.find(db, id);
  }

  /** Display names by organisation id; unknown ids are simply absent. */
  names(db: Sql, ids: Iterable<string>): Promise<Map<string, string>> {
    return organisationNames(this.organisations, db, ids);
  }

  async list(): Promise<OrganisationResponse[]> {
    const all = await this.database.read(({ sql }) => this.organisations.all(sql));
    const members = new Map<string, string[]>();
    for (const o of all) {
      if (o.parentId) members.set(o.parentId, [...(members.get(o.parentId) ?? []), o.id]);
    }
    return all.sort(byName).map((o) => ({
      id: o.id,
      name: o.name,
      kind: o.kind,
      parentId: o.parentId,
      members: (members.get(o.id) ?? []).sort(),
      area: o.area,
      plannedGoLive: o.plannedGoLive,
      postponed: o.postponed,
      decision: o.decision,
    }));
  }

  /**
   * Sets the go-live of the named organisations — a named kommunalförbund moves its members with
   * it — to a date, or postpones them without one (`date` null: "Senare – datum ej fastställt").
   * Runs in the caller's transaction and appends one history entry with every old and new value.
   */
  async moveGoLive(ctx: WriteContext, orgIds: string[], date: string | null, cause: PlanChangeCause): Promise<GoLiveChange[]> {
    const named = await this.organisations.findByIds(ctx.sql, orgIds);
    const missing = [...new Set(orgIds)].filter((id) => !named.some((o) => o.id === id));
    if (missing.length > 0) {
      throw new DomainError('VALIDATION_FAILED', `Unknown organisations: ${missing.join(', ')}`, {
        fields: [{ field: 'organisations', message: `unknown: ${missing.join(', ')}` }],
      });
    }
    const affected = new Map(named.map((o) => [o.id, o]));
    for (const federation of named.filter((o) => o.kind === 'kommunalforbund')) {
      for (const member of await this.organisations.members(ctx.sql, federation.id)) affected.set(member.id, member);
    }
    const next: GoLive = { plannedGoLive: date, postponed: date === null, decision: cause.decision ?? null };
    const changes: GoLiveChange[] = [];
    for (const o of [...affected.values()].sort((a, b) => a.id.localeCompare(b.id))) {
      await this.organisations.setGoLive(ctx.sql, o.id, next);
      changes.push({ organisationId: o.id, from: goLiveOf(o), to: goLiveOf(next) });
    }
    await this.appendPlanChange(ctx, cause, changes);
    return changes;
  }

  /** Admin: sets one organisation's planned go-live (a kommunalförbund's members move with it). */
  async setPlannedGoLive(actor: Actor, id: string, date: string | null): Promise<OrganisationResponse[]> {
    await this.database.write(async (ctx) => {
      if (!(await this.organisations.find(ctx.sql, id))) throw new DomainError('NOT_FOUND', `Organisation ${id} not found`);
      const at = this.clock.nowIso();
      await this.moveGoLive(ctx, [id], date, { actor, at });
    });
    return this.list();
  }

  /**
   * Admin: moves a rollout stage. Organisations of its area still planned on the stage's old date
   * move with it; organisations moved on their own (by a decision) keep their date.
   */
  async setStageGoLive(actor: Actor, id: string, date: string): Promise<RolloutPlanResponse> {
    await this.database.write(async (ctx) => {
      const stage = await this.organisations.stage(ctx.sql, id);
      if (!stage) throw new DomainError('NOT_FOUND', `Rollout stage ${id} not found`);
      const moving = await this.organisations.onStageDate(ctx.sql, stage);
      const changes: GoLiveChange[] = [];
      for (const o of moving) {
        const next: GoLive = { plannedGoLive: date, postponed: false, decision: o.decision };
        await this.organisations.setGoLive(ctx.sql, o.id, next);
        changes.push({ organisationId: o.id, from: goLiveOf(o), to: goLiveOf(next) });
      }
      await this.organisations.setStageGoLive(ctx.sql, id, date);
      await this.audit.append(ctx, {
        at: this.clock.nowIso(),
        subjectType: 'rollout_stage',
        subjectId: id,
        changeRequestId: null,
        reference: null,
        eventType: 'ROLLOUT_STAGE_MOVED',
        payload: { plannedGoLive: date, organisations: changes },
        ...actorFields(actor),
        stateBefore: JSON.stringify({ plannedGoLive: stage.plannedGoLive }),
        stateAfter: JSON.stringify({ plannedGoLive: date }),
      });
    });
    return this.rolloutPlan();
  }

  async rolloutPlan(): Promise<RolloutPlanResponse> {
    const [organisations, stages] = await this.database.read(({ sql }) =>
      Promise.all([this.organisations.all(sql), this.organisations.stages(sql)]),
    );
    return buildRolloutPlan(organisations, stages);
  }

  private async appendPlanChange(ctx: WriteContext, cause: PlanChangeCause, changes: GoLiveChange[]): Promise<void> {
    if (changes.length === 0) return;
    await this.audit.append(ctx, {
      at: cause.at,
      subjectType: 'rollout_plan',
      subjectId: 'organisations',
      changeRequestId: cause.decision?.changeRequestId ?? null,
      reference: cause.decision?.reference ?? null,
      eventType: 'ROLLOUT_PLAN_CHANGED',
      payload: { changes },
      ...actorFields(cause.actor),
      stateBefore: JSON.stringify(Object.fromEntries(changes.map((c) => [c.organisationId, c.from]))),
      stateAfter: JSON.stringify(Object.fromEntries(changes.map((c) => [c.organisationId, c.to]))),
    });
  }
}

export function actorFields(actor: Actor) {
  return {
    actorId: actor.id,
    actorName: actor.name,
    actorOrganisation: actor.organisationId,
    actorRole: actor.role,
  };
}

/** Stages with their organisations (by planned date), areas by kommunalförbund, and the rest. */
export function buildRolloutPlan(all: OrganisationRecord[], stages: RolloutStageRecord[]): RolloutPlanResponse {
  const organisations = [...all].sort(byName);
  const stageOf = (o: OrganisationRecord): RolloutStageRecord | undefined => {
    const candidates = stages.filter((s) => s.area === o.area);
    if (!o.plannedGoLive || candidates.length === 0) return undefined;
    const reached = candidates.filter((s) => s.plannedGoLive <= o.plannedGoLive!);
    return reached.length > 0 ? reached[reached.length - 1] : candidates[0];
  };
  const assigned = new Map<string, RolloutOrganisation[]>();
  const unscheduled: RolloutOrganisation[] = [];
  const postponed: RolloutOrganisation[] = [];
  for (const o of organisations) {
    if (!o.area) continue;
    if (o.postponed) {
      postponed.push(toRolloutOrganisation(o));
      continue;
    }
    const stage = stageOf(o);
    if (!stage) unscheduled.push(toRolloutOrganisation(o));
    else assigned.set(stage.id, [...(assigned.get(stage.id) ?? []), toRolloutOrganisation(o)]);
  }
  const areas: RolloutArea[] = AREAS.map((area) => {
    const inArea = organisations.filter((o) => o.area === area);
    return {
      area,
      name: AREA_NAMES[area],
      kommunalforbund: inArea
        .filter((o) => o.kind === 'kommunalforbund')
        .map((f) => ({
          id: f.id,
          name: f.name,
          plannedGoLive: f.plannedGoLive,
          postponed: f.postponed,
          decision: f.decision,
          members: organisations.filter((o) => o.parentId === f.id).map(toRolloutOrganisation),
        })),
      otherOrganisations: inArea.filter((o) => o.kind !== 'kommunalforbund' && o.parentId === null).map(toRolloutOrganisation),
    };
  });
  return {
    stages: stages.map((s) => ({
      id: s.id,
      name: s.name,
      area: s.area,
      plannedGoLive: s.plannedGoLive,
      description: s.description,
      organisations: assigned.get(s.id) ?? [],
    })),
    areas,
    postponed,
    unscheduled,
  };
}
