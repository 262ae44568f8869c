/**
 * How fast the decision history verifies (`npm run audit:verify`), against this machine's raw
 * single-core SHA-256 rate over the same bytes, measured in the same run:
 *
 *     npm run bench:audit                                   # 100,000 and 1,000,000 entries
 *     AUDIT_BENCH_SIZES=20000,100000 npm run bench:audit    # other sizes (ascending)
 *     AUDIT_BENCH_ROUNDS=3 AUDIT_VERIFY_THREADS=1 npm run bench:audit
 *
 * Builds a temp SQLite database (migrated like the app's) and fills it with valid, realistic
 * scheme 2 entries, generated deterministically: each one's canonical text (`canonicalEntry`)
 * and hash are computed as the app computes them and the rows, canonical text included, are
 * bulk-inserted (500 rows a statement, 10,000 a transaction), the chain growing from one size to
 * the next. At each size, per round:
 * 1. `audit:verify` itself (compiled), as a separate process (start-up included): wall-clock time,
 *    exit code and its peak RSS;
 * 2. `verifyAuditDatabase` in this process (the CLI's code path without the process start-up):
 *    entries per second;
 * 3. raw SHA-256, one core, over exactly the canonical texts stored (the bytes the verifier
 *    hashes), with the faster of node's two APIs: hashes per second.
 * Prints the rates and the ratio verifier / raw SHA-256. No assertions: it reports, it does not judge.
 */
import 'reflect-metadata';
import { execFile, execFileSync } from 'node:child_process';
import { createHash, hash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import type * as AuditDatabase from '../../src/audit/audit-database';
import { canonicalEntry, UnsealedAuditEntry } from '../../src/audit/audit-hash';
import { GENESIS_HASH } from '../../src/audit/audit.types';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { migrate } from '../../src/database/migrate';

const ROOT = resolve(__dirname, '../..');

/**
 * The verifier as the CLI and the server run it: compiled (dist/, built first when stale, as
 * `npm run audit:verify` does), so its threads start without compiling TypeScript.
 */
function compiledVerifier(): typeof AuditDatabase {
  execFileSync('npm', ['run', '-s', 'build:if-stale'], { cwd: ROOT, stdio: 'inherit' });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(join(ROOT, 'dist/audit/audit-database')) as typeof AuditDatabase;
}
const CHUNK = 10_000;
const INSERT_ROWS = 500;

function sizes(): number[] {
  const raw = process.env.AUDIT_BENCH_SIZES ?? process.env.AUDIT_BENCH_ENTRIES ?? '100000,1000000';
  const values = raw.split(',').map((part) => Number(part.trim()));
  if (!values.every((n, i) => Number.isInteger(n) && n > 0 && (i === 0 || n > values[i - 1]))) {
    throw new Error('AUDIT_BENCH_SIZES must be ascending positive integers, comma-separated');
  }
  return values;
}

function rounds(): number {
  const value = Number(process.env.AUDIT_BENCH_ROUNDS ?? 1);
  if (!Number.isInteger(value) || value < 1) throw new Error('AUDIT_BENCH_ROUNDS must be a positive integer');
  return value;
}

// --- realistic, deterministic entries --------------------------------------------------------

const ORGANISATIONS = ['sjuharad', 'boras', 'vastkom', 'vgr', 'styrgrupp', 'kommunikation'];
const TEXTS = [
  'De åtta kommunerna i Sjuhärads kommunalförbund behöver mer tid för att implementera Millennium.',
  'Vilket datum planerar kommunerna för anslutning?',
  'Senare, datum ännu inte fastställt.',
  'Tidplanen för VGR:s verksamheter påverkas inte. Befintlig lösning för samverkan används ytterligare en tid.',
  'Det är såklart tråkigt om kommunerna inte kommer med i inledningen, men vi har respekt för deras begäran.',
];

function requestId(i: number): string {
  const hex = (i * 2_654_435_761 >>> 0).toString(16).padStart(8, '0');
  return `${hex}-5a1e-4c0d-8e2f-${hex}${hex.slice(0, 4)}`;
}

function unsealed(seq: number): UnsealedAuditEntry {
  const request = Math.floor((seq - 1) / 16);
  const step = (seq - 1) % 16;
  const at = new Date(Date.UTC(2024, 9, 11, 8) + seq * 60_000).toISOString();
  const org = ORGANISATIONS[step % ORGANISATIONS.length];
  const text = TEXTS[seq % TEXTS.length];
  let eventType = 'COMMENT';
  let payload: Record<string, unknown> = { text };
  if (step === 0) {
    eventType = 'CREATE';
    payload = {
      title: `Senare anslutning till Millennium ${request}`,
      description: TEXTS[0],
      type: 'schedule',
      requestingOrganisations: ['sjuharad'],
      justification: TEXTS[4],
      requestedGoLive: null,
    };
  } else if (step === 1) {
    eventType = 'SUBMIT';
    payload = {};
  } else if (step === 7) {
    eventType = 'DECIDE';
    payload = {
      outcome: 'approved',
      rationale: TEXTS[3],
      meetingReference: `Programstyrgruppen 2024-10-11, § ${request % 20}`,
      conditions: null,
    };
  } else if (step >= 8 && step <= 12) {
    eventType = 'RECORD_COMMUNICATION';
    payload = { actionId: `${requestId(request)}-${step}`, link: 'https://www.vgregion.se/vardskiftet' };
  }
  const before = step === 0 ? null : step < 3 ? '"submitted"' : '{"dialogue":"open"}';
  return {
    seq,
    at,
    subjectType: 'change_request',
    subjectId: requestId(request),
    changeRequestId: requestId(request),
    reference: step === 0 ? null : `ÄB-2024-${String(request + 1).padStart(4, '0')}`,
    eventType,
    payload,
    actorId: `${org}.handlaggare`,
    actorName: `Handläggare ${org}`,
    actorOrganisation: org,
    actorRole: step === 7 ? 'steering_group' : 'vgr',
    stateBefore: before,
    stateAfter: step === 7 ? '"decided"' : '{"dialogue":"open"}',
    onBehalfOf: step === 9 ? { id: 'vgr.chef', name: 'Chef VGR' } : null,
  };
}

/** One sealed entry's stored row (canonical text included), and the chain's new head. */
interface Built {
  params: (string | number | null)[];
  canonical: string;
  hash: string;
}

function build(seq: number, prevHash: string): Built {
  const linked = { ...unsealed(seq), prevHash };
  const canonical = canonicalEntry(linked);
  const own = hash('sha256', canonical, 'hex');
  const e = linked;
  return {
    canonical,
    hash: own,
    // What the product writes (AuditRepository.insert): the database derives the other columns.
    params: [e.seq, canonical, own],
  };
}

/** Canonical texts of entries from..to (inclusive), CHUNK at a time (flat memory). */
function* canonicalChunks(from: number, to: number, head: { hash: string }): Generator<Built[]> {
  for (let start = from; start <= to; start += CHUNK) {
    const chunk: Built[] = [];
    for (let seq = start; seq < Math.min(start + CHUNK, to + 1); seq++) {
      const built = build(seq, head.hash);
      chunk.push(built);
      head.hash = built.hash;
    }
    yield chunk;
  }
}

// --- the database ------------------------------------------------------------------------------

const COLUMNS = 'seq, canonical, hash';

/** Appends entries from..to; returns the new head. Raw SHA-256 is timed over the same texts. */
async function append(dataSource: DataSource, from: number, to: number, head: { hash: string }): Promise<void> {
  const values = (rows: number) => Array(rows).fill(`(${Array(3).fill('?').join(',')})`).join(',');
  for (const chunk of canonicalChunks(from, to, head)) {
    await dataSource.transaction(async (manager) => {
      for (let i = 0; i < chunk.length; i += INSERT_ROWS) {
        const rows = chunk.slice(i, i + INSERT_ROWS);
        await manager.query(`INSERT INTO audit_log (${COLUMNS}) VALUES ${values(rows.length)}`, rows.flatMap((r) => r.params));
      }
    });
  }
}

// --- measurements ------------------------------------------------------------------------------

/** Raw single-core SHA-256 over the canonical texts of entries 1..total, regenerated chunk by chunk. */
function rawSha256(total: number): { rate: number; bytes: number; api: string } {
  const head = { hash: GENESIS_HASH };
  let oneShot = 0;
  let streaming = 0;
  let bytes = 0;
  for (const chunk of canonicalChunks(1, total, head)) {
    const texts = chunk.map((built) => built.canonical);
    let started = performance.now();
    for (const text of texts) hash('sha256', text, 'hex');
    oneShot += performance.now() - started;
    started = performance.now();
    for (const text of texts) createHash('sha256').update(text, 'utf8').digest('hex');
    streaming += performance.now() - started;
    for (const text of texts) bytes += Buffer.byteLength(text, 'utf8');
  }
  const best = Math.min(oneShot, streaming);
  return { rate: total / (best / 1000), bytes, api: best === oneShot ? 'crypto.hash' : 'createHash' };
}

async function inProcessVerify(path: string, total: number, head: string): Promise<number> {
  const started = performance.now();
  const { openAuditDatabase, verifyAuditDatabase } = compiled ?? (compiled = compiledVerifier());
  const reader = await openAuditDatabase({ type: 'sqlite', path });
  const result = await verifyAuditDatabase(reader);
  await reader.close();
  const seconds = (performance.now() - started) / 1000;
  if (!result.ok || result.entries !== total || result.head !== head) {
    throw new Error(`verification did not succeed: ${JSON.stringify(result)}`);
  }
  return seconds;
}

let compiled: typeof AuditDatabase | undefined;

/** `npm run audit:verify` as its own process, under /usr/bin/time for its peak RSS. */
function cliVerify(path: string): Promise<{ seconds: number; code: number; stdout: string; stderr: string; maxRssKb: number }> {
  const started = performance.now();
  return new Promise((done, fail) => {
    execFile(
      '/usr/bin/time',
      ['-f', 'maxrss=%M', process.execPath, 'dist/audit/audit-verify.cli.js', '--database', `sqlite:${path}`],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: '' }, maxBuffer: 1 << 20 },
      (error, stdout, stderr) => {
        const seconds = (performance.now() - started) / 1000;
        const rss = /maxrss=(\d+)/.exec(stderr);
        if (!rss) return fail(new Error(`no RSS reported: ${stderr}`));
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        done({ seconds, code, stdout: stdout.trim(), stderr: stderr.replace(rss[0], '').trim(), maxRssKb: Number(rss[1]) });
      },
    );
  });
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

async function main(): Promise<void> {
  compiled = compiledVerifier();
  const targets = sizes();
  const roundCount = rounds();
  // AUDIT_BENCH_KEEP=1 keeps the database (its path is printed) for profiling.
  const keep = process.env.AUDIT_BENCH_KEEP === '1';
  const dir = mkdtempSync(join(tmpdir(), 'andringsbegaran-audit-bench-'));
  const path = join(dir, 'audit.sqlite');
  const threads = process.env.AUDIT_VERIFY_THREADS ?? `default (${Math.min(availableParallelism(), 4)})`;
  console.log(
    `audit verify benchmark: ${targets.map(fmt).join(', ')} entries, ${roundCount} round(s), verifier threads ` +
      `${threads} · node ${process.version} · ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}`,
  );
  const dataSource = new DataSource(buildDataSourceOptions({ database: { type: 'sqlite', path } }));
  await dataSource.initialize();
  await migrate(dataSource);
  const head = { hash: GENESIS_HASH };
  let built = 0;
  try {
    for (const total of targets) {
      const started = performance.now();
      await append(dataSource, built + 1, total, head);
      await dataSource.query('PRAGMA wal_checkpoint(TRUNCATE)');
      built = total;
      console.log(
        `${fmt(total)} entries: built in ${((performance.now() - started) / 1000).toFixed(1)} s ` +
          `(SQLite file ${mb(statSync(path).size)}, head ${head.hash.slice(0, 16)}…)`,
      );
      for (let round = 1; round <= roundCount; round++) {
        const cli = await cliVerify(path);
        const expected = `ok: ${total} entries, head ${head.hash}`;
        if (cli.code !== 0 || cli.stdout !== expected) throw new Error(`audit:verify said (${cli.code}) ${cli.stdout} ${cli.stderr}`);
        const verifySeconds = await inProcessVerify(path, total, head.hash);
        const raw = rawSha256(total);
        const rate = total / verifySeconds;
        const line =
          `  round ${round}: audit:verify ${cli.seconds.toFixed(2)} s (exit ${cli.code}, peak RSS ${fmt(cli.maxRssKb / 1024)} MB) · ` +
          `verifier ${verifySeconds.toFixed(2)} s = ${fmt(rate)} entries/s · raw SHA-256 (${raw.api}, 1 core) ` +
          `${fmt(raw.rate)} hashes/s over ${mb(raw.bytes)} (avg ${fmt(raw.bytes / total)} B) · ` +
          `ratio verifier/raw ${(rate / raw.rate).toFixed(2)}x, audit:verify/raw ${(total / cli.seconds / raw.rate).toFixed(2)}x`;
        console.log(line);
      }
    }
  } finally {
    await dataSource.destroy();
    if (keep) console.log(`kept ${path}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack ?? error.message : String(error));
  process.exit(1);
});
