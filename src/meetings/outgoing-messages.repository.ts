import { Injectable } from '@nestjs/common';
import { placeholders, sql, statementFor, type Sql } from '../database/sql';

export interface OutgoingMessageRow {
  id: string;
  registration: string;
  meeting_id: string;
  change_request_id: string;
  organisation_id: string;
  subject: string;
  body: string;
  registered_at: string;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
}

const COLUMNS = 'id, registration, meeting_id, change_request_id, organisation_id, subject, body, registered_at, acknowledged_at, acknowledged_by';
const INSERT = sql(`INSERT INTO outgoing_messages (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)`);
const BY_ID = sql(`SELECT ${COLUMNS} FROM outgoing_messages WHERE id = ?`);
const ALL = sql(`SELECT ${COLUMNS} FROM outgoing_messages ORDER BY registered_at DESC, registration LIMIT 500`);
const OF_MEETING = sql(`SELECT ${COLUMNS} FROM outgoing_messages WHERE meeting_id = ? ORDER BY registration`);
const ACKNOWLEDGE = sql(`UPDATE outgoing_messages SET acknowledged_at = ?, acknowledged_by = ? WHERE id = ? AND acknowledged_at IS NULL`);

/** The registered outgoing messages of expediering (SPEC §10) and their receipts. */
@Injectable()
export class OutgoingMessagesRepository {
  async insert(db: Sql, r: Omit<OutgoingMessageRow, 'acknowledged_at' | 'acknowledged_by'>): Promise<void> {
    await db.run(INSERT, [r.id, r.registration, r.meeting_id, r.change_request_id, r.organisation_id, r.subject, r.body, r.registered_at]);
  }

  find(db: Sql, id: string): Promise<OutgoingMessageRow | undefined> {
    return db.get<OutgoingMessageRow>(BY_ID, [id]);
  }

  /** Every message (organisations undefined) or those to the given organisations, newest first. */
  list(db: Sql, organisations?: string[]): Promise<OutgoingMessageRow[]> {
    if (organisations === undefined) return db.all<OutgoingMessageRow>(ALL);
    if (organisations.length === 0) return Promise.resolve([]);
    return db.all<OutgoingMessageRow>(
      statementFor(`SELECT ${COLUMNS} FROM outgoing_messages WHERE organisation_id IN (${placeholders(organisations.length)})
        ORDER BY registered_at DESC, registration LIMIT 500`),
      organisations,
    );
  }

  ofMeeting(db: Sql, meetingId: string): Promise<OutgoingMessageRow[]> {
    return db.all<OutgoingMessageRow>(OF_MEETING, [meetingId]);
  }

  async acknowledge(db: Sql, id: string, at: string, by: string): Promise<boolean> {
    return (await db.run(ACKNOWLEDGE, [at, by, id])) === 1;
  }
}
