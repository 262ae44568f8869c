import { Injectable } from '@nestjs/common';
import { placeholders, sql, statementFor, type Sql } from '../database/sql';
import type { OrganisationRecord, RolloutStageRecord } from './organisation.types';

interface OrganisationRow {
  id: string;
  name: string;
  kind: OrganisationRecord['kind'];
  parent_id: string | null;
  area: OrganisationRecord['area'];
  planned_go_live: string | null;
  go_live_postponed: number;
  go_live_change_request_id: string | null;
  go_live_reference: string | null;
}

const COLUMNS = `id, name, kind, parent_id, area, planned_go_live, go_live_postponed, go_live_change_request_id, go_live_reference`;
const ALL = sql(`SELECT ${COLUMNS} FROM organisations`);
const ONE = sql(`SELECT ${COLUMNS} FROM organisations WHERE id = ?`);
const MEMBERS = sql(`SELECT ${COLUMNS} FROM organisations WHERE parent_id = ? ORDER BY id`);
const SET_GO_LIVE = sql(`UPDATE organisations SET planned_go_live = ?, go_live_postponed = ?, go_live_change_request_id = ?,
  go_live_reference = ? WHERE id = ?`);
const STAGES = sql(`SELECT id, name, area, planned_go_live, description, sort FROM rollout_stages ORDER BY sort, id`);
const STAGE = sql(`SELECT id, name, area, planned_go_live, description, sort FROM rollout_stages WHERE id = ?`);
const SET_STAGE = sql(`UPDATE rollout_stages SET planned_go_live = ? WHERE id = ?`);
const ON_STAGE_DATE = sql(`SELECT ${COLUMNS} FROM organisations WHERE area = ? AND planned_go_live = ? ORDER BY id`);
const INSERT_ORGANISATION = sql(`INSERT INTO organisations (id, name, kind, parent_id, area, planned_go_live)
  VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`);
const INSERT_STAGE = sql(`INSERT INTO rollout_stages (id, name, area, planned_go_live, description, sort)
  VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`);

function toRecord(row: OrganisationRow): OrganisationRecord {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    parentId: row.parent_id,
    area: row.area,
    plannedGoLive: row.planned_go_live,
    postponed: Number(row.go_live_postponed) === 1,
    decision: row.go_live_change_request_id
      ? { changeRequestId: row.go_live_change_request_id, reference: row.go_live_reference }
      : null,
  };
}

interface StageRow {
  id: string;
  name: string;
  area: RolloutStageRecord['area'];
  planned_go_live: string;
  description: string;
  sort: number;
}

const toStage = (r: StageRow): RolloutStageRecord => ({
  id: r.id,
  name: r.name,
  area: r.area,
  plannedGoLive: r.planned_go_live,
  description: r.description,
  sort: Number(r.sort),
});

/** Organisations and rollout stages: reference data the plan keeps current. */
@Injectable()
export class OrganisationsRepository {
  async all(db: Sql): Promise<OrganisationRecord[]> {
    return (await db.all<OrganisationRow>(ALL)).map(toRecord);
  }

  async find(db: Sql, id: string): Promise<OrganisationRecord | undefined> {
    const row = await db.get<OrganisationRow>(ONE, [id]);
    return row && toRecord(row);
  }

  async findByIds(db: Sql, ids: string[]): Promise<OrganisationRecord[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const rows = await db.all<OrganisationRow>(
      statementFor(`SELECT ${COLUMNS} FROM organisations WHERE id IN (${placeholders(unique.length)})`),
      unique,
    );
    return rows.map(toRecord);
  }

  async members(db: Sql, parentId: string): Promise<OrganisationRecord[]> {
    return (await db.all<OrganisationRow>(MEMBERS, [parentId])).map(toRecord);
  }

  async setGoLive(
    db: Sql,
    id: string,
    goLive: Pick<OrganisationRecord, 'plannedGoLive' | 'postponed' | 'decision'>,
  ): Promise<void> {
    await db.run(SET_GO_LIVE, [
      goLive.plannedGoLive,
      goLive.postponed ? 1 : 0,
      goLive.decision?.changeRequestId ?? null,
      goLive.decision?.reference ?? null,
      id,
    ]);
  }

  async stages(db: Sql): Promise<RolloutStageRecord[]> {
    return (await db.all<StageRow>(STAGES)).map(toStage);
  }

  async stage(db: Sql, id: string): Promise<RolloutStageRecord | undefined> {
    const row = await db.get<StageRow>(STAGE, [id]);
    return row && toStage(row);
  }

  async setStageGoLive(db: Sql, id: string, date: string): Promise<void> {
    await db.run(SET_STAGE, [date, id]);
  }

  async onStageDate(db: Sql, stage: RolloutStageRecord): Promise<OrganisationRecord[]> {
    return (await db.all<OrganisationRow>(ON_STAGE_DATE, [stage.area, stage.plannedGoLive])).map(toRecord);
  }

  /** Inserts what is missing; never overwrites (a go-live moved by a decision stays moved). */
  async insertMissingOrganisation(db: Sql, o: Omit<OrganisationRecord, 'postponed' | 'decision'>): Promise<void> {
    await db.run(INSERT_ORGANISATION, [o.id, o.name, o.kind, o.parentId, o.area, o.plannedGoLive]);
  }

  async insertMissingStage(db: Sql, s: RolloutStageRecord): Promise<void> {
    await db.run(INSERT_STAGE, [s.id, s.name, s.area, s.plannedGoLive, s.description, s.sort]);
  }
}
