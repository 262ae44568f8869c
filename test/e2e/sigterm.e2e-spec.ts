import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { SJUHARAD_DRAFT } from '../support/api';
import { serverOn, startServer, terminate } from '../support/server-process';
import { tokenFor } from '../support/tokens';

const auth = (user: string) => ({ Authorization: `Bearer ${tokenFor(user)}` });

/**
 * Issue 12 "Operations": SIGTERM during a stream of events. Every event is either acknowledged
 * (200, and then it is there after a restart) or refused (a 503, or a connection the stopping
 * server no longer takes) — none is lost, none half-written — and the process exits with 0.
 */
describe('SIGTERM while events stream in (SQLite, separate server process)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sigterm-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('acknowledges or refuses each event, loses none, and exits 0', async () => {
    const { env, base } = await serverOn(dir, 'sigterm.sqlite');
    const COUNT = 120;
    let server = await startServer(env);
    const ids: string[] = [];
    for (let i = 0; i < COUNT; i++) {
      const created = await request(base).post('/api/change-requests').set(auth('vastkom.handlaggare')).send(SJUHARAD_DRAFT).expect(201);
      ids.push(created.body.id);
    }
    const outcomes = new Map<string, number>();
    let stopped: ReturnType<typeof terminate> | undefined;
    // Eight clients send one event after another; the signal comes after the twentieth answer,
    // so events keep arriving while the server stops.
    const queue = [...ids];
    const client = async (): Promise<void> => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        try {
          const res = await fetch(`${base}/api/change-requests/${id}/events`, {
            method: 'POST',
            headers: { ...auth('vastkom.handlaggare'), 'content-type': 'application/json', connection: 'close' },
            body: JSON.stringify({ type: 'COMMENT', text: `Kommentar till ${id}` }),
          });
          outcomes.set(id, res.status);
        } catch {
          outcomes.set(id, 0); // the stopping server no longer took the connection: not acknowledged
        }
        if (outcomes.size >= 20) stopped ??= terminate(server);
      }
    };
    await Promise.all(Array.from({ length: 8 }, client));
    const exit = await (stopped ?? terminate(server));
    expect(exit).toEqual({ code: 0, signal: null });
    // Acknowledged, or refused as a stopping server refuses; never an error from a closed database.
    for (const status of outcomes.values()) expect([0, 200, 503]).toContain(status);
    const acknowledged = ids.filter((id) => outcomes.get(id) === 200);
    expect(acknowledged.length).toBeGreaterThanOrEqual(20);
    expect(acknowledged.length).toBeLessThan(COUNT); // events were still arriving when it stopped

    server = await startServer(env);
    try {
      let committed = 0;
      for (const id of ids) {
        const after = (await request(base).get(`/api/change-requests/${id}`).set(auth('vastkom.handlaggare')).expect(200)).body;
        expect([after.version, after.threadTotal]).toEqual(after.version === 2 ? [2, 1] : [1, 0]);
        if (outcomes.get(id) === 200) expect(after.version).toBe(2);
        if (after.version === 2) committed++;
      }
      // Nothing committed that was not acknowledged, except what a refused connection's client never heard.
      expect(committed).toBeGreaterThanOrEqual(acknowledged.length);
      const verify = await request(base).get('/api/audit/verify').set(auth('revisor')).expect(200);
      expect(verify.body).toMatchObject({ ok: true, entries: COUNT + committed });
    } finally {
      expect(await terminate(server)).toEqual({ code: 0, signal: null });
    }
  }, 180_000);
});
