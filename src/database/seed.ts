import { DataSource } from 'typeorm';
import referenceData from '../organisations/reference-data.json';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { RolloutStageEntity } from '../organisations/rollout-stage.entity';
import { UserEntity } from '../users/user.entity';

export interface ReferenceData {
  rolloutStages: RolloutStageEntity[];
  organisations: OrganisationEntity[];
  users: UserEntity[];
}

export const REFERENCE_DATA = referenceData as ReferenceData;

/**
 * Inserts reference data and demo users that are missing. Idempotent and safe for several
 * instances starting together: existing rows (e.g. a planned go-live moved by a decision)
 * are never overwritten.
 */
export async function seedReferenceData(
  dataSource: DataSource,
  data: ReferenceData = REFERENCE_DATA,
): Promise<void> {
  await dataSource.transaction(async (manager) => {
    const insertMissing = async <T extends object>(
      target: new () => T,
      rows: T[],
    ): Promise<void> => {
      for (const row of rows) {
        await manager.createQueryBuilder().insert().into(target).values(row).orIgnore().execute();
      }
    };
    await insertMissing(RolloutStageEntity, data.rolloutStages);
    // Parents (kommunalförbund) before members, as listed in the file.
    const organisations = [...data.organisations].sort(
      (a, b) => Number(a.parentId !== null) - Number(b.parentId !== null),
    );
    await insertMissing(OrganisationEntity, organisations);
    await insertMissing(UserEntity, data.users);
  });
}
