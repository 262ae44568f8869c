import 'reflect-metadata';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as sqlite3 from 'sqlite3';
import { DataSource } from 'typeorm';
import { canonicalEntry, sealEntry, sha256Hex, UnsealedAuditEntry } from './audit-hash';
import { openAuditDatabase, packedEntries, prevHashOfText, seqOfText, verifyAuditDatabase, VerifyOptions } from './audit-database';
import { AuditRepository } from './audit.repository';
import { canonicalJson } from '../common/canonical-json';
import { AuditEntry, GENESIS_HASH, VerifyResult } from './audit.types';
import { buildDataSourceOptions } from '../database/data-source-options';
import { migrate } from '../database/migrate';
import { MIGRATIONS } from '../database/migrations';
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

  /** `text` in an SQL string literal. */
  const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
  /** Entry `seq`'s text with `edit` applied to its fields, and the hash to match (SQL assignments). */
  function rewritten(seq: number, edit: (entry: AuditEntry) => AuditEntry, textOf = canonicalEntry): string {
    const text = textOf(edit({ ...chain[seq - 1] }));
    return `canonical = ${literal(text)}, hash = '${sha256Hex(text)}'`;
  }
  /**
   * The table rebuilt as it was before its columns were derived from the text (columns of their
   * own, which could then be edited apart from the text): the verifier must notice and check each
   * entry's columns against its text.
   */
  const OWN_COLUMNS = `DROP INDEX ix_audit_log_request; DROP INDEX ix_audit_log_subject; DROP INDEX ix_audit_log_actor;
    DROP INDEX ix_audit_log_event; DROP INDEX ix_audit_log_at; DROP TRIGGER audit_log_no_replace;
    ALTER TABLE audit_log RENAME TO derived;
    CREATE TABLE audit_log (seq integer PRIMARY KEY, at varchar(30) NOT NULL, subject_type varchar(40) NULL,
      subject_id varchar(128) NULL, change_request_id varchar(36) NULL, reference varchar(40) NULL,
      event_type varchar(60) NOT NULL, payload text NOT NULL, actor_id varchar(100) NOT NULL,
      actor_name varchar(200) NOT NULL, actor_organisation varchar(60) NOT NULL, actor_role varchar(30) NOT NULL,
      on_behalf_of text NULL, state_before text NULL, state_after text NOT NULL, prev_hash varchar(64) NOT NULL,
      hash varchar(64) NOT NULL UNIQUE, canonical text NULL);
    INSERT INTO audit_log SELECT seq, at, subject_type, subject_id, change_request_id, reference, event_type, payload,
      actor_id, actor_name, actor_organisation, actor_role, on_behalf_of, state_before, state_after, prev_hash, hash,
      canonical FROM derived;
    DROP TABLE derived;`;

  it('stores an entry as its canonical text and hash only: the other columns are the text\'s, and cannot be edited apart from it', async () => {
    await tampered('');
    const db = new sqlite3.Database(path);
    await expect(run(db, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor_name = 'Någon annan' WHERE seq = 41")).rejects.toThrow(
      /cannot UPDATE generated column/,
    );
    await expect(run(db, `UPDATE audit_log SET ${rewritten(41, (e) => ({ ...e, actorName: 'Någon annan' }))} WHERE seq = 41`)).resolves.toBeUndefined();
    const row = await new Promise<{ actor_name: string; payload: string }>((resolve, reject) =>
      db.get('SELECT actor_name, payload FROM audit_log WHERE seq = 41', (error, found) => (error ? reject(error) : resolve(found as never))),
    );
    await new Promise<void>((resolve) => db.close(() => resolve()));
    expect(row.actor_name).toBe('Någon annan');
    expect(JSON.parse(row.payload)).toEqual(chain[40].payload);
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
    ['a hash that is not a hash', `UPDATE audit_log SET hash = 'x' || char(10) || 'y' WHERE seq = 15`, 15, 'hash_mismatch', /stored hash does not match its canonical text/],
    ['the previous hash in a text edited at the start of a slice', 'PREV 33 cd', 33, 'broken_link', /entry 33: previous hash/],
    ['a previous hash that is not a hash', 'PREV 34 x', 34, 'broken_link', /entry 34: previous hash/],
    ['the text edited (its hash untouched)', `UPDATE audit_log SET canonical = replace(canonical, 'kommentar 40', 'kommentar 41') WHERE seq = 40`, 40, 'hash_mismatch', /stored hash does not match its canonical text/],
    ['the payload edited', `UPDATE audit_log SET canonical = replace(canonical, '"text":"kommentar 43"', '"text":"omskriven"') WHERE seq = 43`, 43, 'hash_mismatch', /stored hash does not match its canonical text/],
    ['two edits: the earlier is named', `UPDATE audit_log SET canonical = replace(canonical, '"u-', '"u-9') WHERE seq IN (20, 60)`, 20, 'hash_mismatch', /stored hash does not match/],
    ['a text rehashed but naming another seq', 'SEQ 44', 44, 'hash_mismatch', /not the canonical text of its content and seq/],
    ['own columns: a column edited (text and hash untouched)', `${OWN_COLUMNS} UPDATE audit_log SET actor_name = 'Någon annan' WHERE seq = 41`, 41, 'hash_mismatch', /its columns do not match its canonical text/],
    ['own columns: the payload no longer JSON', `${OWN_COLUMNS} UPDATE audit_log SET payload = 'inte json' WHERE seq = 44`, 44, 'hash_mismatch', /its columns do not match its canonical text/],
    [
      'own columns: text moved from the payload into the delegation (their concatenation unchanged)',
      `${OWN_COLUMNS} UPDATE audit_log SET on_behalf_of = 'null,"payload":{"a":1', payload = '2}' WHERE seq = 50`,
      50,
      'hash_mismatch',
      /its columns do not match its canonical text/,
    ],
    ['own columns, no text (written before it was kept): a column edited', `${OWN_COLUMNS} UPDATE audit_log SET canonical = NULL WHERE seq BETWEEN 20 AND 30; UPDATE audit_log SET actor_id = 'u-9' WHERE seq = 25`, 25, 'hash_mismatch', /stored hash does not match its content/],
  ])('%s', async (_, edit, seq, reason, message) => {
    const [kind, at] = edit.split(' ');
    const target = Number(at);
    const sql =
      kind === 'PREV'
        ? `UPDATE audit_log SET ${rewritten(target, (e) => ({ ...e, prevHash: edit.endsWith('cd') ? 'cd'.repeat(32) : 'x\ny' }))} WHERE seq = ${target}`
        : kind === 'SEQ'
          ? `UPDATE audit_log SET ${rewritten(target, (e) => ({ ...e, seq: target + 1 }))} WHERE seq = ${target}`
          : edit;
    await tampered(sql);
    const lastGood = reason === 'gap' ? { 18: 16, 17: 15, 33: 16, 2: 0 }[seq]! : seq - 1;
    await expect(verifyBoth()).resolves.toEqual(failedAt(seq, reason, message, lastGood));
  });

  it('own columns that agree with the text: the log verifies entry by entry, entries without text from their columns', async () => {
    await tampered(`${OWN_COLUMNS} UPDATE audit_log SET canonical = NULL WHERE seq <= 20 OR seq % 9 = 0`);
    await expect(verifyBoth()).resolves.toEqual({ ok: true, entries: TOTAL, head: chain[TOTAL - 1].hash });
  });

  it.each([
    ['a new canonical text', (entry: AuditEntry) => canonicalEntry({ ...entry, actorName: 'Någon annan' })],
    ['a text with a member of its own', (entry: AuditEntry) => canonicalEntry(entry).replace('{', '{"aaa":1,')],
  ])('an entry rewritten with %s and a hash to match: broken link at the next entry', async (_, forge) => {
    const forged = forge(chain[29]);
    await tampered(`UPDATE audit_log SET canonical = ${literal(forged)}, hash = '${sha256Hex(forged)}' WHERE seq = 30`);
    const result = await verifyBoth();
    expect(result).toMatchObject({ ok: false, entries: 30, head: sha256Hex(forged), failure: { seq: 31, reason: 'broken_link' } });
  });

  it('an empty log verifies with the genesis hash as head', async () => {
    await tampered('DELETE FROM audit_log');
    await expect(verifyBoth()).resolves.toEqual({ ok: true, entries: 0, head: GENESIS_HASH });
  });
});

describe('migration AuditDerivedColumns (SQLite): a history with columns of its own becomes its texts', () => {
  let dir: string;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every entry, gives entries without text the text of their columns, and an entry edited before still fails at itself', async () => {
    dir = mkdtempSync(join(tmpdir(), 'andringsbegaran-audit-migrate-'));
    const path = join(dir, 'log.sqlite');
    const before = MIGRATIONS.filter((migration) => migration.name !== 'AuditDerivedColumns1764830000000');
    expect(before).toHaveLength(MIGRATIONS.length - 1);
    const options = buildDataSourceOptions({ database: { type: 'sqlite', path } });
    const old = new DataSource({ ...options, migrations: before });
    await old.initialize();
    await migrate(old);
    const chain: AuditEntry[] = [];
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= 30; seq++) {
      const e = sealEntry(unsealed(seq), prev);
      chain.push(e);
      prev = e.hash;
      // As the repository wrote entries then: every column, and (since it was kept) the text.
      await old.query(
        `INSERT INTO audit_log (seq, at, subject_type, subject_id, change_request_id, reference, event_type, payload, actor_id,
          actor_name, actor_organisation, actor_role, on_behalf_of, state_before, state_after, prev_hash, hash, canonical)
         VALUES (${Array(18).fill('?').join(', ')})`,
        [e.seq, e.at, e.subjectType ?? null, e.subjectId ?? null, e.changeRequestId, e.reference, e.eventType, canonicalJson(e.payload),
          e.actorId, e.actorName, e.actorOrganisation, e.actorRole, e.onBehalfOf ? canonicalJson(e.onBehalfOf) : null, e.stateBefore,
          e.stateAfter, e.prevHash, e.hash, seq <= 12 ? null : canonicalEntry(e)],
      );
    }
    await old.query('DROP TRIGGER audit_log_no_update');
    // Entry 20's text edited (its columns intact); entry 25's column edited (its text intact).
    await old.query(`UPDATE audit_log SET canonical = replace(canonical, 'kommentar 20', 'kommentar 99') WHERE seq = 20`);
    await old.query(`UPDATE audit_log SET actor_name = 'Någon annan' WHERE seq = 25`);
    await old.destroy();

    const migrated = new DataSource(options);
    await migrated.initialize();
    await migrate(migrated);
    const rows: { seq: number; canonical: string; actor_name: string }[] = await migrated.query(
      'SELECT seq, canonical, actor_name FROM audit_log ORDER BY seq',
    );
    await migrated.destroy();
    expect(rows).toHaveLength(30);
    rows.forEach((row, i) => {
      if (row.seq === 25) expect(row.canonical).toBe(canonicalEntry({ ...chain[i], actorName: 'Någon annan' }));
      else expect(row.canonical).toBe(canonicalEntry(chain[i]));
    });
    expect(rows[24].actor_name).toBe('Någon annan');

    const verified = async () => {
      const reader = await openAuditDatabase({ type: 'sqlite', path });
      try {
        return await verifyAuditDatabase(reader, { threads: 0 });
      } finally {
        await reader.close();
      }
    };
    const failsAt25 = {
      ok: false,
      entries: 24,
      head: chain[23].hash,
      failure: { seq: 25, reason: 'hash_mismatch', message: 'entry 25: stored hash does not match its canonical text' },
    };
    expect(await verified()).toEqual(failsAt25);

    // Reverted (columns of their own again, checked entry by entry) and migrated again: the same.
    const again = new DataSource(options);
    await again.initialize();
    await again.undoLastMigration();
    const reverted = await verified();
    await again.runMigrations();
    await again.destroy();
    expect(reverted).toEqual(failsAt25);
    expect(await verified()).toEqual(failsAt25);
  });
});

describe('packedEntries (a packed page) and the members read from a text', () => {
  const entry = (seq: number, hash: string, text: string) => `${seq} ${Buffer.byteLength(hash)} ${Buffer.byteLength(text)} ${hash}${text}`;
  const page = (...entries: string[]) => Buffer.from(entries.join(''), 'utf8');

  it('cuts entries by their lengths, whatever their hash and text hold (line breaks, spaces, non-ASCII)', () => {
    const lines = page(entry(7, 'h\n 1', '{"a":"å\n"}'), entry(8, '', 'x y'), entry(9, 'abc', ''));
    const found = packedEntries(lines);
    expect(found.map((e) => e.seq)).toEqual([7, 8, 9]);
    expect(found.map((e) => [lines.toString('utf8', e.hashStart, e.textStart), lines.toString('utf8', e.textStart, e.end)])).toEqual([
      ['h\n 1', '{"a":"å\n"}'],
      ['', 'x y'],
      ['abc', ''],
    ]);
  });

  it('puts entries the database aggregated out of order back in seq order, so they are not taken for a gap', () => {
    expect(packedEntries(page(entry(10, 'a', 'x'), entry(12, 'b', 'y'), entry(11, 'c', 'z'))).map((e) => e.seq)).toEqual([10, 11, 12]);
  });

  it('refuses a page whose lengths run past its end', () => {
    expect(() => packedEntries(Buffer.from('7 64 900 abc'))).toThrow(/could not be read/);
  });

  it("reads the entry's own previous hash and seq, not a payload member named like them", () => {
    const own = { ...sealEntry({ ...unsealed(50), payload: { prevHash: 'f'.repeat(64), seq: 3, x: ',"seq":4,' } }, 'c'.repeat(64)) };
    const text = Buffer.from(canonicalEntry(own), 'utf8');
    expect(prevHashOfText(text)).toBe('c'.repeat(64));
    expect(seqOfText(text)).toBe(50);
    expect(prevHashOfText(Buffer.from('{"prevHash":"abc"}'))).toBeNull();
    expect(seqOfText(Buffer.from('{"seq":12}'))).toBeNaN();
  });
});
