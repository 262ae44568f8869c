import { Injectable } from '@nestjs/common';
import { Brackets, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../common/actor';
import { ChangeRequestEntity, ChangeRequestOrganisationEntity } from './change-request.entity';

export interface ListFilter {
  state?: string;
  organisation?: string;
  type?: string;
  text?: string;
  page: number;
  pageSize: number;
}

/** Lower-cased with Swedish rules in code: SQLite's lower() only folds ASCII. */
export function searchable(...parts: (string | null | undefined)[]): string {
  return parts
    .filter((p): p is string => !!p)
    .join(' ')
    .toLocaleLowerCase('sv-SE');
}

@Injectable()
export class ChangeRequestsRepository {
  findById(manager: EntityManager, id: string): Promise<ChangeRequestEntity | null> {
    if (!/^[0-9a-f-]{36}$/.test(id)) return Promise.resolve(null);
    return manager.findOneBy(ChangeRequestEntity, { id });
  }

  async organisationsOf(manager: EntityManager, ids: string[]): Promise<Map<string, string[]>> {
    const map = new Map<string, string[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return map;
    const links = await manager.find(ChangeRequestOrganisationEntity, {
      where: { changeRequestId: In(ids) },
      order: { organisationId: 'ASC' },
    });
    for (const link of links) map.get(link.changeRequestId)?.push(link.organisationId);
    return map;
  }

  async insert(manager: EntityManager, entity: ChangeRequestEntity, organisations: string[]): Promise<void> {
    await manager.createQueryBuilder().insert().into(ChangeRequestEntity).values(entity).execute();
    await this.insertLinks(manager, entity.id, organisations);
  }

  async replaceOrganisations(manager: EntityManager, id: string, organisations: string[]): Promise<void> {
    await manager.delete(ChangeRequestOrganisationEntity, { changeRequestId: id });
    await this.insertLinks(manager, id, organisations);
  }

  private async insertLinks(manager: EntityManager, id: string, organisations: string[]): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(ChangeRequestOrganisationEntity)
      .values(organisations.map((organisationId) => ({ changeRequestId: id, organisationId })))
      .execute();
  }

  /**
   * Claims the row for one transition: bumps the version only if nobody else did since it was read.
   * On PostgreSQL the UPDATE also takes the row lock, so a concurrent claim waits, then sees the
   * new version and affects nothing. Returns false when the race was lost.
   */
  async claim(manager: EntityManager, id: string, version: number): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(ChangeRequestEntity)
      .set({ version: version + 1 })
      .where('id = :id AND version = :version', { id, version })
      .execute();
    return result.affected === 1;
  }

  async update(manager: EntityManager, id: string, changes: Partial<ChangeRequestEntity>): Promise<void> {
    await manager.createQueryBuilder().update(ChangeRequestEntity).set(changes).where('id = :id', { id }).execute();
  }

  async list(manager: EntityManager, actor: Actor, filter: ListFilter, organisationScope: string[] | null) {
    const qb = manager.createQueryBuilder(ChangeRequestEntity, 'cr');
    if (actor.role === 'municipality') this.whereLinkedTo(qb, 'vis', actor.actsFor);
    if (organisationScope) this.whereLinkedTo(qb, 'org', organisationScope);
    if (filter.state) qb.andWhere('cr.state = :state', { state: filter.state });
    if (filter.type) qb.andWhere('cr.type = :type', { type: filter.type });
    const words = searchable(filter.text).split(/\s+/).filter(Boolean).slice(0, 8);
    words.forEach((word, i) => {
      const escaped = word.replace(/[\\%_]/g, (c) => `\\${c}`);
      qb.andWhere(`cr.search_text LIKE :w${i} ESCAPE '\\'`, { [`w${i}`]: `%${escaped}%` });
    });
    qb.orderBy('cr.updated_at', 'DESC').addOrderBy('cr.id', 'ASC');
    qb.skip((filter.page - 1) * filter.pageSize).take(filter.pageSize);
    const [items, total] = await qb.getManyAndCount();
    return { items, total };
  }

  private whereLinkedTo(qb: SelectQueryBuilder<ChangeRequestEntity>, alias: string, organisations: string[]) {
    qb.andWhere(
      new Brackets((w) =>
        w.where(
          `EXISTS (SELECT 1 FROM change_request_organisations ${alias} WHERE ${alias}.change_request_id = cr.id AND ${alias}.organisation_id IN (:...${alias}Orgs))`,
          { [`${alias}Orgs`]: organisations.length ? organisations : ['-'] },
        ),
      ),
    );
  }
}
