import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { TransactionRunner } from '../database/transaction-runner';
import {
  OrganisationResponse,
  RolloutArea,
  RolloutOrganisation,
  RolloutPlanResponse,
} from './dto/organisation.response';
import { AREAS, Area, OrganisationEntity } from './organisation.entity';
import { RolloutStageEntity } from './rollout-stage.entity';

const AREA_NAMES: Record<Area, string> = {
  sodra: 'Södra området',
  norra: 'Norra området',
  ostra: 'Östra området',
  vastra: 'Västra området',
};

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'sv');

function toRolloutOrganisation(o: OrganisationEntity): RolloutOrganisation {
  return {
    id: o.id,
    name: o.name,
    kind: o.kind,
    parentId: o.parentId,
    plannedGoLive: o.plannedGoLive,
  };
}

@Injectable()
export class OrganisationsService {
  constructor(
    @InjectRepository(OrganisationEntity)
    private readonly organisations: Repository<OrganisationEntity>,
    private readonly tx: TransactionRunner,
  ) {}

  /** The organisation itself plus, for a kommunalförbund, its member municipalities. */
  async actsFor(organisationId: string): Promise<string[]> {
    const rows = await this.organisations.find({
      select: { id: true, kind: true, parentId: true },
      where: [{ id: organisationId }, { parentId: organisationId }],
      order: { id: 'ASC' },
    });
    const organisation = rows.find((o) => o.id === organisationId);
    if (!organisation) return [];
    if (organisation.kind !== 'kommunalforbund') return [organisation.id];
    return [organisation.id, ...rows.filter((o) => o.id !== organisationId).map((o) => o.id)];
  }

  /** Pass the caller's manager to read inside its transaction. */
  async findByIds(ids: string[], manager: EntityManager = this.organisations.manager): Promise<OrganisationEntity[]> {
    if (ids.length === 0) return [];
    return manager.findBy(OrganisationEntity, { id: In([...new Set(ids)]) });
  }

  async findById(id: string): Promise<OrganisationEntity | null> {
    return this.organisations.findOneBy({ id });
  }

  /** Read through the TransactionRunner: on SQLite a plain read could see an uncommitted move. */
  async list(): Promise<OrganisationResponse[]> {
    const all = await this.tx.read((manager) => manager.find(OrganisationEntity));
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
    }));
  }

  /**
   * Moves the planned go-live of the named organisations (a named kommunalförbund moves its
   * member municipalities with it). Runs in the caller's transaction; returns the ids updated.
   */
  async updatePlannedGoLive(
    manager: EntityManager,
    orgIds: string[],
    date: string | null,
  ): Promise<string[]> {
    if (date !== null && !ISO_DATE.test(date)) {
      throw new DomainError('VALIDATION_FAILED', 'plannedGoLive must be a date YYYY-MM-DD', {
        fields: [{ field: 'plannedGoLive', message: 'must be a date YYYY-MM-DD' }],
      });
    }
    const ids = [...new Set(orgIds)];
    if (ids.length === 0) return [];
    const repository = manager.getRepository(OrganisationEntity);
    const found = await repository.findBy({ id: In(ids) });
    const missing = ids.filter((id) => !found.some((o) => o.id === id));
    if (missing.length > 0) {
      throw new DomainError('VALIDATION_FAILED', `Unknown organisations: ${missing.join(', ')}`, {
        fields: [{ field: 'organisations', message: `unknown: ${missing.join(', ')}` }],
      });
    }
    const federations = found.filter((o) => o.kind === 'kommunalforbund').map((o) => o.id);
    const members =
      federations.length > 0 ? await repository.findBy({ parentId: In(federations) }) : [];
    const all = [...new Set([...ids, ...members.map((m) => m.id)])].sort();
    await repository.update({ id: In(all) }, { plannedGoLive: date });
    return all;
  }

  /** Admin: moves one organisation's planned go-live (a kommunalförbund's members with it). */
  async setPlannedGoLive(id: string, date: string | null): Promise<OrganisationResponse[]> {
    await this.tx.write(async (manager) => {
      if (!(await manager.findOneBy(OrganisationEntity, { id }))) {
        throw new DomainError('NOT_FOUND', `Organisation ${id} not found`);
      }
      await this.updatePlannedGoLive(manager, [id], date);
    });
    return this.list();
  }

  /**
   * Admin: moves a rollout stage. Organisations of its area still planned on the stage's old date
   * move with it; organisations moved on their own (by a decision) keep their date.
   */
  async setStageGoLive(id: string, date: string): Promise<RolloutPlanResponse> {
    await this.tx.write(async (manager) => {
      const stage = await manager.findOneBy(RolloutStageEntity, { id });
      if (!stage) throw new DomainError('NOT_FOUND', `Rollout stage ${id} not found`);
      await manager.update(
        OrganisationEntity,
        { area: stage.area, plannedGoLive: stage.plannedGoLive },
        { plannedGoLive: date },
      );
      await manager.update(RolloutStageEntity, { id }, { plannedGoLive: date });
    });
    return this.rolloutPlan();
  }

  async rolloutPlan(): Promise<RolloutPlanResponse> {
    const [organisations, stages] = await this.tx.read((manager) =>
      Promise.all([
        manager.find(OrganisationEntity),
        manager.find(RolloutStageEntity, { order: { sort: 'ASC', id: 'ASC' } }),
      ]),
    );
    organisations.sort(byName);

    const stageOf = (o: OrganisationEntity): RolloutStageEntity | undefined => {
      const candidates = stages.filter((s) => s.area === o.area);
      if (!o.plannedGoLive || candidates.length === 0) return undefined;
      const reached = candidates.filter((s) => s.plannedGoLive <= o.plannedGoLive!);
      return reached.length > 0 ? reached[reached.length - 1] : candidates[0];
    };
    const assigned = new Map<string, RolloutOrganisation[]>();
    const unscheduled: RolloutOrganisation[] = [];
    for (const o of organisations) {
      if (!o.area) continue;
      const stage = stageOf(o);
      if (!stage) {
        unscheduled.push(toRolloutOrganisation(o));
        continue;
      }
      assigned.set(stage.id, [...(assigned.get(stage.id) ?? []), toRolloutOrganisation(o)]);
    }

    const areas: RolloutArea[] = AREAS.map((area) => {
      const inArea = organisations.filter((o) => o.area === area);
      const federations = inArea.filter((o) => o.kind === 'kommunalforbund');
      return {
        area,
        name: AREA_NAMES[area],
        kommunalforbund: federations.map((f) => ({
          id: f.id,
          name: f.name,
          plannedGoLive: f.plannedGoLive,
          members: organisations.filter((o) => o.parentId === f.id).map(toRolloutOrganisation),
        })),
        otherOrganisations: inArea
          .filter((o) => o.kind !== 'kommunalforbund' && o.parentId === null)
          .map(toRolloutOrganisation),
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
      unscheduled,
    };
  }
}
