import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import type { AuditWorkerData, AuditWorkerRequest } from './audit-worker';
import type { VerifyResult } from './audit.types';

type Reply = { id: number; result?: VerifyResult; chunk?: string; end?: true; error?: string };

interface Job {
  onReply(reply: Reply): void;
  fail(error: Error): void;
}

/**
 * Runs the decision history's verify and export in one worker thread (audit-worker.ts), started
 * when first needed and kept: the main thread only passes results and chunks of text on. If the
 * worker dies, what it was doing fails and the next call starts a new one.
 */
@Injectable()
export class AuditWorkerService implements OnModuleDestroy {
  private readonly logger = new Logger('AuditWorker');
  private worker?: Worker;
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

  /**
   * Streams the export to `write` (which answers false when the client went away: the worker
   * stops). Resolves when all of it was written, or the export stopped.
   */
  export(format: 'jsonl' | 'csv', write: (text: string) => Promise<boolean>): Promise<void> {
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
      this.post({ id, kind: 'export', format });
    });
  }

  async onModuleDestroy(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private start(job: Job): number {
    const id = this.nextId++;
    this.jobs.set(id, job);
    return id;
  }

  private post(message: AuditWorkerRequest): void {
    this.ensureWorker().postMessage(message);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    // Under ts-node (development, tests) the worker is TypeScript too.
    const typescript = extname(__filename) === '.ts';
    const data: AuditWorkerData = { database: this.config.database };
    const worker = new Worker(join(__dirname, `audit-worker${extname(__filename)}`), {
      workerData: data,
      execArgv: typescript ? ['-r', 'ts-node/register/transpile-only'] : [],
    });
    worker.unref();
    worker.on('message', (reply: Reply) => this.jobs.get(reply.id)?.onReply(reply));
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const job of this.jobs.values()) job.fail(error);
      this.jobs.clear();
    };
    worker.on('error', (error) => {
      this.logger.error(`The audit worker failed: ${error.message}`);
      fail(error);
    });
    worker.on('exit', (code) => fail(new Error(`The audit worker stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }
}
