import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Pool } from 'pg';
import type { DatabaseConfig } from '../config/app-config';
import type { Sql } from '../database/sql';
import { sql } from '../database/sql';
import { PostgresConnection } from '../database/postgres-database';
import { SqliteConnection } from '../database/sqlite-connection';
import { ChainVerifier, RECHECK, VerifyFailure } from './audit-verifier';
import { AuditRepository, CanonicalAuditRow, PackedPage, toAuditEntry } from './audit.repository';
import type { VerifyResult } from './audit.types';

/** The database cannot be opened, or holds no decision history. The message is safe to print. */
export class AuditDatabaseUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditDatabaseUnavailableError';
  }
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const PROBE = sql('SELECT seq FROM audit_log LIMIT 1');

/** Which database (and PostgreSQL schema) a reader opened. */
export interface AuditSource {
  database: DatabaseConfig;
  schema?: string;
}

/** A read-only connection to a database's decision history, outside the app. */
export interface AuditReader {
  read<T>(work: (db: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** What it opened: a verifier thread opens a connection of its own to the same. */
  readonly source: AuditSource;
}

/**
 * Opens a database to read its decision history, outside the app: no migrations, no seeding,
 * read-only (SQLite `OPEN_READONLY`; PostgreSQL sessions in read-only transactions). A missing
 * SQLite file is an error, never created.
 */
export async function openAuditDatabase(database: DatabaseConfig, schema?: string): Promise<AuditReader> {
  const reader = await connect(database, schema);
  try {
    await reader.read((db) => db.all(PROBE));
  } catch (error) {
    await reader.close();
    throw new AuditDatabaseUnavailableError(`no decision history in this database (table audit_log: ${describe(error)})`);
  }
  return reader;
}

async function connect(database: DatabaseConfig, schema?: string): Promise<AuditReader> {
  if (database.type === 'sqlite') {
    if (schema !== undefined) throw new AuditDatabaseUnavailableError('--schema applies to PostgreSQL only');
    const path = resolve(database.path);
    if (!existsSync(path) || !statSync(path).isFile()) {
      throw new AuditDatabaseUnavailableError(`no SQLite database at ${path}`);
    }
    let connection: SqliteConnection;
    try {
      connection = await SqliteConnection.openReader(path);
    } catch (error) {
      throw new AuditDatabaseUnavailableError(`cannot open the database: ${describe(error)}`);
    }
    return {
      read: async (work) => {
        await connection.exec('BEGIN');
        try {
          return await work(connection);
        } finally {
          await connection.exec('COMMIT');
        }
      },
      close: () => connection.close(),
      source: { database },
    };
  }
  const searchSchema = schema ?? database.schema;
  if (searchSchema !== undefined && !SCHEMA_NAME.test(searchSchema)) {
    throw new AuditDatabaseUnavailableError('the schema name must be lowercase letters, digits and underscores');
  }
  const settings = ['-c default_transaction_read_only=on'];
  if (searchSchema) settings.push(`-c search_path=${searchSchema}`);
  const pool = new Pool({
    connectionString: database.url,
    max: 1,
    connectionTimeoutMillis: 10_000,
    application_name: 'andringsbegaran-audit-verify',
    options: settings.join(' '),
  });
  pool.on('error', () => undefined);
  let client;
  try {
    client = await pool.connect();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new AuditDatabaseUnavailableError(`cannot open the database: ${describe(error)}`);
  }
  const connection = new PostgresConnection(client);
  return {
    read: async (work) => {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        return await work(connection);
      } finally {
        await client.query('COMMIT');
      }
    },
    close: async () => {
      client.release();
      await pool.end();
    },
    source: { database, schema },
  };
}

/** Entries per page read (one value of about 0.7 kB an entry: a few MB a page). */
export const VERIFY_PAGE = 8192;
/** Entries per slice handed to a verifier thread. */
export const VERIFY_SLICE = 65_536;

/** What verifying the entries with `afterSeq < seq <= upToSeq` found, on their own. */
export interface SliceResult {
  index: number;
  /** The slice's first entry and the predecessor it names; null when the slice is empty. */
  first: { seq: number; prevHash: string } | null;
  /** Entries that checked out, the last of them, and the failure that stopped the slice. */
  entries: number;
  lastSeq: number;
  head: string;
  failure: VerifyFailure | null;
}

export interface VerifyOptions {
  /**
   * Verifier threads (node:worker_threads), each on a connection of its own; 0 or 1: verify on
   * the caller's thread and connection. Default: AUDIT_VERIFY_THREADS, else one per core, at
   * most 4.
   */
  threads?: number;
  pageSize?: number;
  sliceSize?: number;
}

function defaultThreads(): number {
  const configured = Number(process.env.AUDIT_VERIFY_THREADS);
  if (process.env.AUDIT_VERIFY_THREADS?.trim() && Number.isInteger(configured) && configured >= 0) return configured;
  return Math.min(availableParallelism(), 4);
}

/**
 * Verifies the entries with `afterSeq < seq <= upToSeq` on their own, the slice's first entry
 * taken as following on (whoever joins the slices checks that link). Reads pages of packed lines
 * (see AuditRepository.packed) keyed by seq: an entry whose columns the database found to agree
 * with its canonical text costs a SHA-256 and two comparisons; any other is checked in full from
 * its row, which names the failure exactly as the entry-by-entry verifier does.
 */
export async function verifySlice(
  reader: AuditReader,
  index: number,
  afterSeq: number,
  upToSeq: number,
  pageSize = VERIFY_PAGE,
): Promise<SliceResult> {
  const repository = new AuditRepository();
  let verifier: ChainVerifier | undefined;
  let first: SliceResult['first'] = null;
  const done = (): SliceResult => {
    const result = verifier?.result();
    const last = verifier?.last ?? { seq: afterSeq, hash: '' };
    return {
      index,
      first,
      entries: result?.entries ?? 0,
      lastSeq: last.seq,
      head: last.hash,
      failure: result && !result.ok ? result.failure : null,
    };
  };
  /** Checks one entry in full from its row; true when the slice stops here. */
  const checkRow = (row: CanonicalAuditRow): boolean => {
    const entry = toAuditEntry(row);
    if (!verifier) {
      first = { seq: entry.seq, prevHash: entry.prevHash };
      verifier = new ChainVerifier({ seq: entry.seq - 1, hash: entry.prevHash });
    }
    return verifier.push(entry, row.canonical) !== null;
  };
  const readPage = (from: number) => reader.read((db) => repository.packed(db, from, upToSeq, pageSize));
  // SQLite: the next page is read (on the driver's thread) while this one is hashed. One reader
  // transaction at a time: a row read waits for that page first. PostgreSQL reads one at a time.
  const readsAhead = reader.source.database.type === 'sqlite';
  let ahead: Promise<PackedPage> | null = null;
  const settled = async () => {
    await ahead?.catch(() => undefined);
  };
  const stop = async () => {
    await settled();
    return done();
  };
  let after = afterSeq;
  while (after < upToSeq) {
    const pageAfter = after;
    let page: PackedPage;
    try {
      page = await (ahead ?? readPage(pageAfter));
      ahead = null;
    } catch (error) {
      // PostgreSQL: a payload or delegation that is not JSON fails the page; check it row by row.
      if (!isDataException(error)) throw error;
      const rows = await reader.read((db) => repository.canonicalRows(db, pageAfter, upToSeq, pageSize));
      for (const row of rows) if (checkRow(row)) return stop();
      if (rows.length < pageSize) break;
      after = Number(rows[rows.length - 1].seq);
      continue;
    }
    if (page.lines === null || page.last === null) break;
    if (readsAhead && page.n === pageSize && page.last < upToSeq) {
      ahead = readPage(page.last);
      ahead.catch(() => undefined);
    }
    let rows: Map<number, CanonicalAuditRow> | undefined;
    const pageLast = page.last;
    const rowOf = async (seq: number): Promise<CanonicalAuditRow> => {
      if (!rows) await settled();
      rows ??= new Map(
        (await reader.read((db) => repository.canonicalRows(db, pageAfter, pageLast, pageSize))).map((row) => [
          Number(row.seq),
          row,
        ]),
      );
      const row = rows.get(seq);
      if (!row) throw new Error(`entry ${seq} disappeared while it was being verified`);
      return row;
    };
    const lines = page.lines;
    for (const { seq, space, end } of inSeqOrder(lines)) {
      const agrees = lines[space + 1] === 0x31; // '1'
      if (!agrees) {
        if (checkRow(await rowOf(seq))) return stop();
        continue;
      }
      const prevHash = lines.toString('latin1', space + 3, space + 67);
      if (!verifier) {
        first = { seq, prevHash };
        verifier = new ChainVerifier({ seq: seq - 1, hash: prevHash });
      }
      const outcome = verifier.pushHashed(
        seq,
        prevHash,
        lines.toString('latin1', space + 68, space + 132),
        lines.subarray(space + 133, end),
      );
      if (outcome === RECHECK ? checkRow(await rowOf(seq)) : outcome !== null) return stop();
    }
    if (page.n < pageSize) break;
    after = page.last;
  }
  return done();
}

/** Where a packed line is: its seq, the space after the seq, and its end (the line break or the page's end). */
interface PackedLine {
  seq: number;
  space: number;
  end: number;
}

/**
 * The lines of a packed page in seq order. The database aggregates them in the order it reads
 * the page, which is seq order; should it ever not be, they are sorted here rather than reported
 * as a gap.
 */
export function inSeqOrder(lines: Buffer): PackedLine[] {
  const found: PackedLine[] = [];
  let ordered = true;
  for (let at = 0; at < lines.length; ) {
    let end = lines.indexOf(0x0a, at);
    if (end < 0) end = lines.length;
    const space = lines.indexOf(0x20, at);
    const seq = Number(lines.toString('latin1', at, space));
    if (found.length && seq < found[found.length - 1].seq) ordered = false;
    found.push({ seq, space, end });
    at = end + 1;
  }
  return ordered ? found : found.sort((a, b) => a.seq - b.seq);
}

/**
 * Verifies the whole chain of an open database (flat memory: a page at a time per thread). The
 * log up to its newest entry when verification starts is cut into slices by seq; the slices are
 * verified on their own, in verifier threads when there are cores for them, and joined in seq
 * order: each slice's first entry must follow on from the last entry of the slices before it.
 * The first failure in seq order is the result, as if the entries were checked one by one.
 */
export async function verifyAuditDatabase(reader: AuditReader, options: VerifyOptions = {}): Promise<VerifyResult> {
  const pageSize = options.pageSize ?? VERIFY_PAGE;
  const sliceSize = options.sliceSize ?? VERIFY_SLICE;
  const last = await reader.read((db) => new AuditRepository().lastSeq(db));
  const slices: [number, number][] = [];
  for (let after = 0; after < last; after += sliceSize) slices.push([after, Math.min(after + sliceSize, last)]);
  const verifier = new ChainVerifier();
  /** Joins the next slice; true when the chain is broken (nothing after matters). */
  const joinSlice = (slice: SliceResult): boolean => {
    if (slice.first === null) return false;
    if (verifier.follows(slice.first.seq, slice.first.prevHash)) return true;
    verifier.absorb(slice);
    return slice.failure !== null;
  };
  const threads = Math.min(options.threads ?? defaultThreads(), slices.length);
  if (threads <= 1) {
    for (let i = 0; i < slices.length; i++) {
      if (joinSlice(await verifySlice(reader, i, slices[i][0], slices[i][1], pageSize))) break;
    }
  } else {
    await inThreads(reader, slices, threads, pageSize, joinSlice);
  }
  return verifier.result();
}

/** A message to a verifier thread (audit-verify-thread.ts): a slice to verify, or stop. */
export type VerifyThreadRequest = { index: number; afterSeq: number; upToSeq: number; pageSize: number } | { stop: true };
export type VerifyThreadReply = { result: SliceResult } | { error: string };

function startThread(source: AuditSource): Worker {
  const file = join(__dirname, `audit-verify-thread${extname(__filename)}`);
  // Under ts-node (development, tests) the thread is TypeScript too.
  const code =
    extname(file) === '.ts'
      ? `require('ts-node/register/transpile-only'); require(${JSON.stringify(file)});`
      : `require(${JSON.stringify(file)});`;
  return new Worker(code, { eval: true, workerData: source, execArgv: [], stdout: false, stderr: false });
}

/**
 * Verifies the slices on this thread and `threads - 1` verifier threads, each taking the next
 * slice when it is free, and joins the results in seq order; all stop at the first failure, or
 * when every slice is joined. Threads start while this one already verifies (their start-up is
 * not free, least of all under ts-node).
 */
async function inThreads(
  reader: AuditReader,
  slices: [number, number][],
  threads: number,
  pageSize: number,
  joinSlice: (slice: SliceResult) => boolean,
): Promise<void> {
  const waiting = new Map<number, SliceResult>();
  let next = 0;
  let joined = 0;
  let settled = false;
  let failed: Error | null = null;
  const workers: Worker[] = [];
  const stop = (error: Error | null) => {
    if (settled) return;
    settled = true;
    failed = error;
    for (const worker of workers) worker.postMessage({ stop: true } satisfies VerifyThreadRequest);
  };
  const take = (): number | undefined => (settled || next >= slices.length ? undefined : next++);
  const deliver = (result: SliceResult) => {
    if (settled) return;
    waiting.set(result.index, result);
    for (let slice = waiting.get(joined); slice; slice = waiting.get(joined)) {
      waiting.delete(joined++);
      if (joinSlice(slice)) return stop(null);
    }
    if (joined === slices.length) stop(null);
  };
  const exits: Promise<void>[] = [];
  for (let i = 1; i < threads; i++) {
    const worker = startThread(reader.source);
    workers.push(worker);
    /** Told to stop (nothing left for it): its exit is expected. */
    let released = false;
    const dispatch = () => {
      const index = take();
      if (index === undefined) {
        released = true;
        worker.postMessage({ stop: true } satisfies VerifyThreadRequest);
        return;
      }
      worker.postMessage({ index, afterSeq: slices[index][0], upToSeq: slices[index][1], pageSize } satisfies VerifyThreadRequest);
    };
    worker.on('message', (reply: VerifyThreadReply) => {
      if ('error' in reply) return stop(new Error(reply.error));
      deliver(reply.result);
      dispatch();
    });
    worker.on('error', (error) => stop(error));
    exits.push(
      new Promise<void>((done) =>
        worker.on('exit', (code) => {
          if (!settled && !released) stop(new Error(`a verifier thread stopped (exit code ${code})`));
          done();
        }),
      ),
    );
    dispatch();
  }
  try {
    for (let index = take(); index !== undefined; index = take()) {
      deliver(await verifySlice(reader, index, slices[index][0], slices[index][1], pageSize));
    }
  } catch (error) {
    stop(error instanceof Error ? error : new Error(String(error)));
  }
  await Promise.all(exits);
  if (failed) throw failed;
}

/** A PostgreSQL data exception (SQLSTATE class 22: a cast of bad text, say). */
function isDataException(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('22');
}

function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length) return describe(error.errors[0]);
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
