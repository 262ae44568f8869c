import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { ChangeRequestEntity } from '../change-requests/change-request.entity';
import { OrganisationEntity } from '../organisations/organisation.entity';

/** Top-level states after which a request no longer counts as open. */
export const CLOSED_STATES = ['communicated', 'withdrawn'] as const;

type Moment = 'receivedAt' | 'decidedAt' | 'communicatedAt';

/** The queries behind the weekly report. Timestamps are stored as ISO UTC text, so they sort as text. */
@Injectable()
export class ReportsRepository {
  /** Requests whose received, decided or communicated moment falls in [from, to), oldest first. */
  happenedBetween(
    manager: EntityManager,
    moment: Moment,
    from: string,
    to: string,
  ): Promise<ChangeRequestEntity[]> {
    return manager
      .createQueryBuilder(ChangeRequestEntity, 'cr')
      .where(`cr.${moment} >= :from AND cr.${moment} < :to`, { from, to })
      .orderBy(`cr.${moment}`, 'ASC')
      .addOrderBy('cr.id', 'ASC')
      .getMany();
  }

  /** Requests not yet communicated or withdrawn that existed before the end of the period. */
  openBefore(manager: EntityManager, to: string): Promise<ChangeRequestEntity[]> {
    return manager
      .createQueryBuilder(ChangeRequestEntity, 'cr')
      .where('cr.state NOT IN (:...closed)', { closed: CLOSED_STATES })
      .andWhere('cr.createdAt < :to', { to })
      .orderBy('cr.stateEnteredAt', 'ASC')
      .addOrderBy('cr.id', 'ASC')
      .getMany();
  }

  /** Decided requests that are still open: the ones whose communication actions may be due. */
  decidedAndOpen(manager: EntityManager): Promise<ChangeRequestEntity[]> {
    return manager
      .createQueryBuilder(ChangeRequestEntity, 'cr')
      .where('cr.decidedAt IS NOT NULL')
      .andWhere('cr.state NOT IN (:...closed)', { closed: CLOSED_STATES })
      .orderBy('cr.decidedAt', 'ASC')
      .addOrderBy('cr.id', 'ASC')
      .getMany();
  }

  /** Display names by organisation id; unknown ids are simply absent. */
  async organisationNames(
    manager: EntityManager,
    ids: Iterable<string>,
  ): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await manager.find(OrganisationEntity, {
      select: { id: true, name: true },
      where: { id: In(unique) },
    });
    return new Map(rows.map((o) => [o.id, o.name]));
  }
}
