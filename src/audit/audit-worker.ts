/**
 * The long reads (the decision history's verify and export, the weekly report, the change-request
 * list as CSV) in a process of their own, run at the lowest CPU priority, so hashing, serialising
 * and rendering never take CPU from requests and writes when they need it. It opens the database itself, read-only, the way
 * the audit:verify CLI does, and ends when the server does (its IPC channel closes).
 *
 * Messages in: { id, kind: 'verify' } · { id, kind: 'export', format } · { id, kind: 'more' }
 * (the server took the last chunk) · { id, kind: 'stop' } (the client went away) ·
 * { id, kind: 'weekly-report', week, from, to, now, formats } · { id, kind: 'list-csv', plan,
 * clockOffsetMs } (its text comes in chunks, as the export's).
 * Out: { id, result } · { id, chunk } · { id, end } · { id, reports } · { id, error }.
 */
import { constants, setPriority } from 'node:os';
import { ChangeRequestReader } from '../change-requests/change-request-reader';
import { ChangeRequestWorkflows } from '../change-requests/change-request-workflows';
import { csvExportLines } from '../change-requests/change-requests-export';
import { ChangeRequestsRepository, organisationsOf } from '../change-requests/change-requests.repository';
import { listBatch } from '../change-requests/list-query';
import { OrganisationsRepository } from '../organisations/organisations.repository';
import { organisationNames } from '../organisations/organisations.service';
import { renderWeeklyReport, type ReportFormat } from '../reports/renderers';
import { WeeklyReportReader } from '../reports/weekly-report-input';
import { WorkflowDirectory } from '../workflow/workflow-directory';
import { MeetingsRepository } from '../meeting-store/meetings.repository';
import { AUDIT_WORKER_DATA, type AuditWorkerData, type AuditWorkerRequest, type ListCsvJob, type WeeklyReportJob } from './audit-worker.protocol';
import { AuditReader, openAuditDatabase, verifyAuditDatabase } from './audit-database';
import { csvHeader, toCsvRow, toJsonLine } from './audit-export';
import { AUDIT_STREAM_BATCH, AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';

/** Text handed over per message: large enough to be cheap, small enough to keep memory flat. */
const CHUNK = 256 * 1024;
/** The first message goes sooner: a download starts when its first batch is read, not its third. */
const FIRST_CHUNK = 16 * 1024;

const { database, workflowsDir } = JSON.parse(process.env[AUDIT_WORKER_DATA] ?? 'null') as AuditWorkerData;
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

/** Hands text over in chunks of about CHUNK, each taken before the next; stops when told to. */
async function sendChunks(id: number, texts: AsyncIterable<string>): Promise<void> {
  let text = '';
  let size = FIRST_CHUNK;
  /** Hands the text over and waits until it was taken; false: stop, nobody wants the rest. */
  const send = async (): Promise<boolean> => {
    const more = new Promise<boolean>((resolve) => waiting.set(id, resolve));
    post({ id, chunk: text });
    text = '';
    size = CHUNK;
    return more;
  };
  for await (const piece of texts) {
    text += piece;
    if (text.length >= size && !(await send())) return;
  }
  if (text && !(await send())) return;
  post({ id, end: true });
}

async function* auditLog(db: AuditReader, format: 'jsonl' | 'csv'): AsyncGenerator<string> {
  const repository = new AuditRepository();
  if (format === 'csv') yield csvHeader();
  let after = 0;
  for (;;) {
    const entries = await db.read((sql) => repository.after(sql, after, AUDIT_STREAM_BATCH));
    let text = '';
    for (const entry of entries) text += format === 'csv' ? toCsvRow(entry) : toJsonLine(entry);
    yield text;
    if (entries.length < AUDIT_STREAM_BATCH) break;
    after = entries[entries.length - 1].seq;
  }
}

/** What the change-request jobs read with, built when first needed (the workflows are compiled once). */
let sources: { requests: ChangeRequestsRepository; workflows: ChangeRequestWorkflows; weekly: WeeklyReportReader } | undefined;
function changeRequests(): NonNullable<typeof sources> {
  if (sources) return sources;
  const requests = new ChangeRequestsRepository();
  const workflows = new ChangeRequestWorkflows(new WorkflowDirectory({ workflowsDir }));
  const organisations = new OrganisationsRepository();
  const weekly = new WeeklyReportReader({
    requests: new ChangeRequestReader(requests, workflows, new MeetingsRepository()),
    organisations: { names: (sql, ids) => organisationNames(organisations, sql, ids) },
    audit: new AuditService(new AuditRepository()),
  });
  return (sources = { requests, workflows, weekly });
}

/**
 * Weekly reports read at most this many at a time (each on a connection of its own), as the
 * server's pool of long-read connections allowed: a burst of them does not open a connection each.
 */
const WEEKLY_REPORTS_AT_ONCE = 2;
let weeklyReading = 0;
const weeklyQueue: (() => void)[] = [];

async function oneOfFew<T>(work: () => Promise<T>): Promise<T> {
  if (weeklyReading >= WEEKLY_REPORTS_AT_ONCE) await new Promise<void>((resolve) => weeklyQueue.push(resolve));
  else weeklyReading++;
  try {
    return await work();
  } finally {
    // The slot passes straight to the next in line, or is freed.
    const next = weeklyQueue.shift();
    if (next) next();
    else weeklyReading--;
  }
}

/** Reads the weekly report in one snapshot and renders it, as the server did in-process. */
async function weeklyReport(db: AuditReader, job: WeeklyReportJob): Promise<Partial<Record<ReportFormat, string>>> {
  const { weekly } = changeRequests();
  const input = await db.read((sql) => weekly.read(sql, job.week, { from: job.from, to: job.to }, new Date(job.now)));
  return Object.fromEntries(job.formats.map((format) => [format, renderWeeklyReport(input, format)]));
}

/** The change-request list as CSV, in chunks the server takes one at a time. */
async function listCsv(db: AuditReader, id: number, job: ListCsvJob): Promise<void> {
  const { requests, workflows } = changeRequests();
  const organisations = new OrganisationsRepository();
  const lines = csvExportLines(
    job.plan,
    (cursor, size) =>
      db.read(async (sql) => {
        const rows = await listBatch(requests, sql, job.plan, cursor, size);
        return { rows, names: await organisationNames(organisations, sql, new Set(rows.flatMap((row) => organisationsOf(row)))) };
      }),
    workflows,
    () => new Date(Date.now() + job.clockOffsetMs),
  );
  await sendChunks(id, lines);
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
      : message.kind === 'weekly-report'
        ? oneOfFew(() => withReader(async (db) => ({ reports: await weeklyReport(db, message) })))
        : message.kind === 'list-csv'
          ? withReader((db) => listCsv(db, message.id, message)).then(() => null)
          : withReader((db) => sendChunks(message.id, auditLog(db, message.format))).then(() => null);
  work.then(
    (reply) => reply && post({ id: message.id, ...reply }),
    (error: unknown) =>
      post({
        id: message.id,
        error: error instanceof Error ? error.message : String(error),
      }),
  );
});

// Loaded at normal priority (a start-up at the lowest would wait behind every request on a busy
// machine); lowered before the first job runs, so the threads started from now on (database
// reads, verifier threads) inherit the lowest priority too.
try {
  setPriority(constants.priority.PRIORITY_LOW);
} catch (error) {
  post({ warning: `Could not lower the long-read worker's priority: ${error instanceof Error ? error.message : String(error)}` });
}
