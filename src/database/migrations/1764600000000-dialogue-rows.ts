import { MigrationInterface, QueryRunner } from 'typeorm';

interface LegacyActor {
  id: string;
  name: string;
  organisationId: string;
  role: string;
}

interface LegacyContext {
  thread?: { kind: string; text: string; at: string; by: LegacyActor }[];
  communicationActions?: {
    id: string;
    audience: string;
    channel: string;
    plannedAt: string | null;
    doneAt: string | null;
    doneBy: LegacyActor | null;
    link: string | null;
  }[];
  spokespersons?: { name: string; title: string }[];
  [field: string]: unknown;
}

/**
 * The dialogue thread, the communication plan and the spokespersons become rows of their own: a
 * request's snapshot keeps only what the workflow's guards need (counts and the open actions), so
 * an event costs the same however long the request's history is. Existing snapshots are split.
 * Also the projections generic code needs: whether a request is still a draft (the requesting
 * side's working material) and when it reached a final state.
 */
export class DialogueRows1764600000000 implements MigrationInterface {
  name = 'DialogueRows1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE change_request_entries (
      change_request_id varchar(36) NOT NULL REFERENCES change_requests (id),
      n integer NOT NULL,
      kind varchar(60) NOT NULL,
      text text NOT NULL,
      at varchar(30) NOT NULL,
      actor text NOT NULL,
      PRIMARY KEY (change_request_id, n)
    )`);
    await q.query(`CREATE TABLE communication_actions (
      change_request_id varchar(36) NOT NULL REFERENCES change_requests (id),
      id varchar(40) NOT NULL,
      n integer NOT NULL,
      audience varchar(10) NOT NULL,
      channel text NOT NULL,
      planned_at varchar(30) NULL,
      done_at varchar(30) NULL,
      done_by text NULL,
      recorded_at varchar(30) NULL,
      link text NULL,
      cancelled_at varchar(30) NULL,
      cancelled_by text NULL,
      cancel_reason text NULL,
      PRIMARY KEY (change_request_id, id)
    )`);
    await q.query(`CREATE TABLE spokespersons (
      change_request_id varchar(36) NOT NULL REFERENCES change_requests (id),
      n integer NOT NULL,
      name text NOT NULL,
      title text NOT NULL,
      PRIMARY KEY (change_request_id, n)
    )`);
    await q.query(`ALTER TABLE change_requests ADD COLUMN is_draft integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE change_requests ADD COLUMN closed_at varchar(30) NULL`);

    const p = (n: number) => (q.connection.options.type === 'postgres' ? `$${n}` : '?');
    const rows = (await q.query(`SELECT id, state, snapshot, state_entered_at FROM change_requests`)) as {
      id: string;
      state: string;
      snapshot: string;
      state_entered_at: string;
    }[];
    for (const row of rows) {
      const snapshot = JSON.parse(row.snapshot) as { value: unknown; context: LegacyContext };
      const { thread = [], communicationActions = [], spokespersons = [], ...context } = snapshot.context;
      for (const [i, entry] of thread.entries()) {
        await q.query(
          `INSERT INTO change_request_entries (change_request_id, n, kind, text, at, actor) VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)})`,
          [row.id, i + 1, entry.kind, entry.text, entry.at, JSON.stringify(entry.by)],
        );
      }
      for (const [i, a] of communicationActions.entries()) {
        await q.query(
          `INSERT INTO communication_actions (change_request_id, id, n, audience, channel, planned_at, done_at, done_by, recorded_at, link)
           VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, ${p(8)}, ${p(9)}, ${p(10)})`,
          [row.id, a.id, i + 1, a.audience, a.channel, a.plannedAt, a.doneAt, a.doneBy ? JSON.stringify(a.doneBy) : null, a.doneAt, a.link],
        );
      }
      for (const [i, s] of spokespersons.entries()) {
        await q.query(
          `INSERT INTO spokespersons (change_request_id, n, name, title) VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)})`,
          [row.id, i + 1, s.name, s.title],
        );
      }
      const next = {
        value: snapshot.value,
        context: {
          ...context,
          counts: { thread: thread.length, communication: communicationActions.length, spokespersons: spokespersons.length },
          openActions: communicationActions.filter((a) => a.doneAt === null).map((a) => a.id),
        },
      };
      const closed = row.state === 'communicated' || row.state === 'withdrawn';
      await q.query(
        `UPDATE change_requests SET snapshot = ${p(1)}, is_draft = ${p(2)}, closed_at = ${p(3)} WHERE id = ${p(4)}`,
        [JSON.stringify(next), row.state === 'draft' ? 1 : 0, closed ? row.state_entered_at : null, row.id],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE spokespersons`);
    await q.query(`DROP TABLE communication_actions`);
    await q.query(`DROP TABLE change_request_entries`);
  }
}
