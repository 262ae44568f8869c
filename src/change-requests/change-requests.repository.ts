import { Injectable } from '@nestjs/common';
import { sql, statementFor, type Dialect, type Param, type Sql } from '../database/sql';
import { swedishListSortKey, swedishSortKey } from '../common/swedish-sort-key';
import type { DeadlineRow } from './change-request-deadlines';
import type { ActorRef, CancelledAction, CommunicationAction, Spokesperson, ThreadEntry } from './change-request.types';

/** One change_requests row: the persisted snapshot is the truth, the other columns its projections. */
export interface ChangeRequestRow {
  id: string;
  workflow_id: string;
  workflow_version: number;
  reference: string | null;
  title: string;
  type: string;
  state: string;
  state_value: string;
  snapshot: string;
  version: number;
  search_text: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  state_entered_at: string;
  received_at: string | null;
  decided_at: string | null;
  communicated_at: string | null;
  is_draft: number;
  closed_at: string | null;
  /** The nearest due date of its open deadlines that are running (not paused), kept by ChangeRequestDeadlines. */
  next_due_on: string | null;
}

export const ROW_COLUMNS = `id, workflow_id, workflow_version, reference, title, type, state, state_value, snapshot,
  version, search_text, created_by, created_at, updated_at, state_entered_at, received_at, decided_at, communicated_at,
  is_draft, closed_at, next_due_on`;

/** The row's columns that an event may change. */
export type RowChanges = Omit<ChangeRequestRow, 'id' | 'workflow_id' | 'workflow_version' | 'created_by' | 'created_at' | 'next_due_on'>;

const FIND = sql(`SELECT ${ROW_COLUMNS} FROM change_requests WHERE id = ?`);
const FIND_FOR_UPDATE = sql(`SELECT ${ROW_COLUMNS} FROM change_requests WHERE id = ? FOR UPDATE`);
// title_key and organisation_key are the list's sort keys (swedish-sort-key.ts), kept here with the columns they follow.
const INSERT = sql(
  `INSERT INTO change_requests (${ROW_COLUMNS}, title_key, organisation_key)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
);
const SAVE = sql(`UPDATE change_requests SET reference = ?, title = ?, type = ?, state = ?, state_value = ?, snapshot = ?,
  version = ?, search_text = ?, updated_at = ?, state_entered_at = ?, received_at = ?, decided_at = ?, communicated_at = ?,
  is_draft = ?, closed_at = ?, title_key = ? WHERE id = ? AND version = ?`);
const INSERT_LINK = sql(`INSERT INTO change_request_organisations (change_request_id, organisation_id) VALUES (?, ?)`);
const DELETE_LINKS = sql(`DELETE FROM change_request_organisations WHERE change_request_id = ?`);
const SET_ORGANISATION_KEY = sql(`UPDATE change_requests SET organisation_key = ? WHERE id = ?`);
const INSERT_ENTRY = sql(`INSERT INTO change_request_entries (change_request_id, n, kind, text, at, actor) VALUES (?, ?, ?, ?, ?, ?)`);
const LATEST_ENTRIES = sql(
  `SELECT n, kind, text, at, actor FROM change_request_entries WHERE change_request_id = ? ORDER BY n DESC LIMIT ?`,
);
const ENTRIES_BEFORE = sql(
  `SELECT n, kind, text, at, actor FROM change_request_entries WHERE change_request_id = ? AND n < ? ORDER BY n DESC LIMIT ?`,
);
const INSERT_ACTION = sql(`INSERT INTO communication_actions (change_request_id, id, n, audience, channel, planned_at)
  VALUES (?, ?, ?, ?, ?, ?)`);
const MARK_ACTION_DONE = sql(`UPDATE communication_actions SET done_at = ?, done_by = ?, recorded_at = ?, link = ?
  WHERE change_request_id = ? AND id = ?`);
const RESCHEDULE_ACTION = sql(`UPDATE communication_actions SET planned_at = ? WHERE change_request_id = ? AND id = ?`);
const CANCEL_ACTION = sql(`UPDATE communication_actions SET cancelled_at = ?, cancelled_by = ?, cancel_reason = ?
  WHERE change_request_id = ? AND id = ?`);
const INSERT_SPOKESPERSON = sql(`INSERT INTO spokespersons (change_request_id, n, name, title) VALUES (?, ?, ?, ?)`);

/** The newest thread entries a request's page and answer carry; older ones are paged. */
export const THREAD_PAGE = 20;

/**
 * A request's rows of its own (newest thread entries, communication actions, spokespersons) as
 * four JSON columns of one statement on `change_requests cr`, so loading them is one trip.
 */
const DETAIL_COLUMNS = {
  sqlite: `(SELECT json_group_array(json_array(n, kind, text, at, json(actor)) ORDER BY n) FROM (SELECT n, kind, text, at, actor
      FROM change_request_entries e WHERE e.change_request_id = cr.id ORDER BY n DESC LIMIT ${THREAD_PAGE})) AS thread_json,
    (SELECT json_group_array(json_array(id, audience, channel, planned_at, done_at, json(done_by), link, cancelled_at, json(cancelled_by), cancel_reason) ORDER BY n)
      FROM communication_actions a WHERE a.change_request_id = cr.id) AS actions_json,
    (SELECT json_group_array(json_array(name, title) ORDER BY n) FROM spokespersons s WHERE s.change_request_id = cr.id) AS spokespersons_json,
    (SELECT json_group_array(json_array(id, kind, awaits, started_at, due_on, paused_at, met_at, met_by) ORDER BY started_at, id)
      FROM deadlines d WHERE d.change_request_id = cr.id) AS deadlines_json`,
  postgres: `(SELECT COALESCE(json_agg(json_build_array(n, kind, text, at, actor::json) ORDER BY n), '[]'::json) FROM (SELECT n, kind, text, at, actor
      FROM change_request_entries e WHERE e.change_request_id = cr.id ORDER BY n DESC LIMIT ${THREAD_PAGE}) t) AS thread_json,
    (SELECT COALESCE(json_agg(json_build_array(id, audience, channel, planned_at, done_at, done_by::json, link, cancelled_at, cancelled_by::json, cancel_reason) ORDER BY n), '[]'::json)
      FROM communication_actions a WHERE a.change_request_id = cr.id) AS actions_json,
    (SELECT COALESCE(json_agg(json_build_array(name, title) ORDER BY n), '[]'::json) FROM spokespersons s
      WHERE s.change_request_id = cr.id) AS spokespersons_json,
    (SELECT COALESCE(json_agg(json_build_array(id, kind, awaits, started_at, due_on, paused_at, met_at, met_by) ORDER BY started_at, id), '[]'::json)
      FROM deadlines d WHERE d.change_request_id = cr.id) AS deadlines_json`,
};
const DETAILS = {
  sqlite: sql(`SELECT ${DETAIL_COLUMNS.sqlite} FROM change_requests cr WHERE cr.id = ?`),
  postgres: sql(`SELECT ${DETAIL_COLUMNS.postgres} FROM change_requests cr WHERE cr.id = ?`),
};
const FIND_WITH_DETAILS = {
  sqlite: sql(`SELECT ${ROW_COLUMNS}, ${DETAIL_COLUMNS.sqlite} FROM change_requests cr WHERE cr.id = ?`),
  postgres: sql(`SELECT ${ROW_COLUMNS}, ${DETAIL_COLUMNS.postgres} FROM change_requests cr WHERE cr.id = ?`),
};

interface DetailColumns {
  /** JSON text on SQLite, already parsed on PostgreSQL. */
  thread_json: unknown;
  actions_json: unknown;
  spokespersons_json: unknown;
  deadlines_json: unknown;
}

/** A request's rows of its own, as {@link DETAIL_COLUMNS} carry them. */
export interface OwnRows {
  /** The newest THREAD_PAGE entries, oldest first. */
  thread: (ThreadEntry & { n: number })[];
  communicationActions: CommunicationAction[];
  spokespersons: Spokesperson[];
  deadlines: DeadlineRow[];
}

const json = <T>(value: unknown): T => (typeof value === 'string' ? (JSON.parse(value) as T) : (value as T));

function ownRows(row: DetailColumns): OwnRows {
  type Entry = [number, string, string, string, ActorRef];
  type Action = [
    string,
    CommunicationAction['audience'],
    string,
    string | null,
    string | null,
    ActorRef | null,
    string | null,
    string | null,
    ActorRef | null,
    string | null,
  ];
  return {
    thread: json<Entry[]>(row.thread_json).map(([n, kind, text, at, by]) => ({ n: Number(n), kind, text, at, by })),
    communicationActions: json<Action[]>(row.actions_json).map(
      ([id, audience, channel, plannedAt, doneAt, doneBy, link, cancelledAt, cancelledBy, reason]) => ({
        id,
        audience,
        channel,
        plannedAt,
        doneAt,
        doneBy,
        link,
        cancelled: cancelledAt !== null && cancelledBy !== null ? { at: cancelledAt, by: cancelledBy, reason: reason ?? '' } : null,
      }),
    ),
    spokespersons: json<[string, string][]>(row.spokespersons_json).map(([name, title]) => ({ name, title })),
    deadlines: json<[string, string, string, string, string, string | null, string | null, string | null][]>(row.deadlines_json).map(
      ([id, kind, awaits, started_at, due_on, paused_at, met_at, met_by]) => ({ id, kind, awaits, started_at, due_on, paused_at, met_at, met_by }),
    ),
  };
}

/** A list row: the request, its sort key, the list's total and its requesting organisations. */
export type ListRow = ChangeRequestRow & { sort_key: unknown; total: number | string; organisations_json: unknown };

/** The requesting organisations of `change_requests cr` as one JSON column, sorted. */
export function organisationsColumn(dialect: Dialect): string {
  return dialect === 'sqlite'
    ? `(SELECT json_group_array(organisation_id ORDER BY organisation_id) FROM change_request_organisations o
        WHERE o.change_request_id = cr.id) AS organisations_json`
    : `(SELECT COALESCE(json_agg(organisation_id ORDER BY organisation_id), '[]'::json) FROM change_request_organisations o
        WHERE o.change_request_id = cr.id) AS organisations_json`;
}

export function organisationsOf(row: Pick<ListRow, 'organisations_json'>): string[] {
  return json<string[]>(row.organisations_json);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface EntryRow {
  n: number;
  kind: string;
  text: string;
  at: string;
  actor: string;
}

export interface ThreadPage {
  entries: (ThreadEntry & { n: number })[];
  total: number;
}

function toEntry(row: EntryRow): ThreadEntry & { n: number } {
  return { n: Number(row.n), kind: row.kind, text: row.text, at: row.at, by: JSON.parse(row.actor) as ActorRef };
}

/** The statements behind change requests, each prepared once. */
@Injectable()
export class ChangeRequestsRepository {
  /** The row; with `lock`, taken for the rest of the transaction (PostgreSQL `FOR UPDATE`). */
  async find(db: Sql, id: string, lock = false): Promise<ChangeRequestRow | undefined> {
    if (!UUID.test(id)) return undefined;
    return db.get<ChangeRequestRow>(lock && db.dialect === 'postgres' ? FIND_FOR_UPDATE : FIND, [id]);
  }

  /** The row and its own rows, in one statement. */
  async findWithDetails(db: Sql, id: string): Promise<{ row: ChangeRequestRow; own: OwnRows } | undefined> {
    if (!UUID.test(id)) return undefined;
    const found = await db.get<ChangeRequestRow & DetailColumns>(FIND_WITH_DETAILS[db.dialect], [id]);
    if (!found) return undefined;
    const { thread_json, actions_json, spokespersons_json, deadlines_json, ...row } = found;
    return { row, own: ownRows({ thread_json, actions_json, spokespersons_json, deadlines_json }) };
  }

  /** The request's own rows, in one statement. */
  async details(db: Sql, id: string): Promise<OwnRows> {
    const found = await db.get<DetailColumns>(DETAILS[db.dialect], [id]);
    return found ? ownRows(found) : { thread: [], communicationActions: [], spokespersons: [], deadlines: [] };
  }

  /** Inserts the row and its requesting organisations (`names`: their display names, for the list's order). */
  insert(db: Sql, row: ChangeRequestRow, organisations: string[], names: string[]): void {
    db.defer(INSERT, [
      row.id,
      row.workflow_id,
      row.workflow_version,
      row.reference,
      row.title,
      row.type,
      row.state,
      row.state_value,
      row.snapshot,
      row.version,
      row.search_text,
      row.created_by,
      row.created_at,
      row.updated_at,
      row.state_entered_at,
      row.received_at,
      row.decided_at,
      row.communicated_at,
      row.is_draft,
      row.closed_at,
      row.next_due_on,
      swedishSortKey(row.title),
      swedishListSortKey(names),
    ]);
    for (const organisation of organisations) db.defer(INSERT_LINK, [row.id, organisation]);
  }

  /**
   * Writes an event's outcome if the row is still at `version`; false if someone else changed it.
   * On SQLite the write is deferred and true returned: the row was read inside this transaction
   * on the only writer connection, which holds the write lock, so nothing else can have changed
   * it (the version condition stays in the statement all the same).
   */
  async save(db: Sql, id: string, version: number, c: RowChanges): Promise<boolean> {
    const params = [
      c.reference,
      c.title,
      c.type,
      c.state,
      c.state_value,
      c.snapshot,
      c.version,
      c.search_text,
      c.updated_at,
      c.state_entered_at,
      c.received_at,
      c.decided_at,
      c.communicated_at,
      c.is_draft,
      c.closed_at,
      swedishSortKey(c.title),
      id,
      version,
    ];
    if (db.dialect === 'sqlite') {
      db.defer(SAVE, params);
      return true;
    }
    return (await db.run(SAVE, params)) === 1;
  }

  /** Replaces the requesting organisations, and the list's organisation order with them (by their names). */
  async replaceOrganisations(db: Sql, id: string, organisations: string[]): Promise<void> {
    const names = organisations.length
      ? await db.all<{ name: string }>(statementFor(`SELECT name FROM organisations WHERE id IN (${organisations.map(() => '?').join(', ')})`), organisations)
      : [];
    db.defer(DELETE_LINKS, [id]);
    for (const organisation of organisations) db.defer(INSERT_LINK, [id, organisation]);
    db.defer(SET_ORGANISATION_KEY, [swedishListSortKey(names.map((n) => n.name)), id]);
  }

  appendEntry(db: Sql, id: string, n: number, entry: ThreadEntry): void {
    db.defer(INSERT_ENTRY, [id, n, entry.kind, entry.text, entry.at, JSON.stringify(entry.by)]);
  }

  /** The newest `limit` entries before entry `before` (all when omitted), oldest first. */
  async thread(db: Sql, id: string, total: number, limit: number, before?: number): Promise<ThreadPage> {
    const rows =
      before === undefined
        ? await db.all<EntryRow>(LATEST_ENTRIES, [id, limit])
        : await db.all<EntryRow>(ENTRIES_BEFORE, [id, before, limit]);
    return { entries: rows.map(toEntry).reverse(), total };
  }

  insertAction(db: Sql, id: string, n: number, action: Omit<CommunicationAction, 'doneAt' | 'doneBy' | 'link' | 'cancelled'>): void {
    db.defer(INSERT_ACTION, [id, action.id, n, action.audience, action.channel, action.plannedAt]);
  }

  markActionDone(db: Sql, id: string, actionId: string, done: { at: string; by: ActorRef; recordedAt: string; link: string | null }): void {
    db.defer(MARK_ACTION_DONE, [done.at, JSON.stringify(done.by), done.recordedAt, done.link, id, actionId]);
  }

  rescheduleAction(db: Sql, id: string, actionId: string, plannedAt: string): void {
    db.defer(RESCHEDULE_ACTION, [plannedAt, id, actionId]);
  }

  cancelAction(db: Sql, id: string, actionId: string, cancelled: CancelledAction): void {
    db.defer(CANCEL_ACTION, [cancelled.at, JSON.stringify(cancelled.by), cancelled.reason, id, actionId]);
  }

  insertSpokesperson(db: Sql, id: string, n: number, person: Spokesperson): void {
    db.defer(INSERT_SPOKESPERSON, [id, n, person.name, person.title]);
  }

  /** A page of rows for a list query assembled by the service (with {@link organisationsColumn}). */
  page(db: Sql, text: string, params: Param[]): Promise<ListRow[]> {
    return db.all<ListRow>(statementFor(text), params);
  }

  async count(db: Sql, text: string, params: Param[]): Promise<number> {
    const row = await db.get<{ n: number | string }>(statementFor(text), params);
    return Number(row?.n ?? 0);
  }
}
