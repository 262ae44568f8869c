import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { api, expectNoLeak } from '../support/api';
import { createTestApp, TestApp } from '../support/create-test-app';
import { generateSigningKeys, signJws } from '../support/tokens';

/**
 * SPEC §12 "Administration": an administrator creates users, changes their role or
 * organisation, deactivates and reactivates them — never deletes; each change is one audit entry
 * with old and new values; a deactivated user's token stops working at once, on every instance.
 * The `users` command creates a production database's first administrator.
 */
const ROOT = resolve(__dirname, '../..');
const ON_POSTGRES = process.env.TEST_DATABASE === 'postgres';

interface HistoryEntry {
  seq: number;
  eventType: string;
  subjectType: string;
  subjectId: string;
  actorId: string;
  actorRole: string;
  payload: Record<string, unknown>;
  stateBefore: string | null;
  stateAfter: string;
}

/** The decision history's entries about users, through the auditor's JSON Lines export. */
async function userEntries(t: TestApp): Promise<HistoryEntry[]> {
  const text = (await api(t).get('revisor', '/api/audit/export?format=jsonl').expect(200)).text;
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as HistoryEntry)
    .filter((e) => e.subjectType === 'user');
}

const NEW_USER = {
  id: 'anna.berg',
  name: 'Anna Berg',
  title: 'Handläggare, Koncernkontoret',
  organisationId: 'vgr',
  role: 'vgr',
  email: 'anna.berg@example.org',
};

describe('user administration (e2e)', () => {
  let t: TestApp;
  let other: TestApp;
  let call: ReturnType<typeof api>;

  beforeAll(async () => {
    t = await createTestApp();
    // A second instance on the same database, as behind a load balancer.
    other = await createTestApp({ databaseUrl: t.databaseUrl, schema: t.schema });
    call = api(t);
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
  });

  it('is for administrators only', async () => {
    for (const user of ['vgr.handlaggare', 'vastkom.handlaggare', 'styrgrupp.ordforande', 'kommunikator', 'revisor', 'boras.handlaggare']) {
      await call.get(user, '/api/admin/users').expect(403);
      await call.post(user, '/api/admin/users', { ...NEW_USER, id: `x.${user}` }).expect(403);
      await call.patch(user, '/api/admin/users/vgr.handlaggare', { role: 'admin' }).expect(403);
      await call.post(user, '/api/admin/users/vgr.handlaggare/deactivate', {}).expect(403);
    }
    await t.http.get('/api/admin/users').expect(401);
    expect(await userEntries(t)).toEqual([]);
  });

  it('creates a user who can sign in at once, with one audit entry', async () => {
    const created = await call.post('admin', '/api/admin/users', NEW_USER).expect(201);
    expect(created.body).toEqual({ ...NEW_USER, active: true });
    // The new user's token works on both instances.
    await call.get('anna.berg', '/api/change-requests').expect(200);
    await api(other).get('anna.berg', '/api/change-requests').expect(200);
    const listed = (await call.get('admin', '/api/admin/users').expect(200)).body as { id: string }[];
    expect(listed.find((u) => u.id === 'anna.berg')).toEqual({ ...NEW_USER, active: true });

    const [entry] = await userEntries(t);
    expect(entry).toMatchObject({
      eventType: 'USER_CREATED',
      subjectId: 'anna.berg',
      actorId: 'admin',
      actorRole: 'admin',
      stateBefore: null,
      payload: { user: { ...NEW_USER, active: true } },
    });
    expect(JSON.parse(entry.stateAfter)).toEqual({ ...NEW_USER, active: true });
  });

  it('refuses bad input with a 400 naming the field, a taken id with 409, and changes nothing', async () => {
    const before = await userEntries(t);
    const usersBefore = (await call.get('admin', '/api/admin/users').expect(200)).body;
    const cases: [object, string][] = [
      [{ ...NEW_USER, id: 'bad id with spaces' }, 'id'],
      [{ ...NEW_USER, id: '' }, 'id'],
      [{ ...NEW_USER, id: 'x'.repeat(129) }, 'id'],
      [{ ...NEW_USER, id: 'new.one', role: 'superuser' }, 'role'],
      [{ ...NEW_USER, id: 'new.one', email: 'not-an-address' }, 'email'],
      [{ ...NEW_USER, id: 'new.one', name: '' }, 'name'],
      [{ ...NEW_USER, id: 'new.one', organisationId: 'atlantis' }, 'organisationId'],
      [{ ...NEW_USER, id: 'new.one', active: false }, 'active'],
    ];
    for (const [body, field] of cases) {
      const response = await call.post('admin', '/api/admin/users', body).expect(400);
      expectNoLeak(response);
      expect(response.body.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    const taken = await call.post('admin', '/api/admin/users', { ...NEW_USER, name: 'Someone else' }).expect(409);
    expect(taken.body.fields).toEqual([expect.objectContaining({ field: 'id' })]);
    await call.patch('admin', '/api/admin/users/anna.berg', { role: 'king' }).expect(400);
    await call.patch('admin', '/api/admin/users/anna.berg', { id: 'renamed' }).expect(400);
    await call.patch('admin', '/api/admin/users/anna.berg', { organisationId: 'atlantis' }).expect(400);
    await call.patch('admin', '/api/admin/users/nobody', { role: 'vgr' }).expect(404);
    await call.post('admin', '/api/admin/users/nobody/deactivate', {}).expect(404);

    expect(await userEntries(t)).toEqual(before);
    expect((await call.get('admin', '/api/admin/users').expect(200)).body).toEqual(usersBefore);
  });

  it("records a change of role or organisation with old and new values, and the new role applies at once", async () => {
    // As a VGR official, Anna may acknowledge; as a municipality official of Borås she sees only Borås.
    const changed = await call
      .patch('admin', '/api/admin/users/anna.berg', { role: 'municipality', organisationId: 'boras', title: 'Verksamhetsutvecklare' })
      .expect(200);
    expect(changed.body).toMatchObject({ role: 'municipality', organisationId: 'boras', title: 'Verksamhetsutvecklare' });
    const me = await api(other).get('anna.berg', '/api/me').expect(200);
    expect(me.body).toMatchObject({ role: 'municipality', organisationId: 'boras' });

    const entry = (await userEntries(t)).at(-1)!;
    expect(entry.eventType).toBe('USER_CHANGED');
    expect(entry.payload).toEqual({
      changes: {
        role: { from: 'vgr', to: 'municipality' },
        organisationId: { from: 'vgr', to: 'boras' },
        title: { from: NEW_USER.title, to: 'Verksamhetsutvecklare' },
      },
    });
    expect(JSON.parse(entry.stateBefore!)).toMatchObject({ role: 'vgr', organisationId: 'vgr' });
    expect(JSON.parse(entry.stateAfter)).toMatchObject({ role: 'municipality', organisationId: 'boras' });

    // Sending the same values again is no change and no entry.
    const count = (await userEntries(t)).length;
    await call.patch('admin', '/api/admin/users/anna.berg', { role: 'municipality' }).expect(200);
    expect(await userEntries(t)).toHaveLength(count);
  });

  it("deactivating refuses the user's existing token at once on every instance; reactivating lets it in again", async () => {
    const token = t.token('anna.berg');
    const asAnna = (app: TestApp) => app.http.get('/api/change-requests').set('Authorization', `Bearer ${token}`);
    await asAnna(other).expect(200);

    const deactivated = await call.post('admin', '/api/admin/users/anna.berg/deactivate', {}).expect(200);
    expect(deactivated.body.active).toBe(false);
    await asAnna(t).expect(401);
    await asAnna(other).expect(401);
    // Never deleted: the administrator still sees her, and the id stays taken.
    const listed = (await call.get('admin', '/api/admin/users').expect(200)).body as { id: string; active: boolean }[];
    expect(listed.find((u) => u.id === 'anna.berg')?.active).toBe(false);
    await call.post('admin', '/api/admin/users', NEW_USER).expect(409);

    await call.post('admin', '/api/admin/users/anna.berg/reactivate', {}).expect(200);
    await asAnna(other).expect(200);
    expect((await userEntries(t)).slice(-2).map((e) => e.eventType)).toEqual(['USER_DEACTIVATED', 'USER_REACTIVATED']);
  });

  it('does not let an administrator lock themselves or the last administrator out', async () => {
    const self = await call.post('admin', '/api/admin/users/admin/deactivate', {}).expect(409);
    expect(self.body.message).toMatch(/themselves/);
    await call.patch('admin', '/api/admin/users/admin', { role: 'vgr' }).expect(409);
    await call.get('admin', '/api/admin/users').expect(200);

    // A second administrator may retire the first; then the last one cannot be removed.
    await call.post('admin', '/api/admin/users', { ...NEW_USER, id: 'second.admin', role: 'admin', email: null }).expect(201);
    await api(t).post('second.admin', '/api/admin/users/admin/deactivate', {}).expect(200);
    await call.get('admin', '/api/admin/users').expect(401);
    await api(t).post('second.admin', '/api/admin/users/second.admin/deactivate', {}).expect(409);
    await api(t).post('second.admin', '/api/admin/users/admin/reactivate', {}).expect(200);
  });

  it('keeps the decision history verifiable', async () => {
    const verify = await call.get('revisor', '/api/audit/verify').expect(200);
    expect(verify.body).toMatchObject({ ok: true });
  });
});

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run --silent users -- …`, as a separate process on a database. */
function users(databaseUrl: string, schema: string | undefined, args: string[]): Promise<CliResult> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', 'src/users/users.cli.ts', '--', ...args, ...(schema ? ['--schema', schema] : [])],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl }, timeout: 90_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

describe('the first administrator of a production database (e2e)', () => {
  const ec = generateSigningKeys('ES256');
  const idpToken = (sub: string) =>
    signJws({ alg: 'ES256', typ: 'JWT' }, { sub, exp: Math.floor(Date.now() / 1000) + 600 }, ec.privateKey, 'ES256');
  let dir: string;
  let databaseUrl: string;
  let schema: string | undefined;
  let t: TestApp | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'andringsbegaran-users-'));
    if (ON_POSTGRES) {
      // A throw-away schema the command and the server share.
      const probe = await createTestApp();
      databaseUrl = probe.databaseUrl;
      schema = `u_${Date.now().toString(36)}`;
      await probe.dataSource.query(`CREATE SCHEMA ${schema}`);
      await probe.close();
    } else {
      databaseUrl = `sqlite:${join(dir, 'production.sqlite')}`;
    }
  });
  afterAll(async () => {
    if (t && schema) await t.dataSource.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses usage errors and unknown organisations with exit code 2 and writes nothing', async () => {
    const cases = [
      [],
      ['add'],
      ['add', 'first.admin', '--role', 'admin', '--organisation', 'vgr'],
      ['add', 'first.admin', '--role', 'emperor', '--organisation', 'vgr', '--name', 'X'],
      ['add', 'first.admin', '--role', 'admin', '--organisation', 'vgr', '--name', 'X', '--colour', 'red'],
      ['add', 'first.admin', '--role', 'admin', '--organisation', 'atlantis', '--name', 'X'],
      ['deactivate', 'nobody'],
    ];
    for (const args of cases) {
      const result = await users(databaseUrl, schema, args);
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toMatch(/^users: |^usage: /);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    const list = await users(databaseUrl, schema, ['list']);
    expect(list).toMatchObject({ code: 0, stdout: '' });
  }, 300_000);

  it('creates the first administrator, audited, who then administers through the API; no demo user exists', async () => {
    const added = await users(databaseUrl, schema, [
      'add', 'first.admin', '--role', 'admin', '--organisation', 'vgr', '--name', 'Förvaltningens administratör', '--email', 'admin@example.org',
    ]);
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(added.stdout).toMatch(/^created first\.admin\tadmin\tvgr\tactive\tFörvaltningens administratör/);
    expect((await users(databaseUrl, schema, ['add', 'first.admin', '--role', 'vgr', '--organisation', 'vgr', '--name', 'Again'])).code).toBe(2);

    t = await createTestApp({
      databaseUrl,
      schema,
      config: { nodeEnv: 'production', isProduction: true, jwt: { mode: 'public-key', publicKey: ec.publicKey } },
    });
    const asAdmin = (path: string) => t!.http.get(path).set('Authorization', `Bearer ${idpToken('first.admin')}`);
    const listed = (await asAdmin('/api/admin/users').expect(200)).body as { id: string }[];
    expect(listed.map((u) => u.id)).toEqual(['first.admin']);
    await t.http.get('/api/admin/users').set('Authorization', `Bearer ${idpToken('admin')}`).expect(401);

    const created = await t.http
      .post('/api/admin/users')
      .set('Authorization', `Bearer ${idpToken('first.admin')}`)
      .send({ id: 'revisor.1', name: 'Internrevisionen', organisationId: 'vgr', role: 'auditor' })
      .expect(201);
    expect(created.body).toMatchObject({ id: 'revisor.1', active: true, email: null, title: '' });

    const exported = (await t.http.get('/api/audit/export?format=jsonl').set('Authorization', `Bearer ${idpToken('revisor.1')}`).expect(200)).text;
    const entries = exported.split('\n').filter(Boolean).map((l) => JSON.parse(l) as HistoryEntry);
    expect(entries.map((e) => [e.eventType, e.subjectId, e.actorId])).toEqual([
      ['USER_CREATED', 'first.admin', 'system:users-command'],
      ['USER_CREATED', 'revisor.1', 'first.admin'],
    ]);
    expect(entries[0].payload).toEqual({
      user: { id: 'first.admin', name: 'Förvaltningens administratör', title: '', organisationId: 'vgr', role: 'admin', email: 'admin@example.org', active: true },
    });
    const verify = await t.http.get('/api/audit/verify').set('Authorization', `Bearer ${idpToken('revisor.1')}`).expect(200);
    expect(verify.body).toMatchObject({ ok: true, entries: 2 });

    const deactivated = await users(databaseUrl, schema, ['deactivate', 'revisor.1']);
    expect(deactivated.code).toBe(0);
    await t.http.get('/api/audit/verify').set('Authorization', `Bearer ${idpToken('revisor.1')}`).expect(401);
  }, 300_000);
});
