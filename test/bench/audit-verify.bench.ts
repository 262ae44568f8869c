/**
 * How fast the decision history verifies, against this machine's raw SHA-256 rate:
 *
 *     npm run bench:audit [-- --entries 200000 --rounds 3]
 *
 * Builds a temp SQLite database (migrated like the app's) holding N valid, realistic entries
 * (sealed with `sealEntry`, inserted directly), then measures, in the same run:
 * 1. the streaming verifier along the `audit:verify` CLI's code path (read-only SQLite, the
 *    repository's batched stream, `ChainVerifier`): entries per second and peak memory;
 * 2. `ChainVerifier` alone over the same entries already in memory (canonicalise + hash + links);
 * 3. raw SHA-256 over exactly the canonical strings the verifier hashes: hashes per second.
 * Prints the rates and their ratios. No assertions: it reports, it does not judge.
 */
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { openAuditDatabase, verifyAuditDatabase } from '../../src/audit/audit-database';
import { sealEntry, UnsealedAuditEntry } from '../../src/audit/audit-hash';
import { ChainVerifier } from '../../src/audit/audit-verifier';
import { AuditEntry, GENESIS_HASH } from '../../src/audit/audit.types';
import { canonicalJson } from '../../src/common/canonical-json';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { migrate } from '../../src/database/migrate';

const CHUNK = 10_000;
const INSERT_ROWS = 500;

function option(name: string, fallback: number): number {
  const args = process.argv.slice(2);
  const index = args.indexOf(`--${name}`);
  const raw = index >= 0 ? args[index + 1] : process.env[`AUDIT_BENCH_${name.toUpperCase()}`];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
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
  };
}

/** The sealed chain, generated CHUNK entries at a time so memory stays flat. */
function* sealedChunks(total: number): Generator<AuditEntry[]> {
  let prev = GENESIS_HASH;
  for (let start = 1; start <= total; start += CHUNK) {
    const chunk: AuditEntry[] = [];
    for (let seq = start; seq < Math.min(start + CHUNK, total + 1); seq++) {
      const entry = sealEntry(unsealed(seq), prev);
      chunk.push(entry);
      prev = entry.hash;
    }
    yield chunk;
  }
}

/** Exactly the text `hashEntry` hashes for an entry. */
function hashedText(e: AuditEntry): string {
  return canonicalJson({
    seq: e.seq,
    at: e.at,
    changeRequestId: e.changeRequestId,
    reference: e.reference,
    eventType: e.eventType,
    payload: e.payload,
    actorId: e.actorId,
    actorName: e.actorName,
    actorOrganisation: e.actorOrganisation,
    actorRole: e.actorRole,
    stateBefore: e.stateBefore,
    stateAfter: e.stateAfter,
    prevHash: e.prevHash,
  });
}

// --- the database ------------------------------------------------------------------------------

const COLUMNS =
  'seq, at, change_request_id, reference, event_type, payload, actor_id, actor_name, ' +
  'actor_organisation, actor_role, state_before, state_after, prev_hash, hash';

async function buildDatabase(path: string, total: number): Promise<{ head: string }> {
  const dataSource = new DataSource(buildDataSourceOptions({ database: { type: 'sqlite', path } }));
  await dataSource.initialize();
  await migrate(dataSource);
  let head = GENESIS_HASH;
  try {
    for (const chunk of sealedChunks(total)) {
      await dataSource.transaction(async (manager) => {
        for (let i = 0; i < chunk.length; i += INSERT_ROWS) {
          const rows = chunk.slice(i, i + INSERT_ROWS);
          const params = rows.flatMap((e) => [
            e.seq, e.at, e.changeRequestId, e.reference, e.eventType, canonicalJson(e.payload), e.actorId,
            e.actorName, e.actorOrganisation, e.actorRole, e.stateBefore, e.stateAfter, e.prevHash, e.hash,
          ]);
          const values = rows.map(() => `(${Array(14).fill('?').join(',')})`).join(',');
          await manager.query(`INSERT INTO audit_log (${COLUMNS}) VALUES ${values}`, params);
        }
      });
      head = chunk[chunk.length - 1].hash;
    }
    await dataSource.query('PRAGMA wal_checkpoint(TRUNCATE)');
  } finally {
    await dataSource.destroy();
  }
  return { head };
}

// --- measurements ------------------------------------------------------------------------------

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function streamingVerify(path: string, total: number, head: string) {
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);
  const startRss = process.memoryUsage().rss;
  const started = performance.now();
  const reader = await openAuditDatabase({ type: 'sqlite', path });
  const result = await verifyAuditDatabase(reader);
  await reader.close();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  if (!result.ok || result.entries !== total || result.head !== head) {
    throw new Error(`verification did not succeed: ${JSON.stringify(result)}`);
  }
  return { rate: total / seconds, seconds, startRss, peakRss };
}

function inMemoryVerify(total: number): number {
  const verifier = new ChainVerifier();
  let elapsed = 0;
  for (const chunk of sealedChunks(total)) {
    const started = performance.now();
    for (const entry of chunk) {
      if (verifier.push(entry)) throw new Error('in-memory verification failed');
    }
    elapsed += performance.now() - started;
  }
  return total / (elapsed / 1000);
}

function rawSha256(total: number): { rate: number; averageBytes: number } {
  let elapsed = 0;
  let bytes = 0;
  for (const chunk of sealedChunks(total)) {
    const texts = chunk.map(hashedText);
    const started = performance.now();
    for (const text of texts) {
      createHash('sha256').update(text, 'utf8').digest('hex');
    }
    elapsed += performance.now() - started;
    for (const text of texts) bytes += Buffer.byteLength(text, 'utf8');
  }
  return { rate: total / (elapsed / 1000), averageBytes: bytes / total };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

async function main(): Promise<void> {
  const total = option('entries', 200_000);
  const rounds = option('rounds', 3);
  const dir = mkdtempSync(join(tmpdir(), 'andringsbegaran-audit-bench-'));
  const path = join(dir, 'audit.sqlite');
  try {
    console.log(
      `audit verify benchmark: ${fmt(total)} entries, ${rounds} rounds · node ${process.version} · ` +
        `${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}`,
    );
    const started = performance.now();
    const { head } = await buildDatabase(path, total);
    console.log(
      `  built and inserted in ${((performance.now() - started) / 1000).toFixed(1)} s ` +
        `(SQLite file ${mb(statSync(path).size)}, head ${head.slice(0, 16)}…)`,
    );

    const streaming: number[] = [];
    const memory: number[] = [];
    const inMemory: number[] = [];
    const sha: number[] = [];
    let averageBytes = 0;
    for (let round = 1; round <= rounds; round++) {
      const s = await streamingVerify(path, total, head);
      streaming.push(s.rate);
      memory.push(s.peakRss - s.startRss);
      inMemory.push(inMemoryVerify(total));
      const raw = rawSha256(total);
      sha.push(raw.rate);
      averageBytes = raw.averageBytes;
      console.log(
        `  round ${round}: streaming ${fmt(s.rate)} entries/s (${s.seconds.toFixed(2)} s, RSS peak ` +
          `${mb(s.peakRss)}, +${mb(s.peakRss - s.startRss)}) · in memory ${fmt(inMemory[round - 1])} entries/s · ` +
          `raw SHA-256 ${fmt(raw.rate)} hashes/s`,
      );
    }

    const streamingRate = median(streaming);
    const shaRate = median(sha);
    const inMemoryRate = median(inMemory);
    console.log('medians:');
    console.log(`  streaming verifier (audit:verify path, SQLite):  ${fmt(streamingRate)} entries/s`);
    console.log(`  ChainVerifier over entries in memory:            ${fmt(inMemoryRate)} entries/s`);
    console.log(
      `  raw SHA-256 over the same canonical strings:      ${fmt(shaRate)} hashes/s (avg ${fmt(averageBytes)} bytes)`,
    );
    // Each round's rates are measured back to back, so the ratio is taken per round.
    const ratio = (rates: number[]) => median(rates.map((rate, i) => rate / sha[i])).toFixed(3);
    console.log(`  ratio streaming / raw SHA-256 (median of rounds): ${ratio(streaming)}`);
    console.log(`  ratio in memory / raw SHA-256 (median of rounds): ${ratio(inMemory)}`);
    console.log(`  RSS growth during a streaming verify (max):      ${mb(Math.max(...memory))}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack ?? error.message : String(error));
  process.exit(1);
});
