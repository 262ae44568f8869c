import { Injectable } from '@nestjs/common';
import { placeholders, sql, statementFor, type Sql } from '../database/sql';
import type { RosterMember } from './meeting.types';

export interface MeetingRow {
  id: string;
  reference: string;
  title: string;
  workflow_id: string;
  workflow_version: number;
  state: string;
  state_value: string;
  snapshot: string;
  version: number;
  starts_at: string;
  created_at: string;
  updated_at: string;
  justerat_at: string | null;
}

const COLUMNS = 'id, reference, title, workflow_id, workflow_version, state, state_value, snapshot, version, starts_at, created_at, updated_at, justerat_at';
const BY_ID = sql(`SELECT ${COLUMNS} FROM meetings WHERE id = ?`);
const BY_ID_LOCKED = sql(`SELECT ${COLUMNS} FROM meetings WHERE id = ? FOR UPDATE`);
const BY_ID_SHARED = sql(`SELECT ${COLUMNS} FROM meetings WHERE id = ? FOR SHARE`);
const REFERENCE_TAKEN = sql(`SELECT 1 AS found FROM meetings WHERE reference = ?`);
const INSERT = sql(`INSERT INTO meetings (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
const SAVE = sql(`UPDATE meetings SET state = ?, state_value = ?, snapshot = ?, version = ?, updated_at = ?, justerat_at = ?
  WHERE id = ? AND version = ?`);
const PAGE = sql(`SELECT ${COLUMNS} FROM meetings ORDER BY starts_at DESC, id DESC LIMIT ? OFFSET ?`);
const COUNT = sql(`SELECT COUNT(*) AS n FROM meetings`);
const ADD_ITEM = sql(`INSERT INTO meeting_agenda_items (meeting_id, change_request_id, position) VALUES (?, ?, ?)`);
const MEETINGS_OF_REQUEST = sql(`SELECT m.id, m.reference, m.state, m.starts_at, m.justerat_at FROM meeting_agenda_items a
  JOIN meetings m ON m.id = a.meeting_id WHERE a.change_request_id = ? ORDER BY m.starts_at, m.id`);
const DIALOGUE = sql(`SELECT id FROM change_requests WHERE state = 'dialogue' ORDER BY received_at, id LIMIT 200`);
const ROSTER = sql(`SELECT m.user_id AS id, u.name AS name, m.organisation_id, m.organisation_name, m.kind, m.chair, m.voting
  FROM steering_group_members m JOIN users u ON u.id = m.user_id WHERE u.active = 1 ORDER BY m.position`);
const ROSTER_INSERT_MISSING = sql(`INSERT INTO steering_group_members (user_id, organisation_id, organisation_name, kind, chair, voting, position)
  VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id) DO NOTHING`);

interface RosterRow {
  id: string;
  name: string;
  organisation_id: string;
  organisation_name: string;
  kind: string;
  chair: number | string;
  voting: number | string;
}

/** The meeting summary a change request shows for each meeting it was on. */
export interface RequestMeetingRow {
  id: string;
  reference: string;
  state: string;
  starts_at: string;
  justerat_at: string | null;
}

/** Meetings, their agenda index and programstyrgruppen's roster. */
@Injectable()
export class MeetingsRepository {
  /** `lock`: FOR UPDATE (the meeting's own events); `share`: FOR SHARE (a decision taken at it). */
  find(db: Sql, id: string, lock?: 'update' | 'share'): Promise<MeetingRow | undefined> {
    const statement = db.dialect === 'postgres' && lock ? (lock === 'update' ? BY_ID_LOCKED : BY_ID_SHARED) : BY_ID;
    return db.get<MeetingRow>(statement, [id]);
  }

  async referenceTaken(db: Sql, reference: string): Promise<boolean> {
    return (await db.get(REFERENCE_TAKEN, [reference])) !== undefined;
  }

  async insert(db: Sql, row: MeetingRow): Promise<void> {
    await db.run(INSERT, [
      row.id, row.reference, row.title, row.workflow_id, row.workflow_version, row.state, row.state_value, row.snapshot,
      row.version, row.starts_at, row.created_at, row.updated_at, row.justerat_at,
    ]);
  }

  async save(db: Sql, row: MeetingRow, previousVersion: number): Promise<boolean> {
    const changed = await db.run(SAVE, [row.state, row.state_value, row.snapshot, row.version, row.updated_at, row.justerat_at, row.id, previousVersion]);
    return changed === 1;
  }

  page(db: Sql, limit: number, offset: number): Promise<MeetingRow[]> {
    return db.all<MeetingRow>(PAGE, [limit, offset]);
  }

  async count(db: Sql): Promise<number> {
    return Number((await db.get<{ n: number | string }>(COUNT))?.n ?? 0);
  }

  async addAgendaItem(db: Sql, meetingId: string, changeRequestId: string, position: number): Promise<void> {
    await db.run(ADD_ITEM, [meetingId, changeRequestId, position]);
  }

  meetingsOfRequest(db: Sql, changeRequestId: string): Promise<RequestMeetingRow[]> {
    return db.all<RequestMeetingRow>(MEETINGS_OF_REQUEST, [changeRequestId]);
  }

  /** Change requests in dialogue, oldest received first (candidates for an agenda). */
  async dialogueRequests(db: Sql): Promise<string[]> {
    return (await db.all<{ id: string }>(DIALOGUE)).map((r) => r.id);
  }

  async justering(db: Sql, ids: string[]): Promise<Map<string, string | null>> {
    if (ids.length === 0) return new Map();
    const rows = await db.all<{ id: string; justerat_at: string | null }>(
      statementFor(`SELECT id, justerat_at FROM meetings WHERE id IN (${placeholders(ids.length)})`),
      ids,
    );
    return new Map(rows.map((r) => [r.id, r.justerat_at]));
  }

  async roster(db: Sql): Promise<RosterMember[]> {
    const rows = await db.all<RosterRow>(ROSTER);
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      organisationId: r.organisation_id,
      organisationName: r.organisation_name,
      kind: r.kind === 'substitute' ? 'substitute' : 'ordinary',
      chair: Number(r.chair) === 1,
      voting: Number(r.voting) === 1,
    }));
  }

  async insertRosterMember(db: Sql, m: Omit<RosterMember, 'name'>, position: number): Promise<void> {
    await db.run(ROSTER_INSERT_MISSING, [m.id, m.organisationId, m.organisationName, m.kind, m.chair ? 1 : 0, m.voting ? 1 : 0, position]);
  }
}
