import 'reflect-metadata';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as sqlite3 from 'sqlite3';
import { DataSource } from 'typeorm';
import { canonicalEntry, sealEntry, sha256Hex, UnsealedAuditEntry } from './audit-hash';
import { inSeqOrder, openAuditDatabase, verifyAuditDatabase, VerifyOptions } from './audit-database';
import { AuditRepository } from './audit.repository';
import { AuditEntry, GENESIS_HASH, VerifyResult } from './audit.types';
import { buildDataSourceOptions } from '../database/data-source-options';
import { migrate } from '../database/migrate';
import { SqliteConnection } from '../database/sqlite-connection';

jest.setTimeout(60_000);

const TOTAL = 70;
/** Small slices and pages, so the log has slice and page boundaries to get wrong. */
const SLICE = 16;
const PAGE = 5;
const MODES: [string, VerifyOptions][] = [
  ['on one thread', { threads: 0, sliceSize: SLICE, pageSize: PAGE }],
  ['on three threads', { threads: 3, sliceSize: SLICE, pageSize: PAGE }],
];

/** Entries 1..10 are scheme 1 (no subject); some carry text a JSON quoter must escape. */
function unsealed(seq: number): UnsealedAuditEntry {
  const base: UnsealedAuditEntry = {
    seq,
    at: new Date(Date.UTC(2025, 0, 1) + seq * 60_000).toISOString(),
    changeRequestId: `cr-${seq % 4}`,
    reference: seq % 3 === 0 ? null : `ÄB-2025-${String(seq).padStart(3, '0')}`,
    eventType: 'COMMENT',
    payload: { text: `kommentar ${seq}`, n: seq / 4, list: [seq, null, { ok: true }] },
    actorId: `u-${seq % 5}`,
    actorName: seq % 7 === 0 ? 'Åsa "Ö" Öberg\n\t\\ \u2028 \u0001 😀' : 'Åsa Öberg',
    actorOrganisation: 'kfv',
    actorRole: 'handlaggare',
    stateBefore: seq === 1 ? null : '"submitted"',
    stateAfter: '{"dialogue":"open"}',
  };
  if (seq <= 10) return base;
  return {
    ...base,
    subjectType: 'change_request',
    subjectId: `cr-${seq % 4}`,
    onBehalfOf: seq % 6 === 0 ? { id: 'chef', name: 'Chef "VGR"' } : null,
    // Entry 50's payload holds a member named like one of the entry's own.
    payload: seq === 50 ? { a: 1, payload: 2 } : base.payload,
  };
}

function run(db: sqlite3.Database, text: string): Promise<void> {
  return new Promise((resolve, reject) => db.exec(text, (error) => (error ? reject(error) : resolve())));
}

describe('verifyAuditDatabase (SQLite, slices and threads)', () => {
  let dir: string;
  let template: string;
  let path: string;
  const chain: AuditEntry[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'andringsbegaran-audit-verify-'));
    template = join(dir, 'template.sqlite');
    const dataSource = new DataSource(buildDataSourceOptions({ database: { type: 'sqlite', path: template } }));
    await dataSource.initialize();
    await migrate(dataSource);
    await dataSource.destroy();
    const db = await new Promise<sqlite3.Database>((resolve, reject) => {
      const opened: sqlite3.Database = new sqlite3.Database(template, (error) => (error ? reject(error) : resolve(opened)));
    });
    const writer = new SqliteConnection(db);
    writer.serialize();
    const repository = new AuditRepository();
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= TOTAL; seq++) {
      const entry = sealEntry(unsealed(seq), prev);
      repository.insert(writer, entry);
      chain.push(entry);
      prev = entry.hash;
    }
    await writer.flush();
    await run(db, 'PRAGMA journal_mode = DELETE');
    await writer.close();
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A fresh copy of the log, tampered with the way someone with database access could. */
  async function tampered(sql: string): Promise<void> {
    path = join(dir, `log-${Math.random().toString(36).slice(2)}.sqlite`);
    copyFileSync(template, path);
    if (!sql) return;
    const db = new sqlite3.Database(path);
    await run(db, `DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; ${sql}`);
    await new Promise<void>((resolve) => db.close(() => resolve()));
  }

  async function verify(options: VerifyOptions): Promise<VerifyResult> {
    const reader = await openAuditDatabase({ type: 'sqlite', path });
    try {
      return await verifyAuditDatabase(reader, options);
    } finally {
      await reader.close();
    }
  }

  /** Verifies on one thread and on several: both must say exactly the same. */
  async function verifyBoth(): Promise<VerifyResult> {
    const [one, many] = await Promise.all(MODES.map(([, options]) => verify(options)));
    expect(many).toEqual(one);
    return one;
  }

  /** Failed at `seq`; `lastGood` the last entry that checked out before it. */
  function failedAt(seq: number, reason: string, message: RegExp, lastGood: number) {
    return {
      ok: false,
      entries: lastGood,
      head: lastGood === 0 ? GENESIS_HASH : chain[lastGood - 1].hash,
      failure: { seq, reason, message: expect.stringMatching(message) },
    };
  }

  it('stores each entry with the canonical text its hash is computed over', async () => {
    await tampered('');
    const reader = await openAuditDatabase({ type: 'sqlite', path });
    const rows = await reader.read((db) => new AuditRepository().canonicalRows(db, 0, TOTAL, TOTAL));
    await reader.close();
    expect(rows).toHaveLength(TOTAL);
    rows.forEach((row, i) => {
      expect(row.canonical).toBe(canonicalEntry(chain[i]));
      expect(sha256Hex(row.canonical!)).toBe(row.hash);
    });
  });

  it.each(MODES)('an intact log verifies %s, text that needs escaping included', async (_, options) => {
    await tampered('');
    await expect(verify(options)).resolves.toEqual({ ok: true, entries: TOTAL, head: chain[TOTAL - 1].hash });
  });

  it('entries stored without canonical text (written before it was kept) verify from their columns', async () => {
    await tampered('UPDATE audit_log SET canonical = NULL WHERE seq <= 20 OR seq % 9 = 0');
    await expect(verifyBoth()).resolves.toEqual({ ok: true, entries: TOTAL, head: chain[TOTAL - 1].hash });
  });

  it.each([
    ['the first entry of a slice deleted: gap at the next', 'DELETE FROM audit_log WHERE seq = 17', 18, 'gap', /expected entry 17 after entry 16/],
    ['the last entry of a slice deleted: gap at the next', 'DELETE FROM audit_log WHERE seq = 16', 17, 'gap', /expected entry 16 after entry 15/],
    ['a whole slice deleted: gap after it', 'DELETE FROM audit_log WHERE seq BETWEEN 17 AND 32', 33, 'gap', /after entry 16/],
    ['the first entry deleted', 'DELETE FROM audit_log WHERE seq = 1', 2, 'gap', /at the start of the log/],
    [
      'two entries swapped across a slice boundary',
      'UPDATE audit_log SET seq = -1 WHERE seq = 32; UPDATE audit_log SET seq = 32 WHERE seq = 33; UPDATE audit_log SET seq = 33 WHERE seq = -1',
      32,
      'broken_link',
      /previous hash does not match the hash of entry 31/,
    ],
    ['a hash edited at the end of a slice', `UPDATE audit_log SET hash = '${'ab'.repeat(32)}' WHERE seq = 16`, 16, 'hash_mismatch', /stored hash does not match its canonical text/],
    ['a previous hash edited at the start of a slice', `UPDATE audit_log SET prev_hash = '${'cd'.repeat(32)}' WHERE seq = 33`, 33, 'broken_link', /entry 33: previous hash/],
    ['a previous hash that is not a hash', `UPDATE audit_log SET prev_hash = 'x' || char(10) || 'y' WHERE seq = 34`, 34, 'broken_link', /entry 34: previous hash/],
    ['the canonical text edited (columns and hash untouched)', `UPDATE audit_log SET canonical = replace(canonical, 'kommentar 40', 'kommentar 41') WHERE seq = 40`, 40, 'hash_mismatch', /stored hash does not match its canonical text/],
    ['a column edited (canonical text and hash untouched)', `UPDATE audit_log SET actor_name = 'Någon annan' WHERE seq = 41`, 41, 'hash_mismatch', /its columns do not match its canonical text/],
    ['the payload edited', `UPDATE audit_log SET payload = '{"text":"omskriven"}' WHERE seq = 43`, 43, 'hash_mismatch', /its columns do not match its canonical text/],
    ['the payload no longer JSON', `UPDATE audit_log SET payload = 'inte json' WHERE seq = 44`, 44, 'hash_mismatch', /its columns do not match its canonical text/],
    [
      'text moved from the payload into the delegation (their concatenation unchanged)',
      `UPDATE audit_log SET on_behalf_of = 'null,"payload":{"a":1', payload = '2}' WHERE seq = 50`,
      50,
      'hash_mismatch',
      /its columns do not match its canonical text/,
    ],
    ['a column of an entry without canonical text', `UPDATE audit_log SET canonical = NULL WHERE seq BETWEEN 20 AND 30; UPDATE audit_log SET actor_id = 'u-9' WHERE seq = 25`, 25, 'hash_mismatch', /stored hash does not match its content/],
    ['two edits: the earlier is named', `UPDATE audit_log SET actor_id = 'u-9' WHERE seq IN (20, 60)`, 20, 'hash_mismatch', /its columns do not match/],
  ])('%s', async (_, sql, seq, reason, message) => {
    await tampered(sql);
    const lastGood = reason === 'gap' ? { 18: 16, 17: 15, 33: 16, 2: 0 }[seq]! : seq - 1;
    await expect(verifyBoth()).resolves.toEqual(failedAt(seq, reason, message, lastGood));
  });

  it('an entry rewritten with a new canonical text and hash to match: broken link at the next entry', async () => {
    const rewritten = { ...chain[29], actorName: 'Någon annan' };
    const canonical = canonicalEntry(rewritten);
    await tampered(
      `UPDATE audit_log SET actor_name = 'Någon annan', canonical = '${canonical.replace(/'/g, "''")}', hash = '${sha256Hex(canonical)}' WHERE seq = 30`,
    );
    const result = await verifyBoth();
    expect(result).toMatchObject({ ok: false, entries: 30, head: sha256Hex(canonical), failure: { seq: 31, reason: 'broken_link' } });
  });

  it('an empty log verifies with the genesis hash as head', async () => {
    await tampered('DELETE FROM audit_log');
    await expect(verifyBoth()).resolves.toEqual({ ok: true, entries: 0, head: GENESIS_HASH });
  });
});

describe('inSeqOrder (the lines of a packed page)', () => {
  const page = (...lines: string[]) => Buffer.from(lines.join('\n'), 'latin1');
  const seqs = (lines: Buffer) => inSeqOrder(lines).map((line) => line.seq);

  it('keeps lines that arrive in seq order as they are, each ending at its line break or the page end', () => {
    const lines = page('7 0', '8 1 abc', '9 0');
    expect(inSeqOrder(lines)).toEqual([
      { seq: 7, space: 1, end: 3 },
      { seq: 8, space: 5, end: 11 },
      { seq: 9, space: 13, end: 15 },
    ]);
  });

  it('puts lines the database aggregated out of order back in seq order, so they are not taken for a gap', () => {
    const lines = page('10 0', '12 0', '11 1 x');
    expect(seqs(lines)).toEqual([10, 11, 12]);
    const [, eleven] = inSeqOrder(lines);
    expect(lines.toString('latin1', eleven.space + 1, eleven.end)).toBe('1 x');
  });
});
