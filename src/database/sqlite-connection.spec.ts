import * as sqlite3 from 'sqlite3';
import { sql } from './sql';
import { inline, SqliteConnection } from './sqlite-connection';

/** Deferred writes carry their values written into the SQL text: they must arrive intact and never as SQL. */
describe('SqliteConnection deferred writes', () => {
  let connection: SqliteConnection;
  beforeEach(async () => {
    const db = await new Promise<sqlite3.Database>((resolve, reject) => {
      const opened: sqlite3.Database = new sqlite3.Database(':memory:', (error) => (error ? reject(error) : resolve(opened)));
    });
    connection = new SqliteConnection(db);
    connection.serialize();
    await connection.exec('CREATE TABLE t (n INTEGER, x REAL, s TEXT)');
  });
  afterEach(() => connection.close());

  it('text of any content, numbers and NULL arrive as bound values would, in order, before the next statement', async () => {
    const hostile = "'); DROP TABLE t; -- \\ \u0000 åäö 🙂 ''";
    connection.defer(sql('INSERT INTO t (n, x, s) VALUES (?, ?, ?)'), [1, 1.5, hostile]);
    connection.defer(sql('INSERT INTO t (n, x, s) VALUES (?, ?, ?)'), [2, -1e-7, null]);
    connection.defer(sql('INSERT INTO t (n, x, s) VALUES (?, ?, ?)'), [3, 0, '']);
    const rows = await connection.all<{ n: number; x: number; s: string | null; ts: string }>(
      sql('SELECT n, x, s, typeof(s) AS ts FROM t ORDER BY n'),
    );
    expect(rows).toEqual([
      { n: 1, x: 1.5, s: hostile, ts: 'text' },
      { n: 2, x: -1e-7, s: null, ts: 'null' },
      { n: 3, x: 0, s: '', ts: 'text' },
    ]);
  });

  it('a deferred write that fails fails the statement after it; discarded writes never run', async () => {
    connection.defer(sql('INSERT INTO missing (n) VALUES (?)'), [1]);
    await expect(connection.all(sql('SELECT COUNT(*) AS c FROM t'))).rejects.toThrow(/no such table: missing/);
    connection.defer(sql('INSERT INTO t (n) VALUES (?)'), [9]);
    connection.discard();
    expect(await connection.get(sql('SELECT COUNT(*) AS c FROM t'))).toEqual({ c: 0 });
  });

  it('refuses a statement whose placeholders and values do not match, and numbers that are not finite', () => {
    expect(() => inline('INSERT INTO t (n, s) VALUES (?, ?)', [1])).toThrow(/placeholders/);
    expect(() => inline('INSERT INTO t (n) VALUES (?)', [1, 2])).toThrow(/placeholders/);
    expect(() => inline('INSERT INTO t (n) VALUES (?)', [Number.NaN])).toThrow(/NaN/);
  });
});
