import autocannon from 'autocannon';
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as sqlite3 from 'sqlite3';
import { tokenFor } from '../support/tokens';
import { ORDINARY_MEMBERS } from '../support/meetings';

/**
 * `npm run bench`: the product over HTTP on loopback against a hand-written floor measured in the
 * same run (floor-server.ts: node:http + the same sqlite3 driver + XState doing the same database
 * work per request on a copy of the same database), as ratios. Also the floor with group commit,
 * and the cost of the 10th against the 5,000th COMMENT on one request.
 *
 * Every server runs in its own process on a throw-away SQLite file (synchronous=FULL), so
 * autocannon does not share its event loop. Each scenario: a 1 s warm-up, then BENCH_SECONDS
 * (default 5) with BENCH_CONNECTIONS (default 16) connections. No assertions: it prints figures.
 */

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const LONG_THREAD = Number(process.env.BENCH_LONG_THREAD ?? 5000);
const COST_SAMPLES = 100;
const WATCHDOG_MS = 20 * 60 * 1000;
const ORGANISATIONS = ['boras', 'mark', 'skovde', 'uddevalla', 'goteborg', 'lidkoping', 'alingsas', 'tranemo'];

interface Server {
  name: string;
  port: number;
  stop(): Promise<void>;
}

interface Row {
  server: string;
  scenario: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

const bearer = (userId: string) => ({ authorization: `Bearer ${tokenFor(userId)}` });
const CHILD_ENV = { ...process.env, UV_THREADPOOL_SIZE: '16' };

/** BENCH_PROFILE=1: the product writes a CPU profile (.cpuprofile) into the current directory when it stops. */
const PROFILE = process.env.BENCH_PROFILE === '1';

/**
 * Starts a server in a child process. `quiet`: its standard output (the product's request log, one
 * line a request, written as in production) goes to /dev/null rather than into the bench's output.
 */
function startChild(name: string, file: string, args: string[], env: NodeJS.ProcessEnv = CHILD_ENV, quiet = false): Promise<Server> {
  const profile = PROFILE && quiet ? ['--cpu-prof'] : [];
  const child: ChildProcess = fork(join(__dirname, file), args, {
    execArgv: ['-r', 'ts-node/register/transpile-only', ...profile],
    stdio: ['ignore', quiet ? 'ignore' : 'inherit', 'inherit', 'ipc'],
    env,
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.send('stop');
      child.disconnect();
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    }
  };
  return new Promise((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve({ name, port: message.port, stop }));
    child.once('exit', (code) => reject(new Error(`${name} exited with code ${code} before listening`)));
  });
}

async function call(port: number, userId: string, method: string, path: string, body?: object) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { ...bearer(userId), 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${method} ${path} as ${userId}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** REQUESTS change requests through the product's API: a quarter each in draft, submitted, dialogue and decided. */
async function seed(port: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const organisation = ORGANISATIONS[i % ORGANISATIONS.length];
    const created = await call(port, 'vastkom.handlaggare', 'POST', '/api/change-requests', {
      title: `Ändringsbegäran ${i + 1} från ${organisation}`,
      description: 'Kommunen behöver mer tid för att införa Millennium.',
      type: i % 3 === 0 ? 'scope' : 'schedule',
      requestingOrganisations: [organisation],
      justification: 'Kommunen är inte redo att införa Millennium enligt plan.',
    });
    const id = created.id as string;
    ids.push(id);
    const event = (userId: string, body: Record<string, unknown>) => call(port, userId, 'POST', `/api/change-requests/${id}/events`, body);
    const stage = i % 4;
    if (stage >= 1) await event('vastkom.handlaggare', { type: 'SUBMIT' });
    if (stage >= 2) {
      await event('vgr.handlaggare', { type: 'ACKNOWLEDGE' });
      await event('vgr.handlaggare', { type: 'RECORD_IMPACT', text: 'Ingen påverkan på VGR:s tidplan.' });
    }
    if (stage >= 3) {
      // Programstyrgruppen decides at a meeting with the request on its agenda (SPEC §10).
      const meeting = await call(port, 'vgr.handlaggare', 'POST', '/api/meetings', { title: 'Programstyrgruppen Millennium', startsAt: new Date().toISOString() });
      await call(port, 'vgr.handlaggare', 'POST', `/api/meetings/${meeting.id as string}/agenda`, { changeRequestId: id });
      await call(port, 'vgr.handlaggare', 'POST', `/api/meetings/${meeting.id as string}/events`, { type: 'OPEN', present: ORDINARY_MEMBERS, justerare: 'styrgrupp.ledamot' });
      await event('styrgrupp.ordforande', { type: 'DECIDE', outcome: 'rejected', rationale: 'Begäran avslås.', meetingReference: 'PSG § 1', meetingId: meeting.id });
    }
  }
  return ids;
}

/** A copy of the product's database, consistent, for a floor to work on. */
function copyDatabase(from: string, to: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(from, sqlite3.OPEN_READONLY, (error) => {
      if (error) return reject(error);
      db.run(`VACUUM INTO '${to.replace(/'/g, "''")}'`, (e) => db.close(() => (e ? reject(e) : resolve())));
    });
  });
}

function rotating(ids: string[], path: (id: string) => string) {
  let next = 0;
  return (request: autocannon.RawRequest) => ({ ...request, path: path(ids[next++ % ids.length]) });
}

async function measure(server: Server, scenario: string, options: Omit<autocannon.Options, 'url'>): Promise<Row> {
  const url = `http://127.0.0.1:${server.port}`;
  await autocannon({ ...options, url, connections: CONNECTIONS, duration: 1 });
  const result = await autocannon({ ...options, url, connections: CONNECTIONS, duration: SECONDS });
  return {
    server: server.name,
    scenario,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

function scenarios(ids: string[], dialogueIds: string[], one: string): [string, Omit<autocannon.Options, 'url'>][] {
  const json = { ...bearer('vastkom.handlaggare'), 'content-type': 'application/json' };
  const body = JSON.stringify({ type: 'COMMENT', text: 'Bänktest: kommentar.' });
  return [
    ['COMMENT over requests', { method: 'POST', headers: json, body, requests: [{ setupRequest: rotating(ids, (id) => `/api/change-requests/${id}/events`) }] }],
    ['COMMENT on one request', { method: 'POST', headers: json, body, requests: [{ method: 'POST', path: `/api/change-requests/${one}/events` }] }],
    ['GET one request', { headers: bearer('vgr.handlaggare'), requests: [{ method: 'GET', setupRequest: rotating(dialogueIds, (id) => `/api/change-requests/${id}`) }] }],
    ['list (state, type, page 1)', { headers: bearer('vgr.handlaggare'), requests: [{ method: 'GET', path: '/api/change-requests?state=dialogue&type=schedule&pageSize=20' }] }],
  ];
}

/** Median latency (ms) of `count` sequential COMMENTs on one request, after `before` of them. */
async function commentCost(port: number, id: string, count: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await call(port, 'vastkom.handlaggare', 'POST', `/api/change-requests/${id}/events`, { type: 'COMMENT', text: `Kommentar ${i}` });
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

async function pump(port: number, id: string, total: number): Promise<void> {
  const body = JSON.stringify({ type: 'COMMENT', text: 'Fler kommentarer.' });
  await new Promise<void>((resolve, reject) => {
    const run = autocannon({
      url: `http://127.0.0.1:${port}`,
      connections: CONNECTIONS,
      amount: total,
      method: 'POST',
      headers: { ...bearer('vastkom.handlaggare'), 'content-type': 'application/json' },
      body,
      requests: [{ method: 'POST', path: `/api/change-requests/${id}/events` }],
    } as autocannon.Options);
    run.then(() => resolve(), reject);
  });
}

function table(header: string[], lines: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(format(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const line of lines) console.log(format(line));
}

function runAuditVerifyBench(): Promise<void> {
  const file = join(__dirname, 'audit-verify.bench.ts');
  if (!existsSync(file) || process.env.BENCH_AUDIT === '0') return Promise.resolve();
  console.log('\nRunning test/bench/audit-verify.bench.ts\n');
  const child = fork(file, [], { execArgv: ['-r', 'ts-node/register/transpile-only'], stdio: 'inherit' });
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function main(): Promise<void> {
  const watchdog = setTimeout(() => {
    console.error('bench: watchdog expired, giving up');
    process.exit(2);
  }, WATCHDOG_MS);
  watchdog.unref();

  const dir = mkdtempSync(join(tmpdir(), 'andringsbegaran-bench-'));
  const servers: Server[] = [];
  try {
    const productFile = join(dir, 'product.sqlite');
    const product = await startChild('product', 'bench-server.ts', [productFile], CHILD_ENV, true);
    servers.push(product);
    const started = Date.now();
    const ids = await seed(product.port);
    console.log(`Seeded ${ids.length} change requests through the API in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const dialogueIds = ids.filter((_, i) => i % 4 === 2);
    const one = dialogueIds[0];
    for (const floor of ['floor', 'floor-group']) {
      const file = join(dir, `${floor}.sqlite`);
      await copyDatabase(productFile, file);
      servers.push(await startChild(floor, 'floor-server.ts', [file], { ...CHILD_ENV, FLOOR_GROUP: floor === 'floor-group' ? '1' : '0' }));
    }

    const rows: Row[] = [];
    for (const [scenario, options] of scenarios(ids, dialogueIds, one)) {
      for (const server of servers) {
        if (server.name === 'floor-group' && !scenario.startsWith('COMMENT')) continue;
        rows.push(await measure(server, scenario, options));
      }
    }

    // The cost of a comment must not grow with the thread: the 10th against the 5,000th.
    const fresh = dialogueIds[1];
    // Medians of 100 one-client COMMENTs each (20 moved by ±30 % between runs on a loaded machine).
    const early = await commentCost(product.port, fresh, COST_SAMPLES);
    await pump(product.port, fresh, LONG_THREAD - 2 * COST_SAMPLES);
    const late = await commentCost(product.port, fresh, COST_SAMPLES);
    const verify = await call(product.port, 'revisor', 'GET', '/api/audit/verify');

    console.log(
      `\nÄndringsbegäran HTTP benchmark — SQLite synchronous=FULL, ${ids.length} requests, ${CONNECTIONS} connections, ` +
        `${SECONDS} s per scenario, Node ${process.version}, ${cpus().length} CPUs\n`,
    );
    const floorOf = (scenario: string) => rows.find((r) => r.server === 'floor' && r.scenario === scenario)!;
    table(
      ['scenario', 'server', 'req/s', 'p50 ms', 'p99 ms', 'req/s ÷ floor', 'p99 ÷ floor', 'non-2xx', 'errors'],
      rows.map((r) => [
        r.scenario,
        r.server,
        r.rps.toFixed(0),
        r.p50.toFixed(0),
        r.p99.toFixed(0),
        (r.rps / floorOf(r.scenario).rps).toFixed(2),
        (r.p99 / Math.max(floorOf(r.scenario).p99, 1)).toFixed(2),
        String(r.non2xx),
        String(r.errors),
      ]),
    );
    console.log(
      `\nCOMMENT on one request, one client, median of ${COST_SAMPLES}: the first ${COST_SAMPLES} ${early.toFixed(2)} ms, ` +
        `the last ${COST_SAMPLES} up to the ${LONG_THREAD}th ${late.toFixed(2)} ms (ratio ${(late / early).toFixed(2)})`,
    );
    console.log(`Decision history after the run: ok=${String(verify.ok)}, ${String(verify.entries)} entries`);
    console.log('  floor: node:http + sqlite3 + XState, one transaction per event; floor-group: the same with group commit (SAVEPOINT per event, ≤ 64 per COMMIT)');
    console.log('  product: the whole app (authentication, validation, workflow engine, history, answer with the thread)');
  } finally {
    for (const server of servers.reverse()) await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  await runAuditVerifyBench();
  clearTimeout(watchdog);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
