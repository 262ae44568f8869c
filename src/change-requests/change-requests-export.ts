import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { stockholmDateTime } from '../calendar';
import { Clock } from '../clock/clock';
import type { Actor } from '../common/actor';
import { csvLine, UTF8_BOM } from '../common/csv';
import { termOf, TERMS } from '../common/terms';
import { AuditWorkerService } from '../audit/audit-worker.service';
import { Database } from '../database/database';
import type { ChangeRequestWorkflows } from './change-request-workflows';
import { toSummary } from './change-request.mapper';
import { organisationsOf, type ListRow } from './change-requests.repository';
import type { ChangeRequestSummaryResponse } from './dto/change-request.response';
import type { ListCursor } from './list-order';
import { ChangeRequestListQuery, type ListFilter, type ListPlan } from './list-query';

/** Rows read per statement: a batch is one short read, so an export never holds a connection long. */
export const EXPORT_BATCH = 500;
/**
 * A search's batches are larger: each read finds (and for relevance scores) every match again
 * before it can continue after the cursor, so fewer reads cost less in all.
 */
export const SEARCH_EXPORT_BATCH = 5000;

const F = TERMS.fields;

/** The columns, headed with the words of the web interface's list. */
const COLUMNS: [heading: string, cell: (s: ChangeRequestSummaryResponse, names: Map<string, string>) => string][] = [
  [F.reference, (s) => s.reference ?? ''],
  [F.title, (s) => s.title],
  [F.type, (s) => termOf(TERMS.requestTypes, s.type)],
  [F.state, (s) => s.stateLabel],
  [F.requestingOrganisations, (s, names) => s.requestingOrganisations.map((id) => names.get(id) ?? id).join(', ')],
  [F.receivedAt, (s) => (s.receivedAt ? wallClock(s.receivedAt) : '')],
  [F.updatedAt, (s) => wallClock(s.updatedAt)],
  [F.stateEnteredAt, (s) => wallClock(s.stateEnteredAt)],
  // A final state is where a request stays: counting its days says nothing (as in the list).
  [F.daysInState, (s) => (s.closed ? '' : String(s.daysInState))],
  ['ID', (s) => s.id],
];

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** "2024-10-11 15:20", Stockholm time: what the list shows, in a form spreadsheets read as a time. */
function wallClock(iso: string): string {
  const p = stockholmDateTime(new Date(iso));
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** What reading the list as CSV needs: a batch of rows with the names of their organisations. */
export type ExportBatchReader = (cursor: ListCursor | undefined, size: number) => Promise<{ rows: ListRow[]; names: Map<string, string> }>;

/**
 * The CSV text of a plan's rows, from the start: the header, then one text per batch, each batch
 * read only when the one before has been taken. Each batch is one short read of committed data;
 * the keyset carries on where the last ended. `now` is asked per batch (days in state).
 */
export async function* csvExportLines(
  plan: ListPlan,
  read: ExportBatchReader,
  workflows: Pick<ChangeRequestWorkflows, 'forCase'>,
  now: () => Date,
): AsyncGenerator<string> {
  yield UTF8_BOM + csvLine(COLUMNS.map(([heading]) => heading));
  const size = plan.search ? SEARCH_EXPORT_BATCH : EXPORT_BATCH;
  let cursor: ListCursor | undefined;
  for (;;) {
    const { rows, names } = await read(cursor, size);
    const at = now();
    let text = '';
    for (const row of rows) {
      const workflow = workflows.forCase(row.workflow_id, row.workflow_version);
      const summary = toSummary(row, JSON.parse(row.state_value), workflow, organisationsOf(row), at);
      text += csvLine(COLUMNS.map(([, cell]) => cell(summary, names)));
    }
    if (text) yield text;
    const last = rows.at(-1);
    if (rows.length < size || !last) return;
    cursor = { sort: plan.sort, order: plan.order, key: String(last.sort_key), id: last.id };
  }
}

/**
 * Turns a producer that hands text over and waits until it was taken (false: stop, nobody wants
 * the rest) into text read as it is wanted.
 */
async function* taken(produce: (write: (text: string) => Promise<boolean>) => Promise<void>): AsyncGenerator<string> {
  const waiting: { text: string; take: (more: boolean) => void }[] = [];
  let wake: (() => void) | undefined;
  let finished = false;
  let failure: { error: unknown } | undefined;
  const write = (text: string) =>
    new Promise<boolean>((take) => {
      waiting.push({ text, take });
      wake?.();
    });
  void produce(write).then(
    () => {
      finished = true;
      wake?.();
    },
    (error: unknown) => {
      failure = { error };
      finished = true;
      wake?.();
    },
  );
  let unanswered: ((more: boolean) => void) | undefined;
  try {
    for (;;) {
      const next = waiting.shift();
      if (next) {
        unanswered = next.take;
        yield next.text;
        unanswered = undefined;
        next.take(true);
        continue;
      }
      if (failure) throw failure.error;
      if (finished) return;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  } finally {
    // The reader stopped (the client went away): the producer stops too.
    unanswered?.(false);
    for (const rest of waiting.splice(0)) rest.take(false);
  }
}

/**
 * The change-request list as CSV: the same rows, visibility and order as the JSON list, all of
 * them (no page), read in keyset batches as the client takes them. The filter is checked and the
 * plan made here; reading and writing the rows runs in the low-priority long-read worker process
 * (audit-worker.ts), so a long list never takes this event loop from requests and writes.
 */
@Injectable()
export class ChangeRequestsExport {
  constructor(
    private readonly database: Database,
    private readonly listQuery: ChangeRequestListQuery,
    private readonly worker: AuditWorkerService,
    private readonly clock: Clock,
  ) {}

  /**
   * Checks the filter before anything is sent (a bad one is a 4xx, not a broken download), then
   * returns the stream. It reads a batch only when the one before has been taken, and stops
   * reading when the stream is destroyed (the client went away).
   */
  async csv(actor: Actor, filter: ListFilter): Promise<{ filename: string; stream: Readable }> {
    // The whole list from the start: a cursor belongs to the pages.
    const plan = await this.database.read(({ sql }) => this.listQuery.plan(sql, actor, { ...filter, cursor: undefined }), {
      transaction: false,
    });
    // The worker keeps time with this server's clock (which a test may have moved).
    const clockOffsetMs = this.clock.now().getTime() - Date.now();
    const lines = taken((write) => this.worker.listCsv({ plan, clockOffsetMs }, write));
    return {
      filename: `andringsbegaranden-${this.clock.today()}.csv`,
      stream: Readable.from(lines, { objectMode: false, highWaterMark: 64 * 1024 }),
    };
  }
}
