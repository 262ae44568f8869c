import { MeetingsRepository } from '../meeting-store/meetings.repository';
import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/actor';
import { sql, type Sql } from '../database/sql';
import type { PersistedSnapshot } from '../workflow/workflow.types';
import { canSee, notFound, visibilityCondition } from './change-request-access';
import { ChangeRequestWorkflows, type ChangeRequestWorkflow } from './change-request-workflows';
import type { ChangeRequestContext } from './change-request.types';
import type { RequestDetails } from './change-request.mapper';
import { ChangeRequestRow, ChangeRequestsRepository, ROW_COLUMNS } from './change-requests.repository';

export { THREAD_PAGE } from './change-requests.repository';

/** A stored request, parsed once. */
export interface LoadedRequest {
  row: ChangeRequestRow;
  persisted: PersistedSnapshot<ChangeRequestContext>;
  context: ChangeRequestContext;
  workflow: ChangeRequestWorkflow;
}

/** Moments the weekly report asks about (indexed projections of the row). */
export type Moment = 'received_at' | 'decided_at' | 'communicated_at';

const BETWEEN: Record<Moment, ReturnType<typeof sql>> = {
  received_at: sql(`SELECT ${ROW_COLUMNS} FROM change_requests cr WHERE received_at >= ? AND received_at < ? AND is_draft = 0
    ORDER BY received_at, id LIMIT ?`),
  decided_at: sql(`SELECT ${ROW_COLUMNS} FROM change_requests cr WHERE decided_at >= ? AND decided_at < ? AND is_draft = 0
    ORDER BY decided_at, id LIMIT ?`),
  communicated_at: sql(`SELECT ${ROW_COLUMNS} FROM change_requests cr WHERE communicated_at >= ? AND communicated_at < ?
    AND is_draft = 0 ORDER BY communicated_at, id LIMIT ?`),
};
const OPEN = sql(`SELECT ${ROW_COLUMNS} FROM change_requests cr WHERE closed_at IS NULL AND is_draft = 0 AND created_at < ?
  ORDER BY state_entered_at, id LIMIT ?`);
const COUNT_BETWEEN: Record<Moment, ReturnType<typeof sql>> = {
  received_at: sql(`SELECT COUNT(*) AS n FROM change_requests WHERE received_at >= ? AND received_at < ? AND is_draft = 0`),
  decided_at: sql(`SELECT COUNT(*) AS n FROM change_requests WHERE decided_at >= ? AND decided_at < ? AND is_draft = 0`),
  communicated_at: sql(`SELECT COUNT(*) AS n FROM change_requests WHERE communicated_at >= ? AND communicated_at < ? AND is_draft = 0`),
};
/** Deadlines open at an instant (started before it, not met by it) whose due date lies before a day. */
const OVERDUE_WHERE = `d.started_at < ? AND (d.met_at IS NULL OR d.met_at >= ?) AND (d.paused_at IS NULL OR d.paused_at >= ?) AND d.due_on < ?`;
const OVERDUE_AT = sql(`SELECT ${ROW_COLUMNS}, od.deadline_kind, od.deadline_due FROM change_requests cr
  JOIN (SELECT d.change_request_id, d.kind AS deadline_kind, d.due_on AS deadline_due FROM deadlines d WHERE ${OVERDUE_WHERE}) od
    ON od.change_request_id = cr.id
  WHERE cr.is_draft = 0 ORDER BY od.deadline_due, cr.id LIMIT ?`);
const COUNT_OVERDUE_AT = sql(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM deadlines d WHERE ${OVERDUE_WHERE} LIMIT ?) AS counted`);
/**
 * Open requests per state, each state counted up to a bound: the states are found by skipping
 * through the open-requests index (one probe a state, not a pass over every open request), and
 * each is counted up to the bound along that index (the ORDER BY keeps the count on it: it holds
 * created_at), so the statement costs the same over a thousand open requests or a million.
 */
const OPEN_BY_STATE = sql(`WITH RECURSIVE open_states(state) AS (
    SELECT MIN(state) FROM change_requests WHERE closed_at IS NULL AND is_draft = 0
    UNION ALL
    SELECT (SELECT MIN(cr.state) FROM change_requests cr WHERE cr.closed_at IS NULL AND cr.is_draft = 0 AND cr.state > open_states.state)
    FROM open_states WHERE open_states.state IS NOT NULL
  )
  SELECT state, (SELECT COUNT(*) FROM (SELECT 1 FROM change_requests c WHERE c.state = open_states.state AND c.closed_at IS NULL
    AND c.is_draft = 0 AND c.created_at < ? ORDER BY c.state_entered_at LIMIT ?) AS counted) AS n
  FROM open_states WHERE state IS NOT NULL ORDER BY state`);
const OPEN_IN_STATE = sql(`SELECT ${ROW_COLUMNS} FROM change_requests cr WHERE state = ? AND closed_at IS NULL AND is_draft = 0
  AND created_at < ? ORDER BY state_entered_at, id LIMIT ?`);
const OPEN_ACTIONS_OF_DECIDED = sql(`SELECT a.change_request_id, cr.reference, cr.title, a.audience, a.channel, a.planned_at
  FROM change_requests cr JOIN communication_actions a ON a.change_request_id = cr.id
  WHERE cr.decided_at IS NOT NULL AND cr.closed_at IS NULL AND cr.is_draft = 0 AND a.done_at IS NULL AND a.cancelled_at IS NULL
  ORDER BY cr.decided_at, cr.id, a.n LIMIT ?`);

/** A communication action not yet done, of a decided request that is still open. */
export interface OpenAction {
  changeRequestId: string;
  reference: string | null;
  title: string;
  audience: 'internal' | 'external';
  channel: string;
  plannedAt: string | null;
}

/**
 * The change-request module's read API: loading a request the caller may see (the one place
 * visibility is decided), its rows of dialogue, communication and spokespersons, and the
 * selections reports make.
 */
@Injectable()
export class ChangeRequestReader {
  constructor(
    private readonly requests: ChangeRequestsRepository,
    private readonly workflows: ChangeRequestWorkflows,
    private readonly meetings: MeetingsRepository,
  ) {}

  /** Parses the stored snapshot (once) and finds the request's workflow. */
  load(row: ChangeRequestRow): LoadedRequest {
    const persisted = JSON.parse(row.snapshot) as PersistedSnapshot<ChangeRequestContext>;
    return { row, persisted, context: persisted.context, workflow: this.workflows.forCase(row.workflow_id, row.workflow_version) };
  }

  isVisible(actor: Actor, request: LoadedRequest): boolean {
    return canSee(actor, { requestingOrganisations: request.context.requestingOrganisations, isDraft: request.row.is_draft === 1 });
  }

  /** The request if the caller may see it; an unknown and an invisible one are both 404. */
  async visible(db: Sql, actor: Actor, id: string, lock = false): Promise<LoadedRequest> {
    const row = await this.requests.find(db, id, lock);
    if (!row) throw notFound(id);
    const request = this.load(row);
    if (!this.isVisible(actor, request)) throw notFound(id);
    return request;
  }

  /** The request with its rows of its own (one statement) and its meetings, sent together; a GET needs no transaction. */
  async visibleWithDetails(db: Sql, actor: Actor, id: string): Promise<LoadedRequest & { details: RequestDetails }> {
    // Sent together (one trip); the meetings are dropped when the caller may not see the request.
    const [found, meetings] = await Promise.all([this.requests.findWithDetails(db, id), this.meetings.meetingsOfRequest(db, id)]);
    if (!found) throw notFound(id);
    const request = this.load(found.row);
    if (!this.isVisible(actor, request)) throw notFound(id);
    return { ...request, details: { ...found.own, threadTotal: request.context.counts.thread, meetings } };
  }

  /** When each meeting's minutes were adjusted (null while not), by meeting id. */
  async meetingJustering(db: Sql, meetingIds: string[]): Promise<Map<string, string | null>> {
    return this.meetings.justering(db, meetingIds);
  }

  /** The request's rows of its own (the newest thread entries, one statement) and its meetings. */
  async details(db: Sql, id: string, context: ChangeRequestContext): Promise<RequestDetails> {
    // Sent together: one trip to the database for both.
    const [own, meetings] = await Promise.all([this.requests.details(db, id), this.meetings.meetingsOfRequest(db, id)]);
    return { ...own, threadTotal: context.counts.thread, meetings };
  }

  /** Thread entries before entry `before` (the newest when omitted), oldest first. */
  async thread(db: Sql, request: LoadedRequest, limit: number, before?: number) {
    return this.requests.thread(db, request.row.id, request.context.counts.thread, limit, before);
  }

  /** Submitted requests whose moment falls in [from, to), oldest first, at most `limit`. */
  async happenedBetween(db: Sql, moment: Moment, from: string, to: string, limit: number): Promise<LoadedRequest[]> {
    const rows = await db.all<ChangeRequestRow>(BETWEEN[moment], [from, to, limit]);
    return rows.map((row) => this.load(row));
  }

  /** Submitted requests not in a final state that existed before `to`, longest in their state first. */
  async openBefore(db: Sql, to: string, limit: number): Promise<LoadedRequest[]> {
    return (await db.all<ChangeRequestRow>(OPEN, [to, limit])).map((row) => this.load(row));
  }

  /**
   * The deadlines that were overdue at instant `at` (open then, due before `today`, the calendar
   * day of `at`), nearest due first, with their requests; and how many there were, counted up to
   * `bound` (`totalExact: false` and `total` the bound when there are more).
   */
  async overdueAt(
    db: Sql,
    at: string,
    today: string,
    limit: number,
    bound: number,
  ): Promise<{ rows: (LoadedRequest & { kind: string; dueOn: string })[]; total: number; totalExact: boolean }> {
    const params = [at, at, at, today];
    const rows = await db.all<ChangeRequestRow & { deadline_kind: string; deadline_due: string }>(OVERDUE_AT, [...params, limit]);
    const counted =
      rows.length < limit ? rows.length : Number((await db.get<{ n: number | string }>(COUNT_OVERDUE_AT, [...params, bound + 1]))?.n ?? 0);
    return {
      rows: rows.map((row) => ({ ...this.load(row), kind: row.deadline_kind, dueOn: row.deadline_due })),
      total: Math.min(counted, bound),
      totalExact: counted <= bound,
    };
  }

  /** How many submitted requests' moment falls in [from, to). */
  async countBetween(db: Sql, moment: Moment, from: string, to: string): Promise<number> {
    return Number((await db.get<{ n: number | string }>(COUNT_BETWEEN[moment], [from, to]))?.n ?? 0);
  }

  /**
   * Submitted requests not in a final state that existed before `to`, counted per state up to
   * `bound` (`exact: false` and `count` the bound when a state has more); states without any are left out.
   */
  async openCountsBefore(db: Sql, to: string, bound: number): Promise<{ state: string; count: number; exact: boolean }[]> {
    const rows = await db.all<{ state: string; n: number | string }>(OPEN_BY_STATE, [to, bound + 1]);
    return rows
      .map((r) => ({ state: r.state, counted: Number(r.n) }))
      .filter((r) => r.counted > 0)
      .map((r) => ({ state: r.state, count: Math.min(r.counted, bound), exact: r.counted <= bound }));
  }

  /** The open requests in one state longest in it, at most `limit`. */
  async openInStateBefore(db: Sql, state: string, to: string, limit: number): Promise<LoadedRequest[]> {
    return (await db.all<ChangeRequestRow>(OPEN_IN_STATE, [state, to, limit])).map((row) => this.load(row));
  }

  /** Communication actions not yet done of decided requests still open, oldest decision first, in one statement. */
  async openActionsOfDecided(db: Sql, limit: number): Promise<OpenAction[]> {
    const rows = await db.all<{
      change_request_id: string;
      reference: string | null;
      title: string;
      audience: OpenAction['audience'];
      channel: string;
      planned_at: string | null;
    }>(OPEN_ACTIONS_OF_DECIDED, [limit]);
    return rows.map((r) => ({
      changeRequestId: r.change_request_id,
      reference: r.reference,
      title: r.title,
      audience: r.audience,
      channel: r.channel,
      plannedAt: r.planned_at,
    }));
  }


  /** The visibility condition for list queries (see change-request-access). */
  visibility(actor: Actor) {
    return visibilityCondition(actor);
  }
}
