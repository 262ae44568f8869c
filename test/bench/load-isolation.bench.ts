import autocannon from 'autocannon';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as sqlite3 from 'sqlite3';
import { tokenFor } from '../support/tokens';

/**
 * `npm run bench:isolation`: two measurements the write path promises (SPEC §8), on the product
 * alone, over HTTP, on a SQLite file (synchronous=FULL).
 *
 * 1. Long reads never delay writes: COMMENT p99 (16 connections) idle, then while a weekly report
 *    over BENCH_ROWS (default 100,000) change requests, an audit export and a verify run over and
 *    over; the ratio of the two p99s.
 * 2. No growth with the number of events served: resident size after the first minute of mixed
 *    load (COMMENT, GET, list) against after BENCH_SOAK_SECONDS (default 600).
 *
 * The BENCH_ROWS requests are made as in the issue that asked for this: 200 through the API, then
 * copied row by row in the database. No assertions: it prints figures.
 *
 * BENCH_LONG_READS picks the long reads, comma-separated (default: weekly,export,verify; also
 * list-csv, the change-request list as CSV): one alone shows which one costs the writes most.
 */

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const SOAK_SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 600);
const CONNECTIONS = 16;
const SEEDED = 200;
const LONG_READS = (process.env.BENCH_LONG_READS ?? 'weekly,export,verify').split(',').map((name) => name.trim()).filter(Boolean);

interface Child {
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

const headers = (userId: string) => ({ authorization: `Bearer ${tokenFor(userId)}`, 'content-type': 'application/json' });

function start(file: string): Promise<Child> {
  const child = fork(join(__dirname, 'bench-server.ts'), [file], {
    execArgv: ['-r', 'ts-node/register/transpile-only'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'], // the product's request log (a line a request) is not the bench's output
    env: { ...process.env, UV_THREADPOOL_SIZE: '16' },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.once('message', (message: { port: number }) =>
      resolve({
        port: message.port,
        process: child,
        stop: async () => {
          child.send('stop');
          await exited;
        },
      }),
    );
    child.once('exit', (code) => reject(new Error(`bench-server exited with ${code}`)));
  });
}

function rss(child: Child): Promise<number> {
  return new Promise((resolve) => {
    const listener = (message: { rss?: number }) => {
      if (typeof message.rss !== 'number') return;
      child.process.off('message', listener);
      resolve(message.rss);
    };
    child.process.on('message', listener);
    child.process.send('rss');
  });
}

async function call(port: number, userId: string, method: string, path: string, body?: object): Promise<Record<string, unknown>> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { method, headers: headers(userId), body: body && JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

async function seed(port: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < SEEDED; i++) {
    const created = await call(port, 'vastkom.handlaggare', 'POST', '/api/change-requests', {
      title: `Ändringsbegäran ${i + 1}`,
      description: 'Kommunen behöver mer tid för att införa Millennium.',
      type: i % 3 === 0 ? 'scope' : 'schedule',
      requestingOrganisations: [['boras', 'mark', 'skovde', 'uddevalla'][i % 4]],
      justification: 'Kommunen är inte redo att införa Millennium enligt plan.',
    });
    const id = created.id as string;
    ids.push(id);
    await call(port, 'vastkom.handlaggare', 'POST', `/api/change-requests/${id}/events`, { type: 'SUBMIT' });
    if (i % 2) await call(port, 'vgr.handlaggare', 'POST', `/api/change-requests/${id}/events`, { type: 'ACKNOWLEDGE' });
  }
  return ids;
}

/** Copies the submitted requests row by row until there are `total`, each with its organisation. */
function fill(file: string, total: number): Promise<void> {
  const db = new sqlite3.Database(file);
  const run = (text: string, params: unknown[] = []) =>
    new Promise<void>((resolve, reject) => db.run(text, params, (error) => (error ? reject(error) : resolve())));
  const uuid = `lower(printf('%08x-%04x-4%03x-8%03x-%012x', abs(random()) % 4294967296, abs(random()) % 65536,
    abs(random()) % 4096, abs(random()) % 4096, abs(random()) % 281474976710656))`;
  return (async () => {
    await run('PRAGMA journal_mode = WAL');
    await run('BEGIN');
    await run(`CREATE TEMP TABLE copies AS
      WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ?)
      SELECT ${uuid} AS id, cr.id AS original, k.i AS i FROM k JOIN change_requests cr ON cr.is_draft = 0
      ORDER BY k.i, cr.id LIMIT ?`, [Math.ceil(total / SEEDED), total - SEEDED]);
    await run(`INSERT INTO change_requests (id, workflow_id, workflow_version, reference, title, type, state, state_value, snapshot,
        version, search_text, created_by, created_at, updated_at, state_entered_at, received_at, decided_at, communicated_at, is_draft, closed_at)
      SELECT c.id, workflow_id, workflow_version, reference || '-' || c.i, title || ' (' || c.i || ')', type, state, state_value, snapshot,
        version, search_text, created_by, created_at, updated_at, state_entered_at, received_at, decided_at, communicated_at, is_draft, closed_at
      FROM copies c JOIN change_requests cr ON cr.id = c.original`);
    await run(`INSERT INTO change_request_organisations (change_request_id, organisation_id)
      SELECT c.id, o.organisation_id FROM copies c JOIN change_request_organisations o ON o.change_request_id = c.original`);
    await run('COMMIT');
    await new Promise<void>((resolve) => db.close(() => resolve()));
  })();
}

function rotating(ids: string[], path: (id: string) => string) {
  let next = 0;
  return (request: autocannon.RawRequest) => ({ ...request, path: path(ids[next++ % ids.length]) });
}

async function comments(port: number, ids: string[], seconds: number) {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: seconds,
    method: 'POST',
    headers: headers('vgr.handlaggare'),
    body: JSON.stringify({ type: 'COMMENT', text: 'Bänktest: kommentar.' }),
    requests: [{ setupRequest: rotating(ids, (id) => `/api/change-requests/${id}/events`) }],
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx };
}

/** Repeats the long reads one after another until `stop` resolves (or once); returns how long each took. */
async function longReads(port: number, stop: Promise<void>, once = false): Promise<Record<string, number[]>> {
  const all: Record<string, [string, string, string]> = {
    weekly: ['weekly report', 'vgr.handlaggare', '/api/reports/weekly?format=md'],
    export: ['audit export', 'revisor', '/api/audit/export'],
    verify: ['audit verify', 'revisor', '/api/audit/verify'],
    'list-csv': ['list CSV export', 'vgr.handlaggare', '/api/change-requests?format=csv'],
  };
  const unknown = LONG_READS.filter((name) => !all[name]);
  if (unknown.length) throw new Error(`BENCH_LONG_READS: unknown ${unknown.join(', ')} (choose from ${Object.keys(all).join(', ')})`);
  const paths = LONG_READS.map((name) => all[name]);
  const times: Record<string, number[]> = Object.fromEntries(paths.map(([name]) => [name, []]));
  let stopped = false;
  void stop.then(() => (stopped = true));
  const loop = async ([name, user, path]: [string, string, string]) => {
    while (!stopped) {
      const started = performance.now();
      const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers: headers(user) });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
      times[name].push(performance.now() - started);
      if (once) return;
    }
  };
  await Promise.all(paths.map(loop));
  return times;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'andringsbegaran-isolation-'));
  const file = join(dir, 'product.sqlite');
  try {
    let server = await start(file);
    const ids = await seed(server.port);
    await server.stop();
    const filled = performance.now();
    await fill(file, ROWS);
    console.log(`${SEEDED} requests through the API, copied to ${ROWS} in the database in ${((performance.now() - filled) / 1000).toFixed(1)} s`);
    server = await start(file);

    await comments(server.port, ids, 2); // warm-up
    // Each long read once, so their first run (the long-read worker starting) is not measured.
    await longReads(server.port, new Promise<void>(() => undefined), true);
    const idle = await comments(server.port, ids, SECONDS);
    let finish!: () => void;
    const stop = new Promise<void>((resolve) => (finish = resolve));
    const reads = longReads(server.port, stop);
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // the long reads are under way
    const loaded = await comments(server.port, ids, SECONDS);
    finish();
    const times = await reads;

    console.log(`\nCOMMENT over ${SEEDED} requests, ${CONNECTIONS} connections, ${SECONDS} s, ${ROWS} requests in the database`);
    console.log(`long reads: ${LONG_READS.join(', ')}\n`);
    console.log('                           req/s   p50 ms   p99 ms   non-2xx');
    for (const [name, r] of [['idle', idle], ['during long reads', loaded]] as const) {
      console.log(`${name.padEnd(25)} ${r.rps.toFixed(0).padStart(6)} ${String(r.p50).padStart(8)} ${String(r.p99).padStart(8)} ${String(r.non2xx).padStart(9)}`);
    }
    console.log(`p99 during long reads ÷ idle p99: ${(loaded.p99 / Math.max(idle.p99, 1)).toFixed(2)}`);
    for (const [name, list] of Object.entries(times)) {
      const sorted = [...list].sort((a, b) => a - b);
      console.log(`  ${name}: ${list.length} runs, median ${(sorted[Math.floor(sorted.length / 2)] ?? NaN).toFixed(0)} ms`);
    }

    if (SOAK_SECONDS > 0) {
      console.log(`\nMixed load (COMMENT, GET, list) for ${SOAK_SECONDS} s, resident size sampled each minute:`);
      const soak = autocannon({
        url: `http://127.0.0.1:${server.port}`,
        connections: CONNECTIONS,
        duration: SOAK_SECONDS,
        headers: headers('vgr.handlaggare'),
        requests: [
          { method: 'POST', body: JSON.stringify({ type: 'COMMENT', text: 'Soak.' }), setupRequest: rotating(ids, (id) => `/api/change-requests/${id}/events`) },
          { method: 'GET', setupRequest: rotating(ids, (id) => `/api/change-requests/${id}`) },
          { method: 'GET', path: '/api/change-requests?state=submitted&pageSize=20' },
        ],
      });
      const samples: number[] = [];
      const sampler = setInterval(() => void rss(server).then((r) => samples.push(r)), 60_000);
      const result = await soak;
      clearInterval(sampler);
      samples.push(await rss(server));
      console.log(`  ${samples.map(mb).join(', ')}`);
      console.log(`  ${result.requests.total} requests, ${result.non2xx} non-2xx; last ÷ first minute: ${(samples.at(-1)! / samples[0]).toFixed(2)}`);
    }
    await server.stop();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
