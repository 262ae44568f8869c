/**
 * The decision history's long reads (verify, export) in a process of their own, run at the lowest
 * CPU priority, so hashing and serialising a long chain never takes CPU from requests and writes
 * when they need it. It opens the database itself, read-only, the way the audit:verify CLI does,
 * and ends when the server does (its IPC channel closes).
 *
 * Messages in: { id, kind: 'verify' } · { id, kind: 'export', format } · { id, kind: 'more' }
 * (the server took the last chunk) · { id, kind: 'stop' } (the client went away).
 * Out: { id, result } · { id, chunk } · { id, end } · { id, error }.
 */
import { AUDIT_WORKER_DATA, type AuditWorkerData, type AuditWorkerRequest } from './audit-worker.protocol';
import { AuditReader, openAuditDatabase, verifyAuditDatabase } from './audit-database';
import { csvHeader, toCsvRow, toJsonLine } from './audit-export';
import { AUDIT_STREAM_BATCH, AuditRepository } from './audit.repository';

/** Text handed over per message: large enough to be cheap, small enough to keep memory flat. */
const CHUNK = 256 * 1024;

const { database } = JSON.parse(process.env[AUDIT_WORKER_DATA] ?? 'null') as AuditWorkerData;
const post = (message: object) => process.send!(message);
process.on('disconnect', () => process.exit(0));

/** Each job reads on a connection of its own (a verify and an export may run at once). */
async function withReader<T>(work: (db: AuditReader) => Promise<T>): Promise<T> {
  const db = await openAuditDatabase(database);
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}
const waiting = new Map<number, (more: boolean) => void>();

async function exportLog(db: AuditReader, id: number, format: 'jsonl' | 'csv'): Promise<void> {
  const repository = new AuditRepository();
  let text = format === 'csv' ? csvHeader() : '';
  /** Hands the text over and waits until it was taken; false: stop, nobody wants the rest. */
  const send = async (): Promise<boolean> => {
    const more = new Promise<boolean>((resolve) => waiting.set(id, resolve));
    post({ id, chunk: text });
    text = '';
    return more;
  };
  let after = 0;
  for (;;) {
    const entries = await db.read((sql) => repository.after(sql, after, AUDIT_STREAM_BATCH));
    for (const entry of entries) {
      text += format === 'csv' ? toCsvRow(entry) : toJsonLine(entry);
      if (text.length >= CHUNK && !(await send())) return;
    }
    if (entries.length < AUDIT_STREAM_BATCH) break;
    after = entries[entries.length - 1].seq;
  }
  if (text && !(await send())) return;
  post({ id, end: true });
}

process.on('message', (message: AuditWorkerRequest) => {
  if (message.kind === 'more' || message.kind === 'stop') {
    const resume = waiting.get(message.id);
    waiting.delete(message.id);
    resume?.(message.kind === 'more');
    return;
  }
  const work =
    message.kind === 'verify'
      ? withReader(async (db) => ({ result: await verifyAuditDatabase(db) }))
      : withReader((db) => exportLog(db, message.id, message.format)).then(() => null);
  work.then(
    (reply) => reply && post({ id: message.id, ...reply }),
    (error: unknown) =>
      post({
        id: message.id,
        error: error instanceof Error ? error.message : String(error),
      }),
  );
});
