/** What the server and the audit worker process (audit-worker.ts) pass each other. */
import type { DatabaseConfig } from '../config/app-config';

/** The environment variable the worker's configuration travels in. */
export const AUDIT_WORKER_DATA = 'ANDRINGSBEGARAN_AUDIT_WORKER';

export interface AuditWorkerData {
  /** The server's database (a PostgreSQL schema included). */
  database: DatabaseConfig;
}

export type AuditWorkerRequest =
  | { id: number; kind: 'verify' }
  | { id: number; kind: 'export'; format: 'jsonl' | 'csv' }
  | { id: number; kind: 'more' }
  | { id: number; kind: 'stop' };
