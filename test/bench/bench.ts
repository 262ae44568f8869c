import autocannon from 'autocannon';
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { tokenFor } from '../support/tokens';

/**
 * `npm run bench`: HTTP throughput and latency of the app on loopback, as ratios against a floor
 * measured in the same run (absolute numbers depend on the machine; ratios much less so).
 *
 * The app runs in a child process (bench-server.ts) on a throw-away database — a temp SQLite file,
 * or a fresh PostgreSQL schema with TEST_DATABASE=postgres — so autocannon does not share its
 * event loop. Everything is bounded: each scenario runs BENCH_SECONDS (default 5) after a
 * 1-second warm-up, with BENCH_CONNECTIONS (default 10) connections, and a watchdog ends the run
 * if anything hangs. No assertions: it prints figures.
 */

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const WATCHDOG_MS = 10 * 60 * 1000;

/** Organisations the seeded requests name, so list filters have something to select. */
const ORGANISATIONS = [
  'boras',
  'mark',
  'skovde',
  'uddevalla',
  'goteborg',
  'lidkoping',
  'alingsas',
  'tranemo',
];

interface Scenario {
  name: string;
  what: string;
  options: Omit<autocannon.Options, 'url' | 'connections' | 'duration'>;
}

interface Row {
  name: string;
  what: string;
  rps: number;
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  errors: number;
}

const bearer = (userId: string) => ({ authorization: `Bearer ${tokenFor(userId)}` });

/** Starts bench-server.ts and waits for its port. */
function startServer(): Promise<{ port: number; database: string; stop: () => Promise<void> }> {
  const child = fork(join(__dirname, 'bench-server.ts'), [], {
    execArgv: ['-r', 'ts-node/register/transpile-only'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.send('stop');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    }
  };
  return new Promise((resolve, reject) => {
    child.once('message', (message: { port: number; database: string }) =>
      resolve({ ...message, stop }),
    );
    child.once('exit', (code) =>
      reject(new Error(`bench server exited with code ${code} before listening`)),
    );
  });
}

async function call(base: string, userId: string, method: string, path: string, body?: object) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...bearer(userId), 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok)
    throw new Error(`${method} ${path} as ${userId}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** REQUESTS change requests: a quarter each in draft, submitted, dialogue and decided. */
async function seed(base: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const organisation = ORGANISATIONS[i % ORGANISATIONS.length];
    const created = await call(base, 'vastkom.handlaggare', 'POST', '/api/change-requests', {
      title: `Ändringsbegäran ${i + 1} från ${organisation}`,
      description: 'Kommunen behöver mer tid för att införa Millennium.',
      type: i % 3 === 0 ? 'scope' : 'schedule',
      requestingOrganisations: [organisation],
      justification: 'Kommunen är inte redo att införa Millennium enligt plan.',
      ...(i % 3 === 0 ? {} : { requestedGoLive: null }),
    });
    const id = created.id as string;
    ids.push(id);
    const event = (userId: string, body: Record<string, unknown>) =>
      call(base, userId, 'POST', `/api/change-requests/${id}/events`, body);
    const stage = i % 4;
    if (stage >= 1) await event('vastkom.handlaggare', { type: 'SUBMIT' });
    if (stage >= 2) {
      await event('vgr.handlaggare', { type: 'ACKNOWLEDGE' });
      await event('vgr.handlaggare', {
        type: 'RECORD_IMPACT',
        text: 'Ingen påverkan på VGR:s tidplan.',
      });
    }
    if (stage >= 3) {
      await event('styrgrupp.ordforande', {
        type: 'DECIDE',
        outcome: 'rejected',
        rationale: 'Begäran avslås.',
        meetingReference: 'Programstyrgruppen, § 1',
      });
    }
  }
  return ids;
}

/** Each connection walks the ids in turn, so reads and writes spread over every request. */
function rotating(ids: string[], path: (id: string) => string) {
  let next = 0;
  return (request: autocannon.RawRequest) => ({ ...request, path: path(ids[next++ % ids.length]) });
}

async function measure(base: string, scenario: Scenario): Promise<Row> {
  await autocannon({ ...scenario.options, url: base, connections: CONNECTIONS, duration: 1 });
  const result = await autocannon({
    ...scenario.options,
    url: base,
    connections: CONNECTIONS,
    duration: SECONDS,
  });
  return {
    name: scenario.name,
    what: scenario.what,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

function print(rows: Row[], database: string): void {
  const floor = rows[0];
  const fixed = (n: number, digits = 0) => n.toFixed(digits);
  console.log(
    `\nÄndringsbegäran HTTP benchmark — ${database}, ${REQUESTS} seeded requests, ` +
      `${CONNECTIONS} connections, ${SECONDS} s per scenario, Node ${process.version}, ${cpus().length} CPUs\n`,
  );
  const header = [
    'scenario',
    'req/s',
    'p50 ms',
    'p99 ms',
    'req/s ÷ floor',
    'p50 ÷ floor',
    'requests',
    'non-2xx',
    'errors',
  ];
  const lines = rows.map((r) => [
    r.name,
    fixed(r.rps),
    fixed(r.p50),
    fixed(r.p99),
    fixed(r.rps / floor.rps, 3),
    fixed(r.p50 / Math.max(floor.p50, 1), 2),
    String(r.total),
    String(r.non2xx),
    String(r.errors),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(format(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const line of lines) console.log(format(line));
  console.log('');
  for (const r of rows) console.log(`  ${r.name}: ${r.what}`);
  console.log(
    '  (p50 ÷ floor uses a floor of at least 1 ms: autocannon reports whole milliseconds)',
  );
}

/** Someone else's benchmark of GET /api/audit/verify, run after ours if it exists. */
function runAuditVerifyBench(): Promise<void> {
  const file = join(__dirname, 'audit-verify.bench.ts');
  if (!existsSync(file)) return Promise.resolve();
  console.log('\nRunning test/bench/audit-verify.bench.ts\n');
  const child = fork(file, [], {
    execArgv: ['-r', 'ts-node/register/transpile-only'],
    stdio: 'inherit',
  });
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 5 * 60 * 1000);
    child.once('exit', (code) => {
      clearTimeout(killer);
      if (code !== 0) {
        console.error(`audit-verify.bench.ts exited with code ${code}`);
        process.exitCode = 1;
      }
      resolve();
    });
  });
}

async function main(): Promise<void> {
  const watchdog = setTimeout(() => {
    console.error('bench: watchdog expired, giving up');
    process.exit(2);
  }, WATCHDOG_MS);
  watchdog.unref();

  const server = await startServer();
  const rows: Row[] = [];
  try {
    const base = `http://127.0.0.1:${server.port}`;
    const started = Date.now();
    const ids = await seed(base);
    console.log(
      `Seeded ${ids.length} change requests in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );

    const scenarios: Scenario[] = [
      {
        name: 'floor GET /health',
        what: 'the framework, no authentication, one SELECT 1',
        options: { requests: [{ method: 'GET', path: '/health' }] },
      },
      {
        name: 'GET /api/change-requests/:id',
        what: 'authentication, one request read, machine restored, allowedEvents (as vgr)',
        options: {
          headers: bearer('vgr.handlaggare'),
          requests: [
            { method: 'GET', setupRequest: rotating(ids, (id) => `/api/change-requests/${id}`) },
          ],
        },
      },
      {
        name: 'GET /api/change-requests?…',
        what: 'filtered, paginated list: ?state=dialogue&type=schedule&pageSize=20 (as vgr)',
        options: {
          headers: bearer('vgr.handlaggare'),
          requests: [
            {
              method: 'GET',
              path: '/api/change-requests?state=dialogue&type=schedule&pageSize=20',
            },
          ],
        },
      },
      {
        name: 'POST …/:id/events COMMENT',
        what: `one transition per request: claim, XState step, save, audit append (vastkom, over ${ids.length} requests)`,
        options: {
          method: 'POST',
          headers: { ...bearer('vastkom.handlaggare'), 'content-type': 'application/json' },
          body: JSON.stringify({ type: 'COMMENT', text: 'Bänktest: kommentar.' }),
          requests: [{ setupRequest: rotating(ids, (id) => `/api/change-requests/${id}/events`) }],
        },
      },
    ];
    for (const scenario of scenarios) rows.push(await measure(base, scenario));

    const verify = await call(base, 'revisor', 'GET', '/api/audit/verify');
    print(rows, server.database);
    console.log(
      `\nAudit chain after the run: ok=${String(verify.ok)}, ${String(verify.entries)} entries`,
    );
  } finally {
    await server.stop();
  }
  await runAuditVerifyBench();
  clearTimeout(watchdog);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
