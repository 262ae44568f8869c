import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Runs units of work in database transactions.
 *
 * SQLite has one writer, and TypeORM's SQLite driver shares one connection: two overlapping
 * `transaction()` calls would collide, and a read issued while a transaction is open would see its
 * uncommitted rows. So on SQLite every unit of work — reads included — runs in FIFO order.
 * PostgreSQL runs them concurrently; version checks and row locks decide races there.
 */
@Injectable()
export class TransactionRunner {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly dataSource: DataSource) {}

  get isSqlite(): boolean {
    return this.dataSource.options.type === 'sqlite';
  }

  /** A read-write transaction; everything inside commits together or not at all. */
  write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.queue(() => this.dataSource.transaction(work));
  }

  /** A consistent read (one transaction on PostgreSQL; queued behind writers on SQLite). */
  read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.isSqlite) return this.queue(() => work(this.dataSource.manager));
    return this.dataSource.transaction('REPEATABLE READ', work);
  }

  private queue<T>(task: () => Promise<T>): Promise<T> {
    if (!this.isSqlite) return task();
    const run = this.tail.then(task, task);
    this.tail = run.catch(() => undefined);
    return run;
  }
}
