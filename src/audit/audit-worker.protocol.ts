/** What the server and the long-read worker process (audit-worker.ts) pass each other. */
import type { DatabaseConfig } from '../config/app-config';
import type { ListPlan } from '../change-requests/list-query';
import type { ReportFormat } from '../reports/renderers';

/** The environment variable the worker's configuration travels in. */
export const AUDIT_WORKER_DATA = 'ANDRINGSBEGARAN_AUDIT_WORKER';

export interface AuditWorkerData {
  /** The server's database (a PostgreSQL schema included). */
  database: DatabaseConfig;
  /** The server's folder of workflow definitions (the weekly report names states by them). */
  workflowsDir?: string;
}

/** A weekly report to read and render: the week, its period (ISO UTC) and the server's now. */
export interface WeeklyReportJob {
  week: string;
  from: string;
  to: string;
  now: string;
  formats: ReportFormat[];
}

/** The change-request list as CSV: the checked plan, and how far the server's clock is from real time. */
export interface ListCsvJob {
  plan: ListPlan;
  clockOffsetMs: number;
}

export type AuditWorkerRequest =
  | { id: number; kind: 'verify' }
  | { id: number; kind: 'export'; format: 'jsonl' | 'csv' }
  | ({ id: number; kind: 'weekly-report' } & WeeklyReportJob)
  | ({ id: number; kind: 'list-csv' } & ListCsvJob)
  | { id: number; kind: 'more' }
  | { id: number; kind: 'stop' };
