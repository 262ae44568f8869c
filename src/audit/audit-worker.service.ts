import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { extname, join } from 'node:path';
import { ChildProcess, fork } from 'node:child_process';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import type { ReportFormat } from '../reports/renderers';
import { AUDIT_WORKER_DATA, type AuditWorkerData, type AuditWorkerRequest, type ListCsvJob, type WeeklyReportJob } from './audit-worker.protocol';
import type { VerifyResult } from './audit.types';

/** A job whose answer is text in chunks, each taken before the next is sent. */
type StreamRequest = { kind: 'export'; format: 'jsonl' | 'csv' } | ({ kind: 'list-csv' } & ListCsvJob);

type Reply = {
  id: number;
  result?: VerifyResult;
  chunk?: string;
  end?: true;
  reports?: Partial<Record<ReportFormat, string>>;
  error?: string;
};

interface Job {
  onReply(reply: Reply): void;
  fail(error: Error): void;
}

/**
 * Runs the long reads — the decision history's verify and export, the weekly report — in one
 * worker process (audit-worker.ts) at the lowest CPU priority, started when first needed and
 * kept: the server only passes results and chunks of text on, and under load the machine's cores
 * go to requests and writes first. Each job reads committed data on a read-only connection of
 * its own, so any number of server instances may each have a worker on the same database. If
 * the worker dies, what it was doing fails and the next call starts a new one.
 */
@Injectable()
export class AuditWorkerService implements OnModuleDestroy {
  private readonly logger = new Logger('AuditWorker');
  private worker?: ChildProcess;
  private readonly jobs = new Map<number, Job>();
  private nextId = 1;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  verify(): Promise<VerifyResult> {
    return new Promise((resolve, reject) => {
      const id = this.start({
        onReply: (reply) => {
          this.jobs.delete(id);
          if (reply.error !== undefined) reject(new Error(reply.error));
          else resolve(reply.result!);
        },
        fail: reject,
      });
      this.post({ id, kind: 'verify' });
    });
  }

  /** The weekly report read in one snapshot and rendered in each of `job.formats`. */
  weeklyReport(job: WeeklyReportJob): Promise<Partial<Record<ReportFormat, string>>> {
    return new Promise((resolve, reject) => {
      const id = this.start({
        onReply: (reply) => {
          this.jobs.delete(id);
          if (reply.error !== undefined) reject(new Error(reply.error));
          else resolve(reply.reports!);
        },
        fail: reject,
      });
      this.post({ id, kind: 'weekly-report', ...job });
    });
  }

  /**
   * Streams the export to `write` (which answers false when the client went away: the worker
   * stops). Resolves when all of it was written, or the export stopped.
   */
  export(format: 'jsonl' | 'csv', write: (text: string) => Promise<boolean>): Promise<void> {
    return this.stream({ kind: 'export', format }, write);
  }

  /** Streams the change-request list as CSV to `write`, as export() does. */
  listCsv(job: ListCsvJob, write: (text: string) => Promise<boolean>): Promise<void> {
    return this.stream({ kind: 'list-csv', ...job }, write);
  }

  private stream(request: StreamRequest, write: (text: string) => Promise<boolean>): Promise<void> {
    return new Promise((resolve, reject) => {
      const id = this.start({
        onReply: (reply) => {
          if (reply.error !== undefined || reply.end) {
            this.jobs.delete(id);
            if (reply.error !== undefined) reject(new Error(reply.error));
            else resolve();
            return;
          }
          write(reply.chunk!).then(
            (more) => {
              this.post({ id, kind: more ? 'more' : 'stop' });
              if (!more) {
                this.jobs.delete(id);
                resolve();
              }
            },
            (error: unknown) => {
              this.post({ id, kind: 'stop' });
              this.jobs.delete(id);
              reject(error instanceof Error ? error : new Error(String(error)));
            },
          );
        },
        fail: reject,
      });
      this.post({ id, ...request } as AuditWorkerRequest);
    });
  }

  onModuleDestroy(): void {
    const worker = this.worker;
    this.worker = undefined;
    // Its IPC channel closing ends it (see audit-worker.ts).
    if (worker?.connected) worker.disconnect();
  }

  private start(job: Job): number {
    const id = this.nextId++;
    this.jobs.set(id, job);
    return id;
  }

  private post(message: AuditWorkerRequest): void {
    this.ensureWorker().send(message);
  }

  private ensureWorker(): ChildProcess {
    if (this.worker) return this.worker;
    // Under ts-node (development, tests) the worker is TypeScript too.
    const typescript = extname(__filename) === '.ts';
    const data: AuditWorkerData = {
      database: this.config.database,
      workflowsDir: this.config.workflowsDir,
    };
    const worker = fork(join(__dirname, `audit-worker${extname(__filename)}`), [], {
      execArgv: typescript ? ['-r', 'ts-node/register/transpile-only'] : [],
      env: { ...process.env, [AUDIT_WORKER_DATA]: JSON.stringify(data) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    worker.unref();
    worker.channel?.unref();
    worker.on('message', (reply: Reply | { warning: string }) => {
      if ('warning' in reply) return this.logger.warn(reply.warning);
      this.jobs.get(reply.id)?.onReply(reply);
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const job of this.jobs.values()) job.fail(error);
      this.jobs.clear();
    };
    worker.on('error', (error) => {
      this.logger.error(`The audit worker failed: ${error.message}`);
      fail(error);
    });
    worker.on('exit', (code, signal) => fail(new Error(`The long-read worker stopped (${signal ?? `exit code ${code}`})`)));
    this.worker = worker;
    return worker;
  }
}
