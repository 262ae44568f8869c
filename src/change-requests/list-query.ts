import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/actor';
import { DomainError } from '../common/domain-error';
import { sql as statement, type Dialect, type Param, type Sql } from '../database/sql';
import { OrganisationsService } from '../organisations/organisations.service';
import { requestedBy, type RequestedBy } from './change-request-access';
import { ChangeRequestReader } from './change-request-reader';
import { ChangeRequestsRepository, organisationsColumn, ROW_COLUMNS, type ListRow } from './change-requests.repository';
import { after, decodeCursor, defaultOrder, orderBy, sortKeyColumn, type ListCursor, type ListOrder, type ListSort } from './list-order';
import { ftsQuery, searchWords, tsQuery } from './search-text';
import { stockholmDate } from '../calendar';
import { Clock } from '../clock/clock';
import { awaitingRole } from './change-request-deadlines';

/**
 * The requests a text search matches as a table `m` to join, with their score when the list is
 * ordered by it (lower is better): FTS5's bm25 (already lower-is-better) and PostgreSQL's ts_rank
 * (negated; normalised by the text's length, as bm25 is). Another order leaves the score out.
 * Its columns are named apart from the request's, which list queries select unqualified. One
 * parameter: the query text. On PostgreSQL, OFFSET 0 keeps the matches a subquery of their own,
 * found through the GIN index first: its estimate for a prefix query is blind (2,000 rows
 * whatever the word), and it would otherwise walk a whole sort index checking every row against
 * the query. The count needs every match anyway.
 */
function matches(dialect: Dialect, scored: boolean): string {
  if (dialect === 'sqlite') {
    return `(SELECT k.change_request_id AS match_id, ${scored ? 'bm25(change_requests_fts)' : '0'} AS score
      FROM change_requests_fts JOIN change_request_search_keys k ON k.n = change_requests_fts.rowid
      WHERE change_requests_fts MATCH ?)`;
  }
  return `(SELECT s.id AS match_id, ${scored ? '-ts_rank(s.search_vector, q.query, 1)' : '0'} AS score
      FROM change_requests s, to_tsquery('simple', ?) AS q(query) WHERE s.search_vector @@ q.query OFFSET 0)`;
}

/**
 * The newest `window` requests a text search matches that also pass `where` (conditions on
 * `change_requests cr`), scored: ranking every match of a common word costs as many scores as
 * there are matches, so a ranked page ranks a bounded window instead. SQLite walks the FTS index
 * newest first (its rowids follow creation) and stops at the window; PostgreSQL takes the newest
 * created of the GIN index's matches (a top-N sort). Parameters: the query text, then those of
 * `where`.
 */
function rankedWindow(dialect: Dialect, where: string[], window: number): string {
  const filters = where.map((clause) => ` AND ${clause}`).join('');
  if (dialect === 'sqlite') {
    return `(SELECT k.change_request_id AS match_id, bm25(change_requests_fts) AS score
      FROM change_requests_fts JOIN change_request_search_keys k ON k.n = change_requests_fts.rowid
      JOIN change_requests cr ON cr.id = k.change_request_id
      WHERE change_requests_fts MATCH ?${filters} ORDER BY change_requests_fts.rowid DESC LIMIT ${window})`;
  }
  return `(SELECT cr.id AS match_id, -ts_rank(cr.search_vector, q.query, 1) AS score
      FROM change_requests cr, to_tsquery('simple', ?) AS q(query) WHERE cr.search_vector @@ q.query${filters}
      ORDER BY cr.created_at DESC, cr.id DESC LIMIT ${window})`;
}

/**
 * A text search in another order than relevance: from this many matches on, the page walks the
 * order's own index and keeps the rows that match, instead of sorting every match: a common word
 * then costs about as many rows as the page shows divided by how common it is. Fewer matches are
 * sorted, which is cheaper than walking an index for rows that are rare in it. SQLite gathers the
 * matching ids once (FTS5 cannot check one row cheaply); PostgreSQL checks each row's own vector
 * (`|| ''` keeps the planner from the GIN index, which would read a heap page per match).
 */
export const SEARCH_WALK_FROM = 1000;

const MATCH_IDS = `(SELECT k.change_request_id FROM change_requests_fts JOIN change_request_search_keys k ON k.n = change_requests_fts.rowid
      WHERE change_requests_fts MATCH ?)`;
const COUNT_MATCHES = {
  sqlite: statement(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM change_requests_fts WHERE change_requests_fts MATCH ? LIMIT ?) AS counted`),
  postgres: statement(
    `SELECT COUNT(*) AS n FROM (SELECT 1 FROM change_requests WHERE search_vector @@ to_tsquery('simple', ?) LIMIT ?) AS counted`,
  ),
};
/** PostgreSQL: the query text as a table `q` beside `change_requests cr` (one parameter). */
const PG_QUERY = `change_requests cr, to_tsquery('simple', ?) AS q(query)`;

/** Most matches a ranked page of a text search ranks: the newest that match (see {@link rankedWindow}). */
export const SEARCH_WINDOW = 1000;

/** What every change-request list filters and orders by (the JSON pages and the CSV export). */
export interface ListFilter {
  state?: string;
  organisation?: string;
  type?: string;
  text?: string;
  /** 'true': only requests with a running deadline past its due date ('false': none). */
  overdue?: 'true' | 'false';
  /** 'me': only requests with a running deadline awaiting the caller's role. */
  awaiting?: 'me';
  sort?: ListSort;
  order?: ListOrder;
  cursor?: string;
}

/** The `WHERE` of a plan, with the rows after `cursor` when given. */
export function planConditions(plan: ListPlan, cursor?: ListCursor): { clause: string; params: Param[] } {
  const position = cursor ? after(plan.sort, plan.order, cursor) : undefined;
  const all = position ? [...plan.where, position.clause] : plan.where;
  return { clause: all.length ? `WHERE ${all.join(' AND ')}` : '', params: [...plan.params, ...(position?.params ?? [])] };
}

/**
 * Up to `limit` rows of a plan after `cursor` (from the start when undefined), with their
 * organisations. A plan is plain data: the long-read worker process reads it too (list CSV).
 */
export function listBatch(requests: ChangeRequestsRepository, sql: Sql, plan: ListPlan, cursor: ListCursor | undefined, limit: number): Promise<ListRow[]> {
  const { clause, params } = planConditions(plan, cursor);
  return requests.page(
    sql,
    `SELECT ${ROW_COLUMNS}, ${sortKeyColumn(plan.sort)}, 0 AS total, ${organisationsColumn(sql.dialect)}
     FROM ${plan.from} ${clause} ${orderBy(plan.sort, plan.order)} LIMIT ?`,
    [...params, limit],
  );
}

/** A list's rows as a query: `FROM`, conditions and their parameters, in the order they appear. */
export interface ListPlan {
  from: string;
  where: string[];
  /** What a count reads: `from`, or for a list scoped to organisations their links first. */
  countFrom: string;
  /** What a count counts in `countFrom`: `cr.id`, or the links' request id when it reads only them. */
  countId: string;
  /** The conditions of `where` with the same parameters, as a count over `countFrom` reads them. */
  countWhere: string[];
  /** The parameters of `from`, then of `where`. */
  params: Param[];
  /** The parameters of `countFrom`, then of `countWhere`, when they are not `params`. */
  countParams?: Param[];
  /**
   * `countFrom` holds each request once (no organisation links joined), so the count needs no
   * DISTINCT: on PostgreSQL a DISTINCT reads every match before the count's bound can stop it.
   */
  countUnique?: true;
  sort: ListSort;
  order: ListOrder;
  /** Whether the rows are those of a text search (each read finds every match again). */
  search: boolean;
  /** A ranked search ranks at most this many of its newest matches; undefined: every match. */
  window?: number;
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
    private readonly clock: Clock,
  ) {}

  /**
   * Checks the filter (a bad cursor is a 400) and builds its plan. `window`: a page ordered by
   * relevance ranks at most that many of the newest matches (an export ranks every match).
   */
  async plan(sql: Sql, actor: Actor, filter: ListFilter, options: { window?: number } = {}): Promise<ListPlan> {
    const scope = filter.organisation ? await this.filterScope(sql, filter.organisation) : null;
    const words = this.words(filter.text);
    const where: string[] = [];
    const countWhere: string[] = [];
    const params: Param[] = [];
    const both = (clause: string, countClause = clause) => {
      where.push(clause);
      countWhere.push(countClause);
    };
    // A list scoped to organisations counts from their links (a count that stops at its bound
    // then reads about that many links, however many requests there are); a search counts its
    // matches instead.
    let countFrom: string | undefined;
    let countedLink: RequestedBy | undefined;
    const scoped = (link: RequestedBy) => {
      if (countFrom === undefined && !words.length) {
        countFrom = `${link.linkTable} CROSS JOIN change_requests cr`;
        countedLink = link;
        both(link.clause, link.joinClause);
      } else both(link.clause);
    };
    const visibility = this.reader.visibility(actor);
    if (visibility) {
      if (visibility.link) scoped(visibility.link);
      else both(visibility.clause);
      params.push(...visibility.params);
    }
    if (scope) {
      scoped(requestedBy('org', scope.length));
      params.push(...scope);
    }
    if (filter.state) {
      both('cr.state = ?');
      params.push(filter.state);
    }
    if (filter.type) {
      both('cr.type = ?');
      params.push(filter.type);
    }
    if (filter.overdue !== undefined) {
      both(filter.overdue === 'true' ? 'cr.next_due_on < ?' : '(cr.next_due_on IS NULL OR cr.next_due_on >= ?)');
      params.push(stockholmDate(this.clock.now()));
    }
    if (filter.awaiting === 'me') {
      both(awaitingRole());
      params.push(`%,${actor.role},%`);
    }
    if (!words.length && filter.sort === 'relevance') {
      throw new DomainError('VALIDATION_FAILED', 'sort=relevance needs a text to search for', {
        fields: [{ field: 'sort', message: 'relevance orders a text search: give text, or another sort' }],
      });
    }
    // A search is read best match first unless another order is asked for.
    const sort = filter.sort ?? (words.length ? 'relevance' : 'updated');
    let from = 'change_requests cr';
    let countParams: Param[] | undefined;
    const window = words.length && sort === 'relevance' ? options.window : undefined;
    if (words.length) {
      const text = sql.dialect === 'sqlite' ? ftsQuery(words) : tsQuery(words);
      const walks = sort !== 'relevance' && (await this.matchesAtLeast(sql, text, SEARCH_WALK_FROM));
      if (walks && sql.dialect === 'sqlite') {
        // The rows: the order's index walked, each row kept when it is a match (`+` keeps SQLite
        // from driving the query from the ids instead). The count: the matches, up to its bound.
        countFrom = `change_requests cr JOIN ${matches(sql.dialect, false)} m ON m.match_id = cr.id`;
        countParams = [text, ...params];
        where.push(`+cr.id IN ${MATCH_IDS}`);
        params.push(text);
      } else if (walks) {
        // The rows: the order's index walked, each row's vector checked. The count: the GIN
        // index's matches up to its bound, one row each (no join to sort them for).
        from = PG_QUERY;
        countFrom = PG_QUERY;
        where.push(`(cr.search_vector || ''::tsvector) @@ q.query`);
        countWhere.push(`cr.search_vector @@ q.query`);
        params.unshift(text);
      } else if (window !== undefined) {
        // The window applies the filters itself, so it holds `window` rows the caller may list.
        from = `change_requests cr JOIN ${rankedWindow(sql.dialect, where, window)} m ON m.match_id = cr.id`;
        params.unshift(text, ...params);
      } else {
        from = `change_requests cr JOIN ${matches(sql.dialect, sort === 'relevance')} m ON m.match_id = cr.id`;
        params.unshift(text);
      }
    }
    // Scoped to organisations and nothing else: the count reads the links' index alone (each
    // link names an existing request), not a request row per link.
    let countId = 'cr.id';
    if (countedLink && countWhere.length === 1) {
      countFrom = countedLink.linkTable;
      countWhere[0] = countedLink.linkClause;
      countId = countedLink.linkedId;
    }
    const order = filter.order ?? defaultOrder(sort);
    const cursor = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor, sort, order);
    return {
      from,
      countFrom: countFrom ?? from,
      countId,
      where,
      countWhere,
      params,
      ...(countParams ? { countParams } : {}),
      ...(countedLink ? {} : { countUnique: true as const }),
      sort,
      order,
      cursor,
      search: words.length > 0,
      window,
    };
  }

  /** Whether a text search (FTS5 or tsquery text) has at least `n` matches; reads at most `n`. */
  private async matchesAtLeast(sql: Sql, text: string, n: number): Promise<boolean> {
    const row = await sql.get<{ n: number | string }>(COUNT_MATCHES[sql.dialect], [text, n]);
    return Number(row?.n ?? 0) >= n;
  }

  /** The `WHERE` of a plan, with the rows after `cursor` when given. */
  conditions(plan: ListPlan, cursor?: ListCursor): { clause: string; params: Param[] } {
    return planConditions(plan, cursor);
  }

  /** The `WHERE` of a plan's count (every row, no cursor). */
  countConditions(plan: ListPlan): { clause: string; params: Param[] } {
    return { clause: plan.countWhere.length ? `WHERE ${plan.countWhere.join(' AND ')}` : '', params: plan.countParams ?? plan.params };
  }

  /** Up to `limit` rows after `cursor` (from the start when undefined), with their organisations. */
  batch(sql: Sql, plan: ListPlan, cursor: ListCursor | undefined, limit: number): Promise<ListRow[]> {
    return listBatch(this.requests, sql, plan, cursor, limit);
  }

  /** The words of a text filter; a text with none (only punctuation, quotes, operators) is a 400. */
  private words(text: string | undefined): string[] {
    if (!text?.trim()) return [];
    const words = searchWords(text);
    if (!words.length) {
      throw new DomainError('VALIDATION_FAILED', 'text has no word to search for', {
        fields: [{ field: 'text', message: 'give at least one word of letters or digits' }],
      });
    }
    return words;
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
