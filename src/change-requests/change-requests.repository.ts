import { Injectable } from '@nestjs/common';
import { placeholders, sql, statementFor, type Param, type Sql } from '../database/sql';
import type { ActorRef, CommunicationAction, Spokesperson, ThreadEntry } from './change-request.types';

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
}

export const ROW_COLUMNS = `id, workflow_id, workflow_version, reference, title, type, state, state_value, snapshot,
  version, search_text, created_by, created_at, updated_at, state_entered_at, received_at, decided_at, communicated_at,
  is_draft, closed_at`;

/** The row's columns that an event may change. */
export type RowChanges = Omit<ChangeRequestRow, 'id' | 'workflow_id' | 'workflow_version' | 'created_by' | 'created_at'>;

const FIND = sql(`SELECT ${ROW_COLUMNS} FROM change_requests WHERE id = ?`);
const FIND_FOR_UPDATE = sql(`SELECT ${ROW_COLUMNS} FROM change_requests WHERE id = ? FOR UPDATE`);
const INSERT = sql(
  `INSERT INTO change_requests (${ROW_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
);
const SAVE = sql(`UPDATE change_requests SET reference = ?, title = ?, type = ?, state = ?, state_value = ?, snapshot = ?,
  version = ?, search_text = ?, updated_at = ?, state_entered_at = ?, received_at = ?, decided_at = ?, communicated_at = ?,
  is_draft = ?, closed_at = ? WHERE id = ? AND version = ?`);
const INSERT_LINK = sql(`INSERT INTO change_request_organisations (change_request_id, organisation_id) VALUES (?, ?)`);
const DELETE_LINKS = sql(`DELETE FROM change_request_organisations WHERE change_request_id = ?`);
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
const ACTIONS = sql(`SELECT id, audience, channel, planned_at, done_at, done_by, link FROM communication_actions
  WHERE change_request_id = ? ORDER BY n`);
const INSERT_SPOKESPERSON = sql(`INSERT INTO spokespersons (change_request_id, n, name, title) VALUES (?, ?, ?, ?)`);
const SPOKESPERSONS = sql(`SELECT name, title FROM spokespersons WHERE change_request_id = ? ORDER BY n`);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface EntryRow {
  n: number;
  kind: string;
  text: string;
  at: string;
  actor: string;
}

interface ActionRow {
  id: string;
  audience: CommunicationAction['audience'];
  channel: string;
  planned_at: string | null;
  done_at: string | null;
  done_by: string | null;
  link: string | null;
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

  async insert(db: Sql, row: ChangeRequestRow, organisations: string[]): Promise<void> {
    await db.run(INSERT, [
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
    ]);
    for (const organisation of organisations) await db.run(INSERT_LINK, [row.id, organisation]);
  }

  /** Writes an event's outcome if the row is still at `version`; false if someone else changed it. */
  async save(db: Sql, id: string, version: number, c: RowChanges): Promise<boolean> {
    const changed = await db.run(SAVE, [
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
      id,
      version,
    ]);
    return changed === 1;
  }

  async replaceOrganisations(db: Sql, id: string, organisations: string[]): Promise<void> {
    await db.run(DELETE_LINKS, [id]);
    for (const organisation of organisations) await db.run(INSERT_LINK, [id, organisation]);
  }

  /** Requesting organisations of several requests (a page of a list), sorted. */
  async organisationsOf(db: Sql, ids: string[]): Promise<Map<string, string[]>> {
    const map = new Map<string, string[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return map;
    const rows = await db.all<{ change_request_id: string; organisation_id: string }>(
      statementFor(
        `SELECT change_request_id, organisation_id FROM change_request_organisations
         WHERE change_request_id IN (${placeholders(ids.length)}) ORDER BY organisation_id`,
      ),
      ids,
    );
    for (const row of rows) map.get(row.change_request_id)?.push(row.organisation_id);
    return map;
  }

  async appendEntry(db: Sql, id: string, n: number, entry: ThreadEntry): Promise<void> {
    await db.run(INSERT_ENTRY, [id, n, entry.kind, entry.text, entry.at, JSON.stringify(entry.by)]);
  }

  /** The newest `limit` entries before entry `before` (all when omitted), oldest first. */
  async thread(db: Sql, id: string, total: number, limit: number, before?: number): Promise<ThreadPage> {
    const rows =
      before === undefined
        ? await db.all<EntryRow>(LATEST_ENTRIES, [id, limit])
        : await db.all<EntryRow>(ENTRIES_BEFORE, [id, before, limit]);
    return { entries: rows.map(toEntry).reverse(), total };
  }

  async insertAction(db: Sql, id: string, n: number, action: Omit<CommunicationAction, 'doneAt' | 'doneBy' | 'link'>): Promise<void> {
    await db.run(INSERT_ACTION, [id, action.id, n, action.audience, action.channel, action.plannedAt]);
  }

  async markActionDone(db: Sql, id: string, actionId: string, done: { at: string; by: ActorRef; recordedAt: string; link: string | null }): Promise<void> {
    await db.run(MARK_ACTION_DONE, [done.at, JSON.stringify(done.by), done.recordedAt, done.link, id, actionId]);
  }

  async actions(db: Sql, id: string): Promise<CommunicationAction[]> {
    const rows = await db.all<ActionRow>(ACTIONS, [id]);
    return rows.map((r) => ({
      id: r.id,
      audience: r.audience,
      channel: r.channel,
      plannedAt: r.planned_at,
      doneAt: r.done_at,
      doneBy: r.done_by === null ? null : (JSON.parse(r.done_by) as ActorRef),
      link: r.link,
    }));
  }

  async insertSpokesperson(db: Sql, id: string, n: number, person: Spokesperson): Promise<void> {
    await db.run(INSERT_SPOKESPERSON, [id, n, person.name, person.title]);
  }

  async spokespersons(db: Sql, id: string): Promise<Spokesperson[]> {
    return db.all<Spokesperson>(SPOKESPERSONS, [id]);
  }

  /** A page of rows for a list query assembled by ChangeRequestQueries. */
  page(db: Sql, text: string, params: Param[]): Promise<ChangeRequestRow[]> {
    return db.all<ChangeRequestRow>(statementFor(text), params);
  }

  async count(db: Sql, text: string, params: Param[]): Promise<number> {
    const row = await db.get<{ n: number | string }>(statementFor(text), params);
    return Number(row?.n ?? 0);
  }
}
