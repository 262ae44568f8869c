import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { AuditRepository } from '../../src/audit/audit.repository';
import { AuditService } from '../../src/audit/audit.service';
import { Database } from '../../src/database/database';
import { sql } from '../../src/database/sql';
import { api, expectNoLeak, SJUHARAD_DRAFT } from '../support/api';
import { createTestApp, TestApp } from '../support/create-test-app';
import { captureErrorLogs, expectUnhandledErrorLogged } from '../support/test-logger';

/**
 * SPEC §5, the decision history: append-only in the database itself, written in the same
 * transaction as the state change, verifiable through the API and the `audit:verify` CLI (which
 * both name the first entry that does not check out), exported as JSON Lines that re-verify with
 * independent code, and one chain under concurrent appends (across two app instances on
 * PostgreSQL).
 */

type Api = ReturnType<typeof api>;

jest.setTimeout(60_000);

const ON_POSTGRES = process.env.TEST_DATABASE === 'postgres';
const ROOT = resolve(__dirname, '../..');
const GENESIS = '0'.repeat(64);

async function createDraft(call: Api, title = SJUHARAD_DRAFT.title): Promise<string> {
  const res = await call.post('sjuharad.handlaggare', '/api/change-requests', { ...SJUHARAD_DRAFT, title }).expect(201);
  return res.body.id as string;
}

/**
 * Six entries over two requests: 1 CREATE A · 2 COMMENT A · 3 CREATE B · 4 SUBMIT A ·
 * 5 COMMENT B · 6 ACKNOWLEDGE A.
 */
async function sixEntries(call: Api): Promise<{ a: string; b: string }> {
  const a = await createDraft(call);
  await call.event('sjuharad.handlaggare', a, { type: 'COMMENT', text: 'Vi behöver mer tid för utbildning.' }).expect(200);
  const b = await createDraft(call, 'Senare anslutning för Borås');
  await call.event('vastkom.handlaggare', a, { type: 'SUBMIT' }).expect(200);
  await call.event('vastkom.handlaggare', b, { type: 'COMMENT', text: 'VästKom stöder begäran.' }).expect(200);
  await call.event('vgr.handlaggare', a, { type: 'ACKNOWLEDGE', comment: 'Mottagen fredag 11 oktober.' }).expect(200);
  return { a, b };
}

async function verifyApi(call: Api) {
  return (await call.get('revisor', '/api/audit/verify').expect(200)).body;
}

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The `audit:verify` CLI as a separate process on the test app's database. */
function runCli(args: string[]): Promise<CliResult> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', 'src/audit/audit-verify.cli.ts', ...args],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: '' }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

function cliArgs(t: TestApp): string[] {
  return ['--database', t.databaseUrl, ...(t.schema ? ['--schema', t.schema] : [])];
}

/** Lets a test tamper with the log the way someone with database access could. */
async function dropAppendOnlyTriggers(t: TestApp): Promise<void> {
  if (ON_POSTGRES) {
    await t.dataSource.query('DROP TRIGGER audit_log_no_update_delete ON audit_log');
  } else {
    await t.dataSource.query('DROP TRIGGER audit_log_no_update');
    await t.dataSource.query('DROP TRIGGER audit_log_no_delete');
  }
}

// --- independent re-verification of the JSON Lines export (no product code) -------------------

/** RFC 8785 for the value types in an export: strings, finite numbers, booleans, null, arrays, objects. */
function jcs(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(jcs).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort(); // UTF-16 code-unit order
  return `{${keys.map((key) => `${JSON.stringify(key)}:${jcs(record[key])}`).join(',')}}`;
}

function reverifyJsonLines(text: string): { entries: number; head: string } {
  expect(text.endsWith('\n')).toBe(true);
  const lines = text.slice(0, -1).split('\n');
  let prev = GENESIS;
  lines.forEach((line, i) => {
    const entry = JSON.parse(line) as Record<string, unknown>;
    expect(line).toBe(jcs(entry));
    const { hash, ...hashed } = entry;
    // Hashing scheme 2: seq, at, subjectType, subjectId, changeRequestId, reference, eventType,
    // payload, actorId, actorName, actorOrganisation, actorRole, onBehalfOf, stateBefore,
    // stateAfter, prevHash.
    expect(Object.keys(hashed)).toHaveLength(16);
    expect(hashed.seq).toBe(i + 1);
    expect(hashed.prevHash).toBe(prev);
    expect(createHash('sha256').update(jcs(hashed), 'utf8').digest('hex')).toBe(hash);
    prev = hash as string;
  });
  return { entries: lines.length, head: prev };
}

/** RFC 4180 rows (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  const cell = /"((?:[^"]|"")*)"|([^",\r\n]*)/y;
  let at = 0;
  let row: string[] = [];
  while (at < text.length) {
    cell.lastIndex = at;
    const match = cell.exec(text)!;
    row.push(match[1] !== undefined ? match[1].replace(/""/g, '"') : match[2]);
    at = cell.lastIndex;
    if (text[at] === ',') {
      at += 1;
    } else {
      expect(text.slice(at, at + 2)).toBe('\r\n');
      rows.push(row);
      row = [];
      at += 2;
    }
  }
  return rows;
}

describe('decision history (e2e)', () => {
  describe('append-only, history access and export', () => {
    let t: TestApp;
    let call: Api;
    let ids: { a: string; b: string };

    beforeAll(async () => {
      t = await createTestApp();
      call = api(t);
      ids = await sixEntries(call);
      // Text that CSV must quote and guard: a formula start, quotes, a comma and a line break.
      await call
        .event('sjuharad.handlaggare', ids.a, { type: 'COMMENT', text: '=SUMMA(A1) "citat", rad ett\nrad två' })
        .expect(200);
    });
    afterAll(() => t?.close());

    it('the database refuses UPDATE and DELETE on audit_log (and TRUNCATE on PostgreSQL)', async () => {
      const before = await verifyApi(call);
      // The columns are the text's: the database refuses to set them at all.
      const derived = /cannot UPDATE generated column|can only be updated to DEFAULT/;
      await expect(t.dataSource.query("UPDATE audit_log SET actor_name = 'Någon annan' WHERE seq = 2")).rejects.toThrow(derived);
      await expect(t.dataSource.query("UPDATE audit_log SET payload = '{}'")).rejects.toThrow(derived);
      await expect(t.dataSource.query("UPDATE audit_log SET canonical = '{}' WHERE seq = 2")).rejects.toThrow(/append-only/);
      await expect(t.dataSource.query('UPDATE audit_log SET canonical = NULL')).rejects.toThrow(/append-only/);
      await expect(t.dataSource.query('DELETE FROM audit_log WHERE seq = 3')).rejects.toThrow(/append-only/);
      await expect(t.dataSource.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
      if (ON_POSTGRES) {
        await expect(t.dataSource.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
      }
      expect(await verifyApi(call)).toEqual(before);
      expect(before).toMatchObject({ ok: true });
    });

    it('verify and export never see an append that is still uncommitted (and then rolled back)', async () => {
      const before = await verifyApi(call);
      const exportedBefore = (await call.get('revisor', '/api/audit/export').expect(200)).text;
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const writing = t.app.get(Database).write(async (ctx) => {
        await t.app.get(AuditService).append(ctx, {
          at: new Date().toISOString(),
          subjectType: 'change_request',
          subjectId: ids.a,
          changeRequestId: ids.a,
          reference: null,
          eventType: 'COMMENT',
          payload: { text: 'Ska aldrig synas' },
          actorId: 'sjuharad.handlaggare',
          actorName: 'Handläggare Sjuhärad',
          actorOrganisation: 'sjuharad',
          actorRole: 'municipality',
          stateBefore: '"draft"',
          stateAfter: '"draft"',
        });
        await gate;
        throw new Error('rolled back');
      });
      const verifying = verifyApi(call);
      const exporting = call.get('revisor', '/api/audit/export').then((res) => res.text);
      await new Promise((resolve) => setTimeout(resolve, 300));
      release();
      await expect(writing).rejects.toThrow('rolled back');
      expect(await verifying).toEqual(before);
      expect(await exporting).toBe(exportedBefore);
      expect(await verifyApi(call)).toEqual(before);
    });

    it('only auditors verify and export; others get 403, no token 401', async () => {
      for (const user of ['vgr.handlaggare', 'admin', 'sjuharad.handlaggare', 'vastkom.handlaggare', 'kommunikator', 'styrgrupp.ordforande']) {
        for (const path of ['/api/audit/verify', '/api/audit/export?format=jsonl', '/api/audit/export?format=csv']) {
          const res = await call.get(user, path);
          expect({ user, path, status: res.status }).toEqual({ user, path, status: 403 });
          expectNoLeak(res);
        }
      }
      await t.http.get('/api/audit/verify').expect(401);
      await call.get('revisor', '/api/audit/export?format=xml').expect(400);
    });

    it('a request’s history is 404 for a caller who may not see it, like an unknown one', async () => {
      const own = await call.get('sjuharad.handlaggare', `/api/change-requests/${ids.a}/history`).expect(200);
      expect(own.body.items.map((e: { eventType: string }) => e.eventType)).toEqual(
        expect.arrayContaining(['CREATE', 'COMMENT', 'SUBMIT', 'ACKNOWLEDGE']),
      );
      const hidden = await call.get('uddevalla.handlaggare', `/api/change-requests/${ids.a}/history`).expect(404);
      const unknown = await call
        .get('uddevalla.handlaggare', '/api/change-requests/00000000-0000-4000-8000-000000000000/history')
        .expect(404);
      expect({ ...hidden.body, message: undefined }).toEqual({ ...unknown.body, message: undefined });
      expect(hidden.body.message).not.toContain('Sjuhärad');
      await call.get('revisor', `/api/change-requests/${ids.b}/history`).expect(200);
    });

    it('the JSON Lines export re-verifies with independent code and matches verify', async () => {
      const res = await call.get('revisor', '/api/audit/export?format=jsonl').expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
      const verify = await verifyApi(call);
      expect(verify.ok).toBe(true);
      expect(reverifyJsonLines(res.text)).toEqual({ entries: verify.entries, head: verify.head });
      const defaultFormat = await call.get('revisor', '/api/audit/export').expect(200);
      expect(defaultFormat.text).toBe(res.text);
    });

    it('verifies and exports running at the same time (in the audit worker) all answer in full', async () => {
      const alone = (await call.get('revisor', '/api/audit/export?format=jsonl').expect(200)).text;
      const verifyAlone = (await call.get('revisor', '/api/audit/verify').expect(200)).body;
      const responses = await Promise.all([
        call.get('revisor', '/api/audit/verify'),
        call.get('revisor', '/api/audit/export?format=jsonl'),
        call.get('revisor', '/api/audit/verify'),
        call.get('revisor', '/api/audit/export?format=csv'),
        call.get('revisor', '/api/audit/export?format=jsonl'),
      ]);
      expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      expect(responses[0].body).toEqual(verifyAlone);
      expect(responses[2].body).toEqual(verifyAlone);
      expect(responses[1].text).toBe(alone);
      expect(responses[4].text).toBe(alone);
      expect(parseCsv(responses[3].text)).toHaveLength(alone.trim().split('\n').length + 1);
    });

    it('the CSV export has a header and one row per entry', async () => {
      const jsonl = (await call.get('revisor', '/api/audit/export?format=jsonl').expect(200)).text;
      const entries = jsonl.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
      const res = await call.get('revisor', '/api/audit/export?format=csv').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      const [header, ...rows] = parseCsv(res.text);
      expect(header).toEqual([
        'seq', 'at', 'subjectType', 'subjectId', 'changeRequestId', 'reference', 'eventType', 'payload', 'actorId',
        'actorName', 'actorOrganisation', 'actorRole', 'onBehalfOf', 'stateBefore', 'stateAfter', 'prevHash', 'hash',
      ]);
      expect(rows).toHaveLength(entries.length);
      rows.forEach((row, i) => {
        expect(row).toHaveLength(header.length);
        expect(row[0]).toBe(String(i + 1));
        expect(row[6]).toBe(entries[i].eventType);
        expect(row[16]).toBe(entries[i].hash);
      });
    });
  });

  describe('tampering is named by GET /api/audit/verify and by the CLI', () => {
    let t: TestApp | undefined;
    afterEach(async () => {
      await t?.close();
      t = undefined;
    });

    /**
     * The table replaced by a copy whose columns are its own (no longer generated from the text),
     * as someone with database access could: then a column can be edited apart from the text, and
     * the verifier must check every entry's columns against its text.
     */
    async function ownColumns(t: TestApp): Promise<void> {
      await t.dataSource.query('CREATE TABLE audit_log_copy AS SELECT * FROM audit_log');
      await t.dataSource.query('DROP TABLE audit_log');
      await t.dataSource.query('ALTER TABLE audit_log_copy RENAME TO audit_log');
    }

    async function tampered(tamper: (t: TestApp) => Promise<void>) {
      t = await createTestApp();
      const call = api(t);
      await sixEntries(call);
      expect(await verifyApi(call)).toMatchObject({ ok: true, entries: 6 });
      await dropAppendOnlyTriggers(t);
      await tamper(t);
      return { api: await verifyApi(call), cli: await runCli(cliArgs(t)) };
    }

    it('the CLI reports an intact log with its head, like the API', async () => {
      t = await createTestApp();
      const call = api(t);
      await sixEntries(call);
      const verify = await verifyApi(call);
      const cli = await runCli(cliArgs(t));
      expect(cli).toEqual({ code: 0, stdout: `ok: 6 entries, head ${verify.head}\n`, stderr: '' });
      expect(verify).toEqual({ ok: true, entries: 6, head: verify.head });
    });

    it('an edited payload: hash_mismatch at that entry', async () => {
      const { api: result, cli } = await tampered((t) =>
        t.dataSource.query(`UPDATE audit_log SET canonical = replace(canonical, '"payload":{', '"payload":{"text2":"Vi är redo",') WHERE seq = 2`),
      );
      expect(result).toMatchObject({ ok: false, entries: 1, failure: { seq: 2, reason: 'hash_mismatch' } });
      expect(cli.code).toBe(1);
      expect(cli.stdout).toMatch(/^FAILED at entry 2 \(hash_mismatch\): /);
    });

    it('a text that is not JSON cannot be stored: the database derives the columns from it and refuses', async () => {
      const { api: result, cli } = await tampered(async (t) => {
        await expect(t.dataSource.query(`UPDATE audit_log SET canonical = 'inte json' WHERE seq = 5`)).rejects.toThrow(/JSON|json/);
      });
      expect(result).toMatchObject({ ok: true, entries: 6 });
      expect(cli.code).toBe(0);
    });

    it('each entry is stored with the canonical text its hash is computed over (text, never jsonb)', async () => {
      t = await createTestApp();
      const call = api(t);
      await sixEntries(call);
      const rows = (await t.dataSource.query('SELECT seq, canonical, hash FROM audit_log ORDER BY seq')) as {
        seq: number;
        canonical: string;
        hash: string;
      }[];
      expect(rows).toHaveLength(6);
      const exported = (await call.get('revisor', '/api/audit/export?format=jsonl').expect(200)).text.trim().split('\n');
      rows.forEach((row, i) => {
        expect(createHash('sha256').update(row.canonical, 'utf8').digest('hex')).toBe(row.hash);
        const { hash, ...hashed } = JSON.parse(exported[i]) as Record<string, unknown>;
        expect(row.canonical).toBe(jcs(hashed));
        expect(hash).toBe(row.hash);
      });
    });

    it('the canonical text edited (columns and hash untouched): hash_mismatch at that entry', async () => {
      const { api: result, cli } = await tampered((t) =>
        t.dataSource.query(`UPDATE audit_log SET canonical = replace(canonical, 'utbildning', 'planering') WHERE seq = 2`),
      );
      expect(result).toMatchObject({
        ok: false,
        entries: 1,
        failure: { seq: 2, reason: 'hash_mismatch', message: 'entry 2: stored hash does not match its canonical text' },
      });
      expect(cli.code).toBe(1);
      expect(cli.stdout).toMatch(/^FAILED at entry 2 \(hash_mismatch\): entry 2: stored hash does not match its canonical text\n/);
    });

    it('columns of their own (the table copied behind the app\'s back), one edited: hash_mismatch at that entry', async () => {
      const { api: result, cli } = await tampered(async (t) => {
        await ownColumns(t);
        await t.dataSource.query(`UPDATE audit_log SET actor_name = 'Någon annan' WHERE seq = 4`);
      });
      expect(result).toMatchObject({
        ok: false,
        entries: 3,
        failure: { seq: 4, reason: 'hash_mismatch', message: 'entry 4: its columns do not match its canonical text' },
      });
      expect(cli.code).toBe(1);
      expect(cli.stdout).toMatch(/^FAILED at entry 4 \(hash_mismatch\): entry 4: its columns do not match its canonical text\n/);
    });

    it('a hash edited: hash_mismatch at that entry', async () => {
      const { api: result, cli } = await tampered((t) =>
        t.dataSource.query(`UPDATE audit_log SET hash = '${'ab'.repeat(32)}' WHERE seq = 3`),
      );
      expect(result).toMatchObject({ ok: false, entries: 2, failure: { seq: 3, reason: 'hash_mismatch' } });
      expect(cli.code).toBe(1);
      expect(cli.stdout).toMatch(/^FAILED at entry 3 \(hash_mismatch\): /);
    });

    it('columns of their own and entries without text (written before it was kept) verify from their columns, and tampering shows', async () => {
      const intact = await tampered(async (t) => {
        await ownColumns(t);
        await t.dataSource.query('UPDATE audit_log SET canonical = NULL WHERE seq <= 3');
      });
      expect(intact.api).toMatchObject({ ok: true, entries: 6 });
      expect(intact.cli.code).toBe(0);
      await t!.dataSource.query(`UPDATE audit_log SET payload = '{"text":"Omskriven"}' WHERE seq = 2`);
      expect(await verifyApi(api(t!))).toMatchObject({
        ok: false,
        entries: 1,
        failure: { seq: 2, reason: 'hash_mismatch', message: 'entry 2: stored hash does not match its content' },
      });
    });

    it('a deleted middle entry: gap at the next entry', async () => {
      const { api: result, cli } = await tampered((t) => t.dataSource.query('DELETE FROM audit_log WHERE seq = 3'));
      expect(result).toMatchObject({ ok: false, entries: 2, failure: { seq: 4, reason: 'gap' } });
      expect(cli.code).toBe(1);
      expect(cli.stdout).toMatch(/^FAILED at entry 4 \(gap\): /);
    });

    it('two adjacent entries swapped: named at the first of them', async () => {
      const { api: result, cli } = await tampered(async (t) => {
        await t.dataSource.query('UPDATE audit_log SET seq = -1 WHERE seq = 3');
        await t.dataSource.query('UPDATE audit_log SET seq = 3 WHERE seq = 4');
        await t.dataSource.query('UPDATE audit_log SET seq = 4 WHERE seq = -1');
      });
      expect(result).toMatchObject({ ok: false, entries: 2, failure: { seq: 3, reason: 'broken_link' } });
      expect(cli.code).toBe(1);
      expect(cli.stdout).toMatch(/^FAILED at entry 3 \(broken_link\): /);
    });

    it('an insert that would overwrite an entry is refused (SQLite REPLACE, PostgreSQL ON CONFLICT)', async () => {
      t = await createTestApp();
      const call = api(t);
      await sixEntries(call);
      const before = await verifyApi(call);
      const [row] = (await t.dataSource.query('SELECT seq, canonical, hash FROM audit_log WHERE seq = 2')) as Record<string, unknown>[];
      const values = [row.seq, String(row.canonical).replace('"payload":{', '"payload":{"text2":"Omskriven",'), row.hash];
      const overwrite = ON_POSTGRES
        ? `INSERT INTO audit_log (seq, canonical, hash) VALUES ($1, $2, $3) ON CONFLICT (seq) DO UPDATE SET canonical = EXCLUDED.canonical`
        : `INSERT OR REPLACE INTO audit_log (seq, canonical, hash) VALUES (?, ?, ?)`;
      await expect(t.dataSource.query(overwrite, values)).rejects.toThrow(/append-only/);
      expect(await verifyApi(call)).toEqual(before);
    });

    it('the CLI exits 2 with one clear line for a missing or unreachable database', async () => {
      const missing = await runCli(['--database', `sqlite:${join(ROOT, 'test-output', 'no-such-dir', 'x.sqlite')}`]);
      expect(missing).toMatchObject({ code: 2, stdout: '' });
      expect(missing.stderr).toMatch(/^audit:verify: no SQLite database at .*x\.sqlite\n$/);
      const unreachable = await runCli(['--database', 'postgres://postgres@127.0.0.1:1/test']);
      expect(unreachable).toMatchObject({ code: 2, stdout: '' });
      expect(unreachable.stderr).toMatch(/^audit:verify: cannot open the database: .*ECONNREFUSED/);
      const usage = await runCli(['--databse', 'x']);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toMatch(/unknown argument --databse/);
    });
  });

  describe('a failed audit write leaves nothing behind', () => {
    let t: TestApp;
    let call: Api;
    beforeAll(async () => {
      t = await createTestApp();
      call = api(t);
    });
    afterAll(() => t?.close());
    afterEach(() => jest.restoreAllMocks());

    async function snapshot(id: string) {
      const request = (await call.get('vastkom.handlaggare', `/api/change-requests/${id}`).expect(200)).body;
      const history = (await call.get('revisor', `/api/change-requests/${id}/history`).expect(200)).body.items;
      return { state: request.state, version: request.version, reference: request.reference, history, verify: await verifyApi(call) };
    }

    it.each([
      ['AuditService.append', 'Error: disk full', () => jest.spyOn(t.app.get(AuditService), 'append').mockRejectedValueOnce(new Error('disk full'))],
      [
        'the repository insert (after the chain head is locked)',
        'Error: disk full',
        () =>
          jest.spyOn(t.app.get(AuditRepository), 'insert').mockImplementationOnce(() => {
            throw new Error('disk full');
          }),
      ],
      [
        'a deferred write the database refuses',
        /no_such_table/,
        // The entry's INSERT is deferred: it fails only when the unit's writes reach the database.
        () =>
          jest
            .spyOn(t.app.get(AuditRepository), 'insert')
            .mockImplementationOnce((db) => db.defer(sql('INSERT INTO no_such_table (seq) VALUES (1)'))),
      ],
    ])('fault in %s: 500 without the message, state, version, number and history unchanged; next event works', async (_, cause, install) => {
      const id = await createDraft(call);
      const before = await snapshot(id);
      expect(before).toMatchObject({ state: 'draft', version: 1, reference: null });
      const fault = install();

      const { result: res, errors } = await captureErrorLogs(() =>
        call.event('vastkom.handlaggare', id, { type: 'SUBMIT' }).expect(500),
      );
      expect(fault).toHaveBeenCalledTimes(1);
      expectUnhandledErrorLogged(errors, res, cause);
      expect(res.text).not.toMatch(cause);
      expectNoLeak(res);
      expect(await snapshot(id)).toEqual(before);

      const ok = await call.event('vastkom.handlaggare', id, { type: 'SUBMIT' }).expect(200);
      expect(ok.body).toMatchObject({ state: 'submitted', version: 2 });
      const after = await snapshot(id);
      expect(after.history).toHaveLength(before.history.length + 1);
      expect(after.verify).toMatchObject({ ok: true, entries: before.verify.entries + 1 });
    });

    it('registration numbers stay gapless across the failed submissions', async () => {
      const list = (await call.get('vastkom.handlaggare', '/api/change-requests?state=submitted').expect(200)).body;
      const numbers = list.items.map((i: { reference: string }) => Number(i.reference.slice(-4))).sort();
      expect(numbers).toEqual([1, 2, 3]);
    });
  });

  describe('concurrent appends stay one chain', () => {
    const apps: TestApp[] = [];
    afterAll(async () => {
      for (const app of apps.reverse()) await app.close();
    });

    it(`20 concurrent events on different requests${ON_POSTGRES ? ', from two app instances on one schema' : ''}`, async () => {
      const a = await createTestApp();
      apps.push(a);
      if (ON_POSTGRES) apps.push(await createTestApp({ databaseUrl: a.databaseUrl, schema: a.schema }));
      const calls = apps.map(api);
      const n = 20;

      const ids = await Promise.all(
        Array.from({ length: n }, (_, i) => createDraft(calls[i % calls.length], `Begäran ${i + 1}`)),
      );
      const responses = await Promise.all(
        ids.map((id, i) =>
          calls[i % calls.length].event('sjuharad.handlaggare', id, { type: 'COMMENT', text: `Kommentar ${i + 1}` }),
        ),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(n).fill(200));

      const results = await Promise.all(calls.map(verifyApi));
      for (const result of results) expect(result).toEqual({ ok: true, entries: 2 * n, head: results[0].head });
      const histories = await Promise.all(
        ids.map(async (id) => (await calls[0].get('revisor', `/api/change-requests/${id}/history`).expect(200)).body.items),
      );
      for (const history of histories) {
        expect(history.map((e: { eventType: string }) => e.eventType)).toEqual(['CREATE', 'COMMENT']);
      }
      const seqs = histories.flat().map((e: { seq: number }) => e.seq).sort((x: number, y: number) => x - y);
      expect(seqs).toEqual(Array.from({ length: 2 * n }, (_, i) => i + 1));
      const cli = await runCli(cliArgs(a));
      expect(cli).toMatchObject({ code: 0, stdout: `ok: ${2 * n} entries, head ${results[0].head}\n` });
    });
  });
});
