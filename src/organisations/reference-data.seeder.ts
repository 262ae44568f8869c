import { Injectable, OnModuleInit } from '@nestjs/common';
import { Database } from '../database/database';
import type { OrganisationRecord, RolloutStageRecord } from './organisation.types';
import { OrganisationsRepository } from './organisations.repository';
import referenceData from './reference-data.json';

export interface ReferenceData {
  rolloutStages: RolloutStageRecord[];
  organisations: Omit<OrganisationRecord, 'postponed' | 'decision'>[];
}

export const REFERENCE_DATA = referenceData as unknown as ReferenceData;

/**
 * Inserts the reference data that is missing (the 49 municipalities and their kommunalförbund,
 * VästKom, VGR, …, the rollout stages) at start-up. Idempotent and safe for several instances
 * starting together: existing rows (a go-live moved by a decision) are never overwritten.
 */
@Injectable()
export class ReferenceDataSeeder implements OnModuleInit {
  constructor(
    private readonly database: Database,
    private readonly organisations: OrganisationsRepository,
  ) {}

  onModuleInit(): Promise<void> {
    return seedReferenceData(this.database, this.organisations);
  }
}

/** Inserts the missing reference data in one transaction (also used by the command-line tools). */
export async function seedReferenceData(
  database: Database,
  organisations = new OrganisationsRepository(),
  data: ReferenceData = REFERENCE_DATA,
): Promise<void> {
  await database.write(async ({ sql }) => {
    for (const stage of data.rolloutStages) await organisations.insertMissingStage(sql, stage);
    // Parents (kommunalförbund) before members.
    const ordered = [...data.organisations].sort((a, b) => Number(a.parentId !== null) - Number(b.parentId !== null));
    for (const organisation of ordered) await organisations.insertMissingOrganisation(sql, organisation);
  });
}
