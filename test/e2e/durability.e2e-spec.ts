import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { SJUHARAD_DRAFT } from '../support/api';
import { TEST_JWT_SECRET, tokenFor } from '../support/tokens';

const ROOT = join(__dirname, '..', '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The real server in its own process, as `npm start` runs it (TypeScript loaded directly). */
function startServer(env: Record<string, string>): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('"msg":"listening"')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
}

function kill9(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** The environment of a server on its own port and SQLite file in `dir`, and its base URL. */
async function serverOn(dir: string, file: string): Promise<{ env: Record<string, string>; base: string }> {
  const port = await freePort();
  const env = {
    DATABASE_URL: `sqlite:${join(dir, file)}`,
    DATA_DIR: dir,
    PORT: String(port),
    JWT_SECRET: TEST_JWT_SECRET,
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
  };
  return { env, base: `http://127.0.0.1:${port}` };
}

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
    const COUNT = 48;

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
