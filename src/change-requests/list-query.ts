import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/actor';
import type { Param, Sql } from '../database/sql';
import { OrganisationsService } from '../organisations/organisations.service';
import { ChangeRequestReader } from './change-request-reader';
import { ChangeRequestsRepository, organisationsColumn, ROW_COLUMNS, type ListRow } from './change-requests.repository';
import { after, decodeCursor, defaultOrder, orderBy, sortKeyColumn, type ListCursor, type ListOrder, type ListSort } from './list-order';
import { searchable } from './search-text';

/** What every change-request list filters and orders by (the JSON pages and the CSV export). */
export interface ListFilter {
  state?: string;
  organisation?: string;
  type?: string;
  text?: string;
  sort: ListSort;
  order?: ListOrder;
  cursor?: string;
}

/** A list's rows as a query: `FROM`, conditions and their parameters, in the order they appear. */
export interface ListPlan {
  from: string;
  where: string[];
  params: Param[];
  sort: ListSort;
  order: ListOrder;
  /** Where the caller's cursor left off; undefined from the start. */
  cursor?: ListCursor;
}

/**
 * Turns a list filter into one query plan, so that a page and an export select exactly the same
 * rows in the same order: the caller's visibility first, then the filters.
 */
@Injectable()
export class ChangeRequestListQuery {
  constructor(
    private readonly reader: ChangeRequestReader,
    private readonly organisations: OrganisationsService,
    private readonly requests: ChangeRequestsRepository,
  ) {}

  /** Checks the filter (a bad cursor is a 400) and builds its plan. */
  async plan(sql: Sql, actor: Actor, filter: ListFilter): Promise<ListPlan> {
    const scope = filter.organisation ? await this.filterScope(sql, filter.organisation) : null;
    const where: string[] = [];
    const params: Param[] = [];
    const visibility = this.reader.visibility(actor);
    if (visibility) {
      where.push(visibility.clause);
      params.push(...visibility.params);
    }
    if (scope) {
      where.push(
        `EXISTS (SELECT 1 FROM change_request_organisations org WHERE org.change_request_id = cr.id AND org.organisation_id IN (${scope.map(() => '?').join(', ')}))`,
      );
      params.push(...scope);
    }
    if (filter.state) {
      where.push('cr.state = ?');
      params.push(filter.state);
    }
    if (filter.type) {
      where.push('cr.type = ?');
      params.push(filter.type);
    }
    for (const word of searchable(filter.text).split(/\s+/).filter(Boolean).slice(0, 8)) {
      where.push(`cr.search_text LIKE ? ESCAPE '\\'`);
      params.push(`%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    }
    const sort = filter.sort ?? 'updated';
    const order = filter.order ?? defaultOrder(sort);
    const cursor = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor, sort, order);
    return { from: 'change_requests cr', where, params, sort, order, cursor };
  }

  /** The `WHERE` of a plan, with the rows after `cursor` when given. */
  conditions(plan: ListPlan, cursor?: ListCursor): { clause: string; params: Param[] } {
    const position = cursor ? after(plan.sort, plan.order, cursor) : undefined;
    const all = position ? [...plan.where, position.clause] : plan.where;
    return { clause: all.length ? `WHERE ${all.join(' AND ')}` : '', params: [...plan.params, ...(position?.params ?? [])] };
  }

  /** Up to `limit` rows after `cursor` (from the start when undefined), with their organisations. */
  batch(sql: Sql, plan: ListPlan, cursor: ListCursor | undefined, limit: number): Promise<ListRow[]> {
    const { clause, params } = this.conditions(plan, cursor);
    return this.requests.page(
      sql,
      `SELECT ${ROW_COLUMNS}, ${sortKeyColumn(plan.sort)}, 0 AS total, ${organisationsColumn(sql.dialect)}
       FROM ${plan.from} ${clause} ${orderBy(plan.sort, plan.order)} LIMIT ?`,
      [...params, limit],
    );
  }

  /**
   * Organisations a filter on one organisation matches: itself, its kommunalförbund (a request from
   * Sjuhärad concerns Borås) and, for a kommunalförbund, its members.
   */
  private async filterScope(db: Sql, organisationId: string): Promise<string[]> {
    const organisation = await this.organisations.find(db, organisationId);
    if (!organisation) return [organisationId];
    const scope = await this.organisations.actsFor(db, organisationId);
    return organisation.parentId ? [...scope, organisation.parentId] : scope;
  }
}
