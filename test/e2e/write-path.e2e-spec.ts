import { AuditRepository } from '../../src/audit/audit.repository';
import { Database } from '../../src/database/database';
import { sql } from '../../src/database/sql';
import { api, SJUHARAD_DRAFT } from '../support/api';
import { createTestApp, TestApp } from '../support/create-test-app';
import { captureErrorLogs } from '../support/test-logger';

/**
 * SPEC §8, the write path: reads see committed data only and never wait for a write; on SQLite
 * the events that arrive while the writer is busy share one transaction, each in a savepoint of
 * its own, so one that fails leaves the others committed and itself leaves nothing behind.
 */

type Api = ReturnType<typeof api>;

const UPDATE_TITLE = sql('UPDATE change_requests SET title = ? WHERE id = ?');

async function createDraft(call: Api, title = SJUHARAD_DRAFT.title): Promise<string> {
  return (await call.post('sjuharad.handlaggare', '/api/change-requests', { ...SJUHARAD_DRAFT, title }).expect(201)).body.id as string;
}

describe('the write path (e2e)', () => {
  let t: TestApp;
  let call: Api;
  let database: Database;

  beforeAll(async () => {
    t = await createTestApp();
    call = api(t);
    database = t.app.get(Database);
  });
  afterAll(() => t?.close());
  afterEach(() => jest.restoreAllMocks());

  it('a read during an open write transaction answers at once with the committed state, not the uncommitted one', async () => {
    const id = await createDraft(call, 'Titel före');
    let during: { title: string; version: number } | undefined;
    await database.write(async (ctx) => {
      await ctx.sql.run(UPDATE_TITLE, ['Titel under skrivning', id]);
      // If reads waited for the writer, this read would wait for this very unit: a deadlock,
      // which the race below turns into a failure.
      const read = call.get('sjuharad.handlaggare', `/api/change-requests/${id}`).expect(200);
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the read waited for the write')), 5_000).unref());
      during = (await Promise.race([read, timeout])).body;
    });
    expect(during).toMatchObject({ title: 'Titel före', version: 1 });
    const after = (await call.get('sjuharad.handlaggare', `/api/change-requests/${id}`).expect(200)).body;
    expect(after.title).toBe('Titel under skrivning');
  });

  it('a failing event inside a group (SQLite; its own transaction on PostgreSQL) rolls back alone: the others commit; it leaves no state, version, history or number behind', async () => {
    const drafts: string[] = [];
    for (let i = 0; i < 6; i++) drafts.push(await createDraft(call, `Grupp ${i}`));
    const victims = new Set([drafts[2], drafts[4]]);
    const repository = t.app.get(AuditRepository);
    const insert = repository.insert.bind(repository);
    // The victims' history entries are written (deferred) to a table that does not exist: the
    // database refuses them when the unit's writes are flushed, inside the shared transaction.
    jest.spyOn(repository, 'insert').mockImplementation((db, entry) =>
      victims.has(entry.changeRequestId ?? '') ? db.defer(sql('INSERT INTO no_such_table (seq) VALUES (1)')) : insert(db, entry),
    );
    const before = (await call.get('revisor', '/api/audit/verify').expect(200)).body.entries as number;

    // Hold the writer so the six submissions queue up behind it and are then grouped.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const blocker = database.write(() => gate);
    database.stats(); // start counting batches from here
    const { result: responses } = await captureErrorLogs(async () => {
      // then() sends each request now (supertest sends on then), while the writer is held.
      const sent = drafts.map((id) => call.event('vastkom.handlaggare', id, { type: 'SUBMIT' }).then((res) => res));
      await new Promise((resolve) => setTimeout(resolve, 500));
      release();
      await blocker;
      return Promise.all(sent);
    });
    const batches = database.stats().batchSizes;

    if (database.dialect === 'sqlite') {
      // The blocker's own batch, then the four successes; at least two of them shared a COMMIT.
      expect(batches.reduce((a, b) => a + b, 0)).toBe(1 + 4);
      expect(Math.max(...batches.slice(1))).toBeGreaterThanOrEqual(2);
    }

    const byId = new Map(drafts.map((id, i) => [id, responses[i]]));
    const references: string[] = [];
    for (const id of drafts) {
      const res = byId.get(id)!;
      const detail = (await call.get('sjuharad.handlaggare', `/api/change-requests/${id}`).expect(200)).body;
      const history = (await call.get('revisor', `/api/change-requests/${id}/history`).expect(200)).body.items as { eventType: string }[];
      if (victims.has(id)) {
        expect(res.status).toBe(500);
        expect(detail).toMatchObject({ state: 'draft', version: 1, reference: null });
        expect(history.map((e) => e.eventType)).toEqual(['CREATE']);
      } else {
        expect(res.status).toBe(200);
        expect(detail).toMatchObject({ state: 'submitted', version: 2 });
        expect(history.map((e) => e.eventType)).toEqual(['CREATE', 'SUBMIT']);
        references.push(detail.reference);
      }
    }
    // The failed submissions drew numbers that were rolled back with them: no gaps.
    expect(references.map((r) => Number(r.slice(-4))).sort((a, b) => a - b)).toEqual([1, 2, 3, 4]);
    expect((await call.get('revisor', '/api/audit/verify').expect(200)).body).toMatchObject({ ok: true, entries: before + 4 });
  });

  it('values of any content reach the database intact through deferred writes', async () => {
    const text = "Citat 'enkelt' och \"dubbelt\"; -- inte SQL; åäö ÅÄÖ, emoji 🙂, omvänt snedstreck \\";
    const id = await createDraft(call);
    await call.event('sjuharad.handlaggare', id, { type: 'COMMENT', text }).expect(200);
    const detail = (await call.get('sjuharad.handlaggare', `/api/change-requests/${id}`).expect(200)).body;
    expect(detail.thread.map((e: { text: string }) => e.text)).toContain(text);
    expect((await call.get('revisor', '/api/audit/verify').expect(200)).body).toMatchObject({ ok: true });
  });
});
