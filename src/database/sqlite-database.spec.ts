import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as sqlite3 from 'sqlite3';
import { sql } from './sql';
import { SqliteConnection } from './sqlite-connection';
import { SqliteDatabase } from './sqlite-database';

const INSERT = sql('INSERT INTO t (n) VALUES (?)');
const COUNT = sql('SELECT COUNT(*) AS c FROM t');

/** Settles with the promise, or rejects after `ms` (a unit left waiting in the queue). */
function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe('SqliteDatabase write queue', () => {
  let dir: string;
  let database: SqliteDatabase;
  let raw: sqlite3.Database;
  let closed: boolean;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'andringsbegaran-writer-'));
    const path = join(dir, 'db.sqlite');
    raw = await new Promise<sqlite3.Database>((resolve, reject) => {
      const opened: sqlite3.Database = new sqlite3.Database(path, (error) => (error ? reject(error) : resolve(opened)));
    });
    const writer = new SqliteConnection(raw);
    await writer.exec('PRAGMA journal_mode = WAL');
    await writer.exec('CREATE TABLE t (n INTEGER)');
    database = await SqliteDatabase.open(writer, path, { readers: 1, longReaders: 1 });
    closed = false;
  });
  afterEach(async () => {
    if (!closed) await database.close();
    await new Promise<void>((resolve) => raw.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the next unit of a caller the last batch just answered, with no other write to wake the writer', async () => {
    for (let n = 1; n <= 20; n++) {
      await within(2000, database.write(({ sql: db }) => db.run(INSERT, [n])));
    }
    expect(await database.read(({ sql: db }) => db.get(COUNT))).toEqual({ c: 20 });
  });

  it('runs units queued from inside another unit’s answer and while a batch commits', async () => {
    const chained = database
      .write(({ sql: db }) => db.run(INSERT, [1]))
      .then(() => database.write(({ sql: db }) => db.run(INSERT, [2])))
      .then(() => Promise.all([1, 2, 3].map((n) => database.write(({ sql: db }) => db.run(INSERT, [10 + n])))));
    await within(2000, chained);
    expect(await database.read(({ sql: db }) => db.get(COUNT))).toEqual({ c: 5 });
  });

  it('close() lets every queued unit commit first, and refuses units after it', async () => {
    const writes = [1, 2, 3].map((n) => database.write(({ sql: db }) => db.run(INSERT, [n])));
    const closing = database.close();
    await expect(database.write(({ sql: db }) => db.run(INSERT, [4]))).rejects.toThrow('The database is closed');
    await within(2000, closing);
    expect(await Promise.all(writes)).toEqual([1, 1, 1]);
    closed = true;
    const count = await new Promise((resolve, reject) => raw.get('SELECT COUNT(*) AS c FROM t', (e, row) => (e ? reject(e) : resolve(row))));
    expect(count).toEqual({ c: 3 });
  });
});
