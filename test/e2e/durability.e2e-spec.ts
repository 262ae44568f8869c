import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { SJUHARAD_DRAFT } from '../support/api';
import { kill9, serverOn, startServer } from '../support/server-process';
import { tokenFor } from '../support/tokens';

const auth = (user: string) => ({ Authorization: `Bearer ${tokenFor(user)}` });

describe('durability (SQLite, separate server process)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'durability-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('an acknowledged transition survives kill -9 of the server', async () => {
    const { env, base } = await serverOn(dir, 'db.sqlite');

    let server = await startServer(env);
    let id: string;
    let reference: string;
    try {
      const created = await request(base).post('/api/change-requests').set(auth('vastkom.handlaggare')).send(SJUHARAD_DRAFT).expect(201);
      id = created.body.id;
      const submitted = await request(base)
        .post(`/api/change-requests/${id}/events`)
        .set(auth('vastkom.handlaggare'))
        .send({ type: 'SUBMIT' })
        .expect(200);
      reference = submitted.body.reference;
    } finally {
      await kill9(server);
    }

    server = await startServer(env);
    try {
      const after = await request(base).get(`/api/change-requests/${id}`).set(auth('vgr.handlaggare')).expect(200);
      expect(after.body).toMatchObject({ state: 'submitted', version: 2, reference });
      const verify = await request(base).get('/api/audit/verify').set(auth('revisor')).expect(200);
      expect(verify.body).toMatchObject({ ok: true, entries: 2 });
    } finally {
      await kill9(server);
    }
  }, 150_000);

  it('kill -9 while groups of events are being committed loses no acknowledged event and keeps the chain valid', async () => {
    const { env, base } = await serverOn(dir, 'group.sqlite');
    // Enough that the kill, sent after the first eight acknowledgements, lands while most are in flight.
    const COUNT = 160;

    let server = await startServer(env);
    const ids: string[] = [];
    const acknowledged = new Set<string>();
    let killed: Promise<void> | undefined;
    try {
      for (let i = 0; i < COUNT; i++) {
        const created = await request(base).post('/api/change-requests').set(auth('vastkom.handlaggare')).send(SJUHARAD_DRAFT).expect(201);
        ids.push(created.body.id);
      }
      // All at once, so the writer groups them; the server dies after the first acknowledgements.
      await Promise.all(
        ids.map(async (id) => {
          try {
            const res = await fetch(`${base}/api/change-requests/${id}/events`, {
              method: 'POST',
              headers: { ...auth('vastkom.handlaggare'), 'content-type': 'application/json' },
              body: JSON.stringify({ type: 'COMMENT', text: `Kommentar till ${id}` }),
            });
            if (res.status === 200) acknowledged.add(id);
            if (acknowledged.size >= 8) killed ??= kill9(server);
          } catch {
            // The connection died with the server: not acknowledged.
          }
        }),
      );
    } finally {
      await (killed ?? kill9(server));
    }
    expect(acknowledged.size).toBeGreaterThanOrEqual(8);
    expect(acknowledged.size).toBeLessThan(COUNT); // the kill came while events were in flight

    server = await startServer(env);
    try {
      let committed = 0;
      for (const id of ids) {
        const after = (await request(base).get(`/api/change-requests/${id}`).set(auth('vastkom.handlaggare')).expect(200)).body;
        // Each event is there whole (state, version, thread) or not at all.
        expect([after.version, after.threadTotal]).toEqual(after.version === 2 ? [2, 1] : [1, 0]);
        if (acknowledged.has(id)) expect(after.version).toBe(2);
        if (after.version === 2) committed++;
      }
      const verify = await request(base).get('/api/audit/verify').set(auth('revisor')).expect(200);
      expect(verify.body).toMatchObject({ ok: true, entries: COUNT + committed });
    } finally {
      await kill9(server);
    }
  }, 150_000);
});
