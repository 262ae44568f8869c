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
import { ChainVerifier, RECHECK, VerifyFailure, entryOfText } from './audit-verifier';
import { derivedColumnsIntact } from './audit-schema';
import { AuditRepository, PackedPage, StoredText, toAuditEntry } from './audit.repository';
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
export async function openAuditDatabase(
  database: DatabaseConfig,
  schema?: string,
): Promise<AuditReader> {
  const reader = await connect(database, schema);
  try {
    await reader.read((db) => db.all(PROBE));
  } catch (error) {
    await reader.close();
    throw new AuditDatabaseUnavailableError(
      `no decision history in this database (table audit_log: ${describe(error)})`,
    );
  }
  return reader;
}

async function connect(database: DatabaseConfig, schema?: string): Promise<AuditReader> {
  if (database.type === 'sqlite') {
    if (schema !== undefined)
      throw new AuditDatabaseUnavailableError('--schema applies to PostgreSQL only');
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
    throw new AuditDatabaseUnavailableError(
      'the schema name must be lowercase letters, digits and underscores',
    );
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
  if (process.env.AUDIT_VERIFY_THREADS?.trim() && Number.isInteger(configured) && configured >= 0)
    return configured;
  return Math.min(availableParallelism(), 4);
}

/**
 * Verifies the entries with `afterSeq < seq <= upToSeq` on their own, the slice's first entry
 * taken as following on (whoever joins the slices checks that link).
 *
 * `derived` (the table's columns are generated from the stored text: derivedColumnsIntact): reads
 * pages of packed entries (AuditRepository.packed) and checks each with a SHA-256 of its text and
 * the links, the previous hash and the seq taken from the text itself; an entry that does not
 * check out is checked again from its text in full (ChainVerifier.pushText), which names the
 * failure. Otherwise (a table whose columns could be edited apart from the text) every entry is
 * checked in full from its row, columns against text (ChainVerifier.push).
 */
export async function verifySlice(
  reader: AuditReader,
  index: number,
  afterSeq: number,
  upToSeq: number,
  pageSize = VERIFY_PAGE,
  derived = true,
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
  const start = (seq: number, prevHash: string): ChainVerifier => {
    first = { seq, prevHash };
    return new ChainVerifier({ seq: seq - 1, hash: prevHash });
  };
  if (!derived) {
    for (let after = afterSeq; after < upToSeq;) {
      const rows = await reader.read((db) =>
        repository.canonicalRows(db, after, upToSeq, pageSize),
      );
      for (const row of rows) {
        const entry = toAuditEntry(row);
        verifier ??= start(entry.seq, entry.prevHash);
        if (verifier.push(entry, row.canonical) !== null) return done();
      }
      if (rows.length < pageSize) break;
      after = Number(rows[rows.length - 1].seq);
    }
    return done();
  }
  // One read transaction for the slice: on SQLite the next page is then read (on the driver's
  // thread) while this one is hashed, its query queued at once rather than after a BEGIN that
  // would wait for this thread. A full read of an entry waits for that page first. PostgreSQL
  // reads one page at a time.
  return reader.read((db) => verifyPacked(db));
  async function verifyPacked(db: Sql): Promise<SliceResult> {
    const readPage = (from: number) => repository.packed(db, from, upToSeq, pageSize);
    const readsAhead = reader.source.database.type === 'sqlite';
    let ahead: Promise<PackedPage> | null = null;
    const settled = async () => {
      await ahead?.catch(() => undefined);
    };
    let after = afterSeq;
    while (after < upToSeq) {
      const pageAfter = after;
      const page = await (ahead ?? readPage(pageAfter));
      ahead = null;
      if (page.lines === null || page.last === null) break;
      if (readsAhead && page.n === pageSize && page.last < upToSeq) {
        ahead = readPage(page.last);
        ahead.catch(() => undefined);
        // Let the driver issue that query (its promise callbacks) before this page is hashed.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      const pageLast = page.last;
      let texts: Map<number, StoredText> | undefined;
      /** Checks one entry in full from its stored text; true when the slice stops here. */
      const checkText = async (seq: number): Promise<boolean> => {
        if (!texts) {
          await settled();
          const read = await repository.texts(db, pageAfter, pageLast, pageSize);
          texts = new Map(read.map((row) => [row.seq, row]));
        }
        const row = texts.get(seq);
        if (!row) throw new Error(`entry ${seq} disappeared while it was being verified`);
        if (!verifier) {
          const content = entryOfText(row.seq, row.hash, row.canonical);
          verifier = start(seq, typeof content === 'string' ? '' : content.prevHash);
        }
        return verifier.pushText(row.seq, row.hash, row.canonical) !== null;
      };
      const lines = page.lines;
      for (const line of packedEntries(lines)) {
        const { seq, hashStart, textStart, end } = line;
        const text = lines.subarray(textStart, end);
        // The text's seq member comes after its previous hash (canonical order): look before it.
        const seqAt = textStart - hashStart === 64 ? seqMemberOfText(text) : -1;
        const prevHash =
          seqAt >= 0 && seqOfText(text, seqAt) === seq ? prevHashOfText(text, seqAt) : null;
        if (prevHash === null) {
          if (await checkText(seq)) return stopAfter(settled, done);
          continue;
        }
        verifier ??= start(seq, prevHash);
        const outcome = verifier.pushHashed(
          seq,
          prevHash,
          lines.toString('latin1', hashStart, textStart),
          text,
        );
        if (outcome === RECHECK ? await checkText(seq) : outcome !== null)
          return stopAfter(settled, done);
      }
      if (page.n < pageSize) break;
      after = page.last;
    }
    return done();
  }
}

async function stopAfter(
  settled: () => Promise<void>,
  done: () => SliceResult,
): Promise<SliceResult> {
  await settled();
  return done();
}

const PREV_HASH_MEMBER = Buffer.from(',"prevHash":"', 'latin1');
const SEQ_MEMBER = Buffer.from(',"seq":', 'latin1');
/** The needles' rarest bytes ('H', 'q'), looked for first. */
const PREV_HASH_KEY = 6;
const SEQ_KEY = 4;

/**
 * The previous hash a canonical text names, read without parsing it: the last `,"prevHash":"`
 * in the text (before `before`) is the entry's own member (the members after it, in canonical
 * order, are strings, numbers or null, in which a quote is always escaped), followed by 64
 * characters and a quote. Null when the text is not like that (the full check then reads it).
 */
export function prevHashOfText(text: Buffer, before = text.length): string | null {
  const at = lastIndexOfBytes(text, PREV_HASH_MEMBER, PREV_HASH_KEY, before);
  if (at < 0) return null;
  const start = at + PREV_HASH_MEMBER.length;
  if (text[start + 64] !== 0x22) return null;
  return text.toString('latin1', start, start + 64);
}

/** Where the text's own `,"seq":` member is (found as prevHashOfText finds its member), or -1. */
export function seqMemberOfText(text: Buffer): number {
  return lastIndexOfBytes(text, SEQ_MEMBER, SEQ_KEY, text.length);
}

/** The seq a canonical text names (its member at `at`: seqMemberOfText); NaN when none. */
export function seqOfText(text: Buffer, at = seqMemberOfText(text)): number {
  if (at < 0) return NaN;
  const start = at + SEQ_MEMBER.length;
  let end = start;
  let value = 0;
  for (; end < text.length && text[end] >= 0x30 && text[end] <= 0x39; end++)
    value = value * 10 + text[end] - 0x30;
  if (end === start || end - start > 15 || text[end] !== 0x2c) return NaN;
  return value;
}

/**
 * The last place before `before` where `needle` starts in `haystack`, or -1: a plain loop that
 * looks for the needle's byte at `key` first, without a native call's set-up cost (the members
 * are near the text's end; this runs twice an entry).
 */
function lastIndexOfBytes(haystack: Buffer, needle: Buffer, key: number, before: number): number {
  const length = needle.length;
  const keyByte = needle[key];
  search: for (let at = Math.min(before, haystack.length) - length; at >= 0; at--) {
    if (haystack[at + key] !== keyByte) continue;
    for (let k = 0; k < length; k++) if (haystack[at + k] !== needle[k]) continue search;
    return at;
  }
  return -1;
}

/** Where a packed entry is: its seq, where its hash and its text start, and where it ends. */
interface PackedEntry {
  seq: number;
  hashStart: number;
  textStart: number;
  end: number;
}

/**
 * The entries of a packed page (`<seq> <hash bytes> <text bytes> <hash><text>` one after another)
 * in seq order. The database aggregates them in the order it reads the page, which is seq order;
 * should it ever not be, they are sorted here rather than reported as a gap.
 */
export function packedEntries(lines: Buffer): PackedEntry[] {
  const found: PackedEntry[] = [];
  let ordered = true;
  /** The decimal number at `at` (a minus sign allowed), ended by a space; `next` is after the space. */
  let next = 0;
  const number = (at: number): number => {
    const negative = lines[at] === 0x2d;
    let i = negative ? at + 1 : at;
    let value = 0;
    for (; i < lines.length && lines[i] !== 0x20; i++) {
      const digit = lines[i] - 0x30;
      if (digit < 0 || digit > 9)
        throw new Error('a page of the decision history could not be read');
      value = value * 10 + digit;
    }
    if (i >= lines.length || i === (negative ? at + 1 : at))
      throw new Error('a page of the decision history could not be read');
    next = i + 1;
    return negative ? -value : value;
  };
  for (let at = 0; at < lines.length;) {
    const seq = number(at);
    const hashBytes = number(next);
    const textBytes = number(next);
    const hashStart = next;
    const textStart = hashStart + hashBytes;
    const end = textStart + textBytes;
    if (!Number.isSafeInteger(seq) || !(end <= lines.length))
      throw new Error('a page of the decision history could not be read');
    if (found.length && seq < found[found.length - 1].seq) ordered = false;
    found.push({ seq, hashStart, textStart, end });
    at = end;
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
export async function verifyAuditDatabase(
  reader: AuditReader,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const pageSize = options.pageSize ?? VERIFY_PAGE;
  const sliceSize = options.sliceSize ?? VERIFY_SLICE;
  const repository = new AuditRepository();
  const [last, derived] = await reader.read(async (db) => [
    await repository.lastSeq(db),
    derivedColumnsIntact(await repository.schema(db)),
  ]);
  const slices: [number, number][] = [];
  for (let after = 0; after < last; after += sliceSize)
    slices.push([after, Math.min(after + sliceSize, last)]);
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
      if (joinSlice(await verifySlice(reader, i, slices[i][0], slices[i][1], pageSize, derived)))
        break;
    }
  } else {
    await inThreads(reader, slices, threads, pageSize, derived, joinSlice);
  }
  return verifier.result();
}

/** A message to a verifier thread (audit-verify-thread.ts): a slice to verify, or stop. */
export type VerifyThreadRequest =
  | { index: number; afterSeq: number; upToSeq: number; pageSize: number; derived: boolean }
  | { stop: true };
export type VerifyThreadReply = { result: SliceResult } | { error: string };

function startThread(source: AuditSource): Worker {
  const file = join(__dirname, `audit-verify-thread${extname(__filename)}`);
  // Under ts-node (development, tests) the thread is TypeScript too.
  const code =
    extname(file) === '.ts'
      ? `require('ts-node/register/transpile-only'); require(${JSON.stringify(file)});`
      : `require(${JSON.stringify(file)});`;
  return new Worker(code, {
    eval: true,
    workerData: source,
    execArgv: [],
    stdout: false,
    stderr: false,
  });
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
  derived: boolean,
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
      worker.postMessage({
        index,
        afterSeq: slices[index][0],
        upToSeq: slices[index][1],
        pageSize,
        derived,
      } satisfies VerifyThreadRequest);
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
          if (!settled && !released)
            stop(new Error(`a verifier thread stopped (exit code ${code})`));
          done();
        }),
      ),
    );
    dispatch();
  }
  try {
    for (let index = take(); index !== undefined; index = take()) {
      deliver(
        await verifySlice(reader, index, slices[index][0], slices[index][1], pageSize, derived),
      );
    }
  } catch (error) {
    stop(error instanceof Error ? error : new Error(String(error)));
  }
  await Promise.all(exits);
  if (failed) throw failed;
}

function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length) return describe(error.errors[0]);
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
