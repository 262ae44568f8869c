/**
 * `npm run bench:scale`: what each read endpoint costs as the database grows, the real server
 * (src/main.ts in its own process, as `npm start` runs it) on loopback:
 *
 *     npm run bench:scale                                   # 1,000 / 100,000 / 1,000,000 requests, SQLite
 *     SCALE_SIZES=1000,100000 SCALE_DATABASE=postgres npm run bench:scale
 *     SCALE_SECONDS=5 SCALE_CONNECTIONS=16 npm run bench:scale
 *
 * How the rows are made: a few change requests go through the API first (drafts, submitted,
 * in dialogue, awaiting the requester, decided, withdrawn; with comments, so with dialogue rows,
 * deadlines, notifications and history entries). The server is stopped and the database is grown
 * to each size in SQL, in the product's own schema after its migrations, in one transaction
 * (INSERT … SELECT over a recursive CTE on SQLite, generate_series on PostgreSQL): each new
 * request copies one of those templates with its own id, registration number, one of the 53
 * requesting organisations, a title with å, ä and ö naming its organisation (every fifth one
 * Sjuhärad), and received, updated and due dates spread over the 104 weeks before now; with its
 * organisation link, the template's dialogue rows and deadlines, its first history entries (the
 * copies' hashes are made up: the chain does not verify) and a notification for one of five
 * users. Then ANALYZE (VACUUM ANALYZE on PostgreSQL), and the server starts again on the grown database.
 *
 * Each endpoint: a 1 s warm-up, then SCALE_SECONDS (default 3) with SCALE_CONNECTIONS (default 8)
 * autocannon clients; the CSV export is timed to its first batch of rows (the client then hangs
 * up). Prints p50/p99 at each size and p50(largest) / p50(smallest) per endpoint (target ≤ 1.5).
 * PostgreSQL: a fresh schema in postgres://postgres@127.0.0.1:5432/test (SCALE_POSTGRES_URL),
 * dropped afterwards (SCALE_KEEP=1 keeps either database and prints where). No assertions: it prints figures.
 */
import autocannon from 'autocannon';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { isoWeekOf } from '../../src/reports/renderers/stockholm-time';
import { EXPORT_BATCH } from '../../src/change-requests/change-requests-export';
import { LIST_SORTS } from '../../src/change-requests/list-order';
import { freePort, startServer, terminate } from '../support/server-process';
import { tokenFor, TEST_JWT_SECRET } from '../support/tokens';
import { ORDINARY_MEMBERS } from '../support/meetings';

const SIZES = (process.env.SCALE_SIZES ?? '1000,100000,1000000').split(',').map((s) => Number(s.trim()));
const DATABASE = process.env.SCALE_DATABASE ?? 'sqlite';
const POSTGRES_URL = process.env.SCALE_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SECONDS = Number(process.env.SCALE_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.SCALE_CONNECTIONS ?? 8);
/** SCALE_KEEP=1 keeps the database (SQLite file or PostgreSQL schema) for a closer look. */
const KEEP = process.env.SCALE_KEEP === '1';
/** SCALE_MEASURE=0 only builds (with SCALE_KEEP=1: a database to profile against). */
const MEASURE = process.env.SCALE_MEASURE !== '0';
/** An answer later than this (seconds) counts as a timeout. */
const TIMEOUT_S = 20;
const WEEKS = 104;
const DAY = 86_400;
/** History entries copied per new request (the template's first ones). */
const AUDIT_PER_REQUEST = 2;
const NOTIFIED = ['vgr.handlaggare', 'vastkom.handlaggare', 'sjuharad.handlaggare', 'styrgrupp.ordforande', 'kommunikator'];

if (!SIZES.every((n, i) => Number.isInteger(n) && n > 0 && (i === 0 || n > SIZES[i - 1]))) {
  throw new Error('SCALE_SIZES must be ascending positive integers, comma-separated');
}
if (DATABASE !== 'sqlite' && DATABASE !== 'postgres') throw new Error('SCALE_DATABASE must be sqlite or postgres');
const postgres = DATABASE === 'postgres';

const bearer = (userId: string) => ({ authorization: `Bearer ${tokenFor(userId)}` });

// --- the server ---------------------------------------------------------------------------------

interface Target {
  url: string;
  dir: string;
  schema?: string;
}

interface Running {
  child: ChildProcess;
  base: string;
}

async function start(target: Target): Promise<Running> {
  const port = await freePort();
  const child = await startServer({
    DATABASE_URL: target.url,
    DATA_DIR: target.dir,
    PORT: String(port),
    HOST: '127.0.0.1',
    JWT_SECRET: TEST_JWT_SECRET,
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    WEEKLY_REPORT_SCHEDULE: 'off',
    UV_THREADPOOL_SIZE: '16',
  });
  // The pipes are read until the end, so a chatty server never blocks on a full one.
  child.stdout!.resume();
  child.stderr!.resume();
  return { child, base: `http://127.0.0.1:${port}` };
}

async function call(base: string, userId: string, method: string, path: string, body?: object): Promise<Record<string, unknown>> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...bearer(userId), 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${method} ${path} as ${userId}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** The templates, through the API: every stage a request passes, from several organisations. */
async function seedTemplates(base: string): Promise<string[]> {
  const organisations = [
    ['sjuharad', 'sjuharad.handlaggare'],
    ['boras', 'boras.handlaggare'],
    ['uddevalla', 'uddevalla.handlaggare'],
    ['skovde', 'vastkom.handlaggare'],
  ];
  const stages = ['draft', 'submitted', 'dialogue', 'awaiting', 'decided', 'withdrawn'];
  const made: string[] = [];
  for (const [s, stage] of stages.entries()) {
    for (const [o, [organisation, author]] of organisations.entries()) {
      const created = await call(base, author, 'POST', '/api/change-requests', {
        title: `Senare införande av Millennium i ${organisation} (${stage})`,
        description: 'Kommunerna behöver mer tid för förändringsledning och utbildning före införandet.',
        type: (s + o) % 3 === 0 ? 'scope' : 'schedule',
        requestingOrganisations: [organisation],
        justification: 'Införandet krockar med årsskiftet och en omorganisation i äldreomsorgen.',
      });
      const id = created.id as string;
      const event = (userId: string, body: Record<string, unknown>) => call(base, userId, 'POST', `/api/change-requests/${id}/events`, body);
      await event(author, { type: 'COMMENT', text: 'Vi återkommer med ett förslag på nytt datum.' });
      if (stage !== 'draft') await event('vastkom.handlaggare', { type: 'SUBMIT' });
      if (stage === 'withdrawn') await event('vastkom.handlaggare', { type: 'WITHDRAW', reason: 'Kommunen hinner ändå.' });
      if (['dialogue', 'awaiting', 'decided'].includes(stage)) {
        await event('vgr.handlaggare', { type: 'ACKNOWLEDGE', comment: 'Mottagen, vi tittar på påverkan.' });
        await event('vgr.handlaggare', { type: 'RECORD_IMPACT', text: 'Ingen påverkan på VGR:s tidplan för övriga förvaltningar.' });
      }
      if (stage === 'awaiting') await event('vgr.handlaggare', { type: 'REQUEST_INFO', text: 'Vilket datum föreslår ni?' });
      if (stage === 'decided') {
        // Programstyrgruppen decides at an opened meeting with the request on its agenda (SPEC §10).
        const meeting = await call(base, 'vgr.handlaggare', 'POST', '/api/meetings', { title: 'Programstyrgruppen Millennium', startsAt: new Date().toISOString() });
        await call(base, 'vgr.handlaggare', 'POST', `/api/meetings/${meeting.id as string}/agenda`, { changeRequestId: id });
        await call(base, 'vgr.handlaggare', 'POST', `/api/meetings/${meeting.id as string}/events`, { type: 'OPEN', present: ORDINARY_MEMBERS, justerare: 'styrgrupp.ledamot' });
        await event('styrgrupp.ordforande', { type: 'DECIDE', outcome: 'approved', rationale: 'Begäran beviljas.', meetingReference: 'PSG § 4', meetingId: meeting.id });
      }
      made.push(id);
    }
  }
  return made;
}

// --- growing the database in SQL ----------------------------------------------------------------

const REQUESTERS: [id: string, name: string][] = [];

async function connect(target: Target): Promise<DataSource> {
  const dataSource = postgres
    ? new DataSource({ type: 'postgres', url: POSTGRES_URL, extra: { max: 1, options: `-c search_path=${target.schema}` } })
    : new DataSource({ type: 'sqlite', database: target.url.slice('sqlite:'.length) });
  await dataSource.initialize();
  return dataSource;
}

/** Every SQL text below is written with `?`; PostgreSQL gets $1, $2 … */
function numbered(text: string): string {
  if (!postgres) return text;
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

/** Grows the database from its current number of change requests to `size`; returns how it went. */
async function grow(target: Target, size: number, templateIds: string[]): Promise<string> {
  const templates = templateIds.length;
  const db = await connect(target);
  const q = (text: string, params: unknown[] = []) => db.query(numbered(text), params);
  try {
    const started = performance.now();
    const [{ n: have }] = (await q(`SELECT COUNT(*) AS n FROM change_requests`)) as { n: number | string }[];
    const from = Number(have) + 1;
    if (from > size) return 'nothing to add';
    if (REQUESTERS.length === 0) {
      const rows = (await q(`SELECT id, name FROM organisations WHERE kind IN ('municipality', 'kommunalforbund') ORDER BY id`)) as {
        id: string;
        name: string;
      }[];
      REQUESTERS.push(...rows.map((r) => [r.id, r.name] as [string, string]));
    }
    const now = Math.floor(Date.now() / 1000);
    const base = now - WEEKS * 7 * DAY;
    const span = WEEKS * 7 * DAY;
    const [{ seq }] = (await q(`SELECT COALESCE(MAX(seq), 0) AS seq FROM audit_log`)) as { seq: number | string }[];
    const seq0 = Number(seq);

    await q(postgres ? 'BEGIN' : 'BEGIN IMMEDIATE');
    // Small helper tables, dropped at the end of the transaction's work.
    await q(`CREATE TABLE bench_templates (t integer PRIMARY KEY, id varchar(36) NOT NULL)`);
    for (const [t, templateId] of templateIds.entries()) await q(`INSERT INTO bench_templates (t, id) VALUES (?, ?)`, [t, templateId]);
    await q(`CREATE TABLE bench_orgs (k integer PRIMARY KEY, id varchar(64) NOT NULL, name text NOT NULL)`);
    for (const [k, [id, name]] of REQUESTERS.entries()) await q(`INSERT INTO bench_orgs (k, id, name) VALUES (?, ?, ?)`, [k, id, name]);
    const sjuharad = REQUESTERS.findIndex(([id]) => id === 'sjuharad');

    // n(i, t, k, at): the new request's number, its template, its organisation and its moment (epoch s).
    const numbers = postgres
      ? `generate_series(${from}, ${size}) AS g(i)`
      : `(WITH RECURSIVE g(i) AS (SELECT ${from} UNION ALL SELECT i + 1 FROM g WHERE i < ${size}) SELECT i FROM g) g`;
    const n = `(SELECT i, i % ${templates} AS t, CASE WHEN i % 5 = 0 THEN ${sjuharad} ELSE (i * 7) % ${REQUESTERS.length} END AS k,
      ${base} + ((i * 7919) % ${span}) AS at FROM ${numbers}) n`;
    const iso = (epoch: string) =>
      postgres
        ? `to_char(to_timestamp(${epoch}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
        : `strftime('%Y-%m-%dT%H:%M:%fZ', ${epoch}, 'unixepoch')`;
    const day = (epoch: string) => (postgres ? `to_char(to_timestamp(${epoch}) AT TIME ZONE 'UTC', 'YYYY-MM-DD')` : `date(${epoch}, 'unixepoch')`);
    const hex = (value: string, width: number) => (postgres ? `lpad(to_hex(${value}), ${width}, '0')` : `printf('%0${width}x', ${value})`);
    const id = (i: string) => `${hex(i, 8)} || '-5ca1-4e00-8000-' || ${hex(i, 12)}`;
    const text = (i: string) => (postgres ? `CAST(${i} AS text)` : `CAST(${i} AS TEXT)`);
    const title = `CASE WHEN n.k = ${sjuharad} THEN 'Förändrad tidplan för Sjuhärads kommunalförbund, nr ' ELSE 'Ändrat införande i ' || o.name || ' – åtgärd nr ' END || ${text('n.i')}`;
    // The stored search text, folded as search-text.ts folds it (lower case, no diacritics).
    const folded = `CASE WHEN n.k = ${sjuharad} THEN 'forandrad tidplan for sjuharads kommunalforbund nr ' ELSE 'andrat inforande i ' || lower(o.id) || ' atgard nr ' END || ${text('n.i')} || ' kommunerna behover mer tid for forandringsledning och utbildning'`;
    const snapshot = postgres
      ? `jsonb_set(jsonb_set(src.snapshot::jsonb, '{context,requestingOrganisations}', jsonb_build_array(o.id)), '{context,title}', to_jsonb(${title}))::text`
      : `json_set(src.snapshot, '$.context.requestingOrganisations', json_array(o.id), '$.context.title', ${title})`;
    const from_ = `${n} JOIN bench_templates bt ON bt.t = n.t JOIN change_requests src ON src.id = bt.id JOIN bench_orgs o ON o.k = n.k`;

    await q(`INSERT INTO change_requests (id, workflow_id, workflow_version, reference, title, type, state, state_value, snapshot,
        version, search_text, created_by, created_at, updated_at, state_entered_at, received_at, decided_at, communicated_at,
        is_draft, closed_at, next_due_on)
      SELECT ${id('n.i')}, src.workflow_id, src.workflow_version,
        CASE WHEN src.is_draft = 1 THEN NULL ELSE 'ÄB-S' || ${text('n.i')} END,
        ${title}, src.type, src.state, src.state_value, ${snapshot}, src.version, ${folded}, src.created_by,
        ${iso('n.at - 3600')}, ${iso(`n.at + (n.i % 20) * ${DAY}`)}, ${iso(`n.at + (n.i % 20) * ${DAY}`)},
        CASE WHEN src.is_draft = 1 THEN NULL ELSE ${iso('n.at')} END,
        CASE WHEN src.decided_at IS NULL THEN NULL ELSE ${iso(`n.at + 10 * ${DAY}`)} END, NULL,
        src.is_draft, CASE WHEN src.closed_at IS NULL THEN NULL ELSE ${iso(`n.at + (n.i % 20) * ${DAY}`)} END,
        CASE WHEN src.next_due_on IS NULL THEN NULL ELSE ${day(`n.at + 14 * ${DAY}`)} END
      FROM ${from_}`);
    await q(`INSERT INTO change_request_organisations (change_request_id, organisation_id) SELECT ${id('n.i')}, o.id FROM ${from_}`);
    await q(`INSERT INTO change_request_entries (change_request_id, n, kind, text, at, actor)
      SELECT ${id('n.i')}, e.n, e.kind, e.text, ${iso(`n.at + e.n * 3600`)}, e.actor
      FROM ${from_} JOIN change_request_entries e ON e.change_request_id = src.id`);
    // An open deadline long past its due date has had its reminders, as in a database two years
    // old: otherwise the server would spend the measurements sending a year of reminders.
    const reminded = (offsetDays: number) =>
      `CASE WHEN d.met_at IS NULL AND n.at + 15 * ${DAY} < ${Math.floor(Date.now() / 1000)} THEN ${day(`n.at + ${offsetDays} * ${DAY}`)} END`;
    await q(`INSERT INTO deadlines (id, change_request_id, kind, awaits, started_at, due_on, paused_at, met_at, met_by,
        reminded_before_on, reminded_overdue_on)
      SELECT ${hex('n.i', 8)} || '-dead-4000-8000-' || ${hex('ROW_NUMBER() OVER (PARTITION BY n.i ORDER BY d.started_at, d.id)', 12)},
        ${id('n.i')}, d.kind, d.awaits, ${iso('n.at')}, ${day(`n.at + 14 * ${DAY}`)}, d.paused_at,
        CASE WHEN d.met_at IS NULL THEN NULL ELSE ${iso(`n.at + 2 * ${DAY}`)} END, d.met_by, ${reminded(13)}, ${reminded(15)}
      FROM ${from_} JOIN deadlines d ON d.change_request_id = src.id`);
    // The template's first history entries, renumbered after the chain's head (made-up hashes).
    // The history is its canonical text (the database derives the columns): the template's text
    // with the copy's seq, time, request, reference and previous hash set in it.
    const seqOf = `${seq0} + (n.i - ${from}) * ${AUDIT_PER_REQUEST} + a.r`;
    const reference = `CASE WHEN a.reference IS NULL THEN NULL ELSE 'ÄB-S' || ${text('n.i')} END`;
    const set = [
      ['seq', seqOf],
      ['at', iso('n.at + a.r * 60')],
      ['subjectId', id('n.i')],
      ['changeRequestId', id('n.i')],
      ['reference', reference],
      ['prevHash', hex(`${seqOf} - 1`, 64)],
    ];
    const canonical = postgres
      ? `(a.canonical::jsonb || jsonb_build_object(${set.map(([key, value]) => `'${key}', ${value}`).join(', ')}))::text`
      : `json_set(a.canonical, ${set.map(([key, value]) => `'$.${key}', ${value}`).join(', ')})`;
    await q(`INSERT INTO audit_log (seq, canonical, hash)
      SELECT ${seqOf}, ${canonical}, ${hex(seqOf, 64)}
      FROM ${from_} JOIN (SELECT ROW_NUMBER() OVER (PARTITION BY change_request_id ORDER BY seq) AS r, l.* FROM audit_log l
        WHERE change_request_id IN (SELECT id FROM bench_templates)) a ON a.change_request_id = src.id AND a.r <= ${AUDIT_PER_REQUEST}
      ORDER BY n.i, a.r`);
    await q(`INSERT INTO notifications (id, delivery_key, kind, recipient_id, change_request_id, audit_seq, event_type, title, body,
        created_at, read_at)
      SELECT ${hex('n.i', 8)} || '-0000-4000-8000-' || ${hex('n.i', 12)}, 'bench:' || ${text('n.i')}, 'event',
        CASE n.i % 5 ${NOTIFIED.map((user, i) => `WHEN ${i} THEN '${user}'`).join(' ')} END, ${id('n.i')}, NULL, 'SUBMIT',
        'Ny ändringsbegäran: ' || ${title}, 'Inlämnad för bedömning.', ${iso('n.at + 60')},
        CASE WHEN n.i % 3 = 0 THEN NULL ELSE ${iso(`n.at + ${DAY}`)} END
      FROM ${from_} WHERE src.is_draft = 0`);
    await q(`DROP TABLE bench_templates`);
    await q(`DROP TABLE bench_orgs`);
    await q('COMMIT');
    const inserted = performance.now();
    // What autovacuum would have done by the time such a table is read: statistics, and on
    // PostgreSQL the visibility map that lets a count read an index alone.
    await q(postgres ? 'VACUUM ANALYZE' : 'ANALYZE');
    if (!postgres) await q('PRAGMA wal_checkpoint(TRUNCATE)');
    const counts = (await q(`SELECT (SELECT COUNT(*) FROM change_requests) AS requests, (SELECT COUNT(*) FROM audit_log) AS audit,
      (SELECT COUNT(*) FROM change_request_entries) AS entries, (SELECT COUNT(*) FROM notifications) AS notifications,
      (SELECT COUNT(*) FROM deadlines) AS deadlines`)) as Record<string, number | string>[];
    const c = counts[0];
    return (
      `added ${(size - from + 1).toLocaleString('en-US')} in ${((inserted - started) / 1000).toFixed(1)} s (+ ${postgres ? 'VACUUM ANALYZE' : 'ANALYZE'} ` +
      `${((performance.now() - inserted) / 1000).toFixed(1)} s): ${Number(c.requests).toLocaleString('en-US')} requests, ` +
      `${Number(c.entries).toLocaleString('en-US')} dialogue rows, ${Number(c.deadlines).toLocaleString('en-US')} deadlines, ` +
      `${Number(c.audit).toLocaleString('en-US')} history entries, ${Number(c.notifications).toLocaleString('en-US')} notifications`
    );
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await db.destroy();
  }
}

// --- measuring ------------------------------------------------------------------------------------

interface Figures {
  p50: number;
  p99: number;
  rps: number;
  bad: number;
}

type Scenario = { name: string } & ({ options: Omit<autocannon.Options, 'url'> } | { firstRows: { user: string; path: string } });

async function cannon(base: string, options: Omit<autocannon.Options, 'url'>): Promise<Figures> {
  const run = { ...options, url: base, connections: CONNECTIONS, timeout: TIMEOUT_S };
  await autocannon({ ...run, duration: 1 });
  await settle(base);
  const r = await autocannon({ ...run, duration: SECONDS });
  await settle(base);
  // No answer within the run: each took longer than it (or than TIMEOUT_S), shown as that long (and as bad).
  const none = r.requests.total === 0 || (r.latency.p50 === 0 && r.requests.average === 0);
  const floor = r.timeouts > 0 ? TIMEOUT_S * 1000 : SECONDS * 1000;
  return {
    p50: none ? floor : r.latency.p50,
    p99: none || r.timeouts > 0 ? Math.max(floor, r.latency.p99) : r.latency.p99,
    rps: r.requests.average,
    bad: r.non2xx + r.errors + r.timeouts + (none ? CONNECTIONS : 0),
  };
}

/** Waits until the server answers its health check quickly: work queued by the last endpoint is done. */
async function settle(base: string): Promise<void> {
  const until = performance.now() + TIMEOUT_S * 1000;
  while (performance.now() < until) {
    const started = performance.now();
    await fetch(`${base}/health/live`).then((res) => res.arrayBuffer());
    if (performance.now() - started < 20) return;
  }
}

/** Time until the first EXPORT_BATCH rows of a CSV have arrived, CONNECTIONS clients in a loop. */
async function firstRows(base: string, user: string, path: string): Promise<Figures> {
  const once = async (): Promise<number> => {
    const controller = new AbortController();
    const startedAt = performance.now();
    const res = await fetch(`${base}${path}`, { headers: bearer(user), signal: controller.signal });
    if (!res.ok || !res.body) throw new Error(`${path}: ${res.status}`);
    const reader = res.body.getReader();
    let lines = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (value) for (const byte of value) if (byte === 10) lines++;
      if (done || lines > EXPORT_BATCH) break;
    }
    const took = performance.now() - startedAt;
    controller.abort();
    return took;
  };
  const run = async (seconds: number): Promise<number[]> => {
    const times: number[] = [];
    const until = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (performance.now() < until) times.push(await once());
      }),
    );
    return times.sort((a, b) => a - b);
  };
  await run(1);
  await settle(base);
  const times = await run(SECONDS);
  await settle(base);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(times.length * p))];
  return { p50: at(0.5), p99: at(0.99), rps: times.length / SECONDS, bad: 0 };
}

function rotating(paths: string[]) {
  let next = 0;
  return (request: autocannon.RawRequest) => ({ ...request, path: paths[next++ % paths.length] });
}

const get = (name: string, user: string, path: string): Scenario => ({
  name,
  options: { headers: bearer(user), requests: [{ method: 'GET', path }] },
});

async function scenarios(base: string): Promise<Scenario[]> {
  // A cursor 49 pages in, walked as a client would.
  const statePath = '/api/change-requests?state=dialogue&pageSize=20';
  let cursor: string | null = null;
  for (let page = 1; page < 50; page++) {
    const body = await call(base, 'vgr.handlaggare', 'GET', cursor ? `${statePath}&cursor=${cursor}` : statePath);
    if (!body.nextCursor) break;
    cursor = body.nextCursor as string;
  }
  // Requests spread over the table (newest, oldest and between), in dialogue.
  const sample: string[] = [];
  for (const sort of ['updated', 'received', 'reference']) {
    for (const order of ['asc', 'desc']) {
      const body = await call(base, 'vgr.handlaggare', 'GET', `/api/change-requests?state=dialogue&sort=${sort}&order=${order}&pageSize=100`);
      sample.push(...(body.items as { id: string }[]).map((item) => item.id));
    }
  }
  const ids = [...new Set(sample)];
  const week = isoWeekOf(new Date(Date.now() - 20 * 7 * DAY * 1000));
  const sorts = LIST_SORTS.filter((sort) => sort !== 'relevance');
  return [
    get('list, municipality (sjuharad)', 'sjuharad.handlaggare', '/api/change-requests'),
    get('list, vgr', 'vgr.handlaggare', '/api/change-requests'),
    get('list, text "sjuharad"', 'vgr.handlaggare', '/api/change-requests?text=sjuharad'),
    get('list, text "sjuharad" by updated', 'vgr.handlaggare', '/api/change-requests?text=sjuharad&sort=updated'),
    get('list, state, page 50', 'vgr.handlaggare', `${statePath}&page=50`),
    get('list, state, cursor (page 50)', 'vgr.handlaggare', cursor ? `${statePath}&cursor=${cursor}` : statePath),
    ...sorts.flatMap((sort) => [
      get(`list, sort=${sort}`, 'vgr.handlaggare', `/api/change-requests?sort=${sort}`),
      get(`list, sort=${sort}, municipality`, 'sjuharad.handlaggare', `/api/change-requests?sort=${sort}`),
    ]),
    { name: `CSV export, first ${EXPORT_BATCH} rows`, firstRows: { user: 'vgr.handlaggare', path: '/api/change-requests?format=csv' } },
    {
      name: 'GET one request',
      options: { headers: bearer('vgr.handlaggare'), requests: [{ method: 'GET', setupRequest: rotating(ids.map((id) => `/api/change-requests/${id}`)) }] },
    },
    {
      name: 'its history',
      options: {
        headers: bearer('vgr.handlaggare'),
        requests: [{ method: 'GET', setupRequest: rotating(ids.map((id) => `/api/change-requests/${id}/history`)) }],
      },
    },
    get('my tasks, vgr', 'vgr.handlaggare', '/api/me/tasks'),
    get('my tasks, municipality', 'sjuharad.handlaggare', '/api/me/tasks'),
    get('notifications, vgr', 'vgr.handlaggare', '/api/me/notifications'),
    get(`weekly report md (${week})`, 'vgr.handlaggare', `/api/reports/weekly?week=${week}&format=md`),
    get('audit browse, newest', 'revisor', '/api/audit/entries'),
    get('audit browse, by actor', 'revisor', '/api/audit/entries?actor=vgr.handlaggare'),
  ];
}

function table(header: string[], lines: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(format(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const line of lines) console.log(format(line));
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'andringsbegaran-scale-'));
  const schema = postgres ? `scale_${randomBytes(5).toString('hex')}` : undefined;
  const target: Target = postgres
    ? { url: `${POSTGRES_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`, dir, schema }
    : { url: `sqlite:${join(dir, 'scale.sqlite')}`, dir };
  if (schema) {
    const admin = new DataSource({ type: 'postgres', url: POSTGRES_URL, extra: { max: 1 } });
    await admin.initialize();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.destroy();
  }
  console.log(
    `Ändringsbegäran scale benchmark — ${postgres ? `PostgreSQL (schema ${schema})` : 'SQLite'}, sizes ${SIZES.map((s) => s.toLocaleString('en-US')).join(' / ')}, ` +
      `${CONNECTIONS} connections, ${SECONDS} s per endpoint, Node ${process.version}, ${cpus().length} CPUs`,
  );
  const results = new Map<string, Map<number, Figures>>();
  let running: Running | undefined;
  try {
    running = await start(target);
    const templates = await seedTemplates(running.base);
    console.log(`${templates.length} template requests made through the API`);
    for (const size of SIZES) {
      await terminate(running.child);
      running = undefined;
      console.log(`\n${size.toLocaleString('en-US')}: ${await grow(target, size, templates)}`);
      running = await start(target);
      if (!MEASURE) continue;
      for (const scenario of await scenarios(running.base)) {
        const figures =
          'options' in scenario
            ? await cannon(running.base, scenario.options)
            : await firstRows(running.base, scenario.firstRows.user, scenario.firstRows.path);
        if (!results.has(scenario.name)) results.set(scenario.name, new Map());
        results.get(scenario.name)!.set(size, figures);
        console.log(`  ${scenario.name}: p50 ${figures.p50.toFixed(1)} ms, p99 ${figures.p99.toFixed(1)} ms, ${figures.rps.toFixed(0)} req/s${figures.bad ? `, ${figures.bad} non-2xx/errors` : ''}`);
      }
    }
  } finally {
    if (running) await terminate(running.child);
    if (schema && !KEEP) {
      const admin = new DataSource({ type: 'postgres', url: POSTGRES_URL, extra: { max: 1 } });
      await admin.initialize();
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.destroy();
    }
    if (KEEP) console.log(`kept ${postgres ? `schema ${schema}` : target.url}`);
    else rmSync(dir, { recursive: true, force: true });
  }

  const first = SIZES[0];
  const last = SIZES[SIZES.length - 1];
  const k = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n));
  console.log(`\n${postgres ? 'PostgreSQL' : 'SQLite'}: latency in ms (p50 / p99), and p50(${k(last)}) ÷ p50(${k(first)}) (target ≤ 1.5)\n`);
  table(
    ['endpoint', ...SIZES.map((s) => `${k(s)} p50/p99`), `ratio`, 'non-2xx'],
    [...results].map(([name, bySize]) => {
      const a = bySize.get(first);
      const b = bySize.get(last);
      const ratio = a && b ? b.p50 / Math.max(a.p50, 0.5) : NaN;
      return [
        name,
        ...SIZES.map((s) => {
          const f = bySize.get(s);
          return f ? `${f.p50.toFixed(1)} / ${f.p99.toFixed(1)}` : '-';
        }),
        `${ratio.toFixed(2)}${ratio > 1.5 ? ' !' : ''}`,
        String([...bySize.values()].reduce((sum, f) => sum + f.bad, 0)),
      ];
    }),
  );
  console.log('\n  ratio: p50 at the largest size over p50 at the smallest (p50 below 0.5 ms counted as 0.5 ms); ! marks > 1.5');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
