import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import { MIGRATIONS } from '../database/migrations';
import { sql } from '../database/sql';

export type Check = 'ok' | 'error';

export interface HealthStatus {
  status: Check;
  database: Check;
}

export interface LiveStatus {
  status: 'ok' | 'shutting_down';
}

export interface ReadyStatus {
  status: Check | 'shutting_down';
  database: Check;
  /** 'unknown' while the database does not answer. */
  migrations: Check | 'unknown';
  /** The migrations of this build the database has not had, oldest first. */
  pendingMigrations?: string[];
}

const TIMEOUT_MS = 2000;

/** TypeORM's record of the migrations run, one row per migration, by class name. */
const APPLIED_MIGRATIONS = sql('SELECT name FROM migrations');
const EXPECTED_MIGRATIONS = MIGRATIONS.map((Migration) => new Migration().name ?? Migration.name);

class TimedOut extends Error {}

async function within<T>(work: Promise<T>, ms = TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new TimedOut('health check timed out')), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Liveness (the process runs and is not shutting down), readiness (it can serve: the database
 * answers within 2 s and has every migration of this build) and the older combined `/health`.
 */
@Injectable()
export class HealthService implements BeforeApplicationShutdown {
  private shuttingDown = false;

  constructor(private readonly database: Database) {}

  beforeApplicationShutdown(): void {
    this.shuttingDown = true;
  }

  live(): LiveStatus {
    return { status: this.shuttingDown ? 'shutting_down' : 'ok' };
  }

  async check(): Promise<HealthStatus> {
    try {
      await within(this.database.ping());
      return { status: 'ok', database: 'ok' };
    } catch {
      return { status: 'error', database: 'error' };
    }
  }

  async ready(): Promise<ReadyStatus> {
    let applied: Set<string>;
    try {
      const rows = await within(
        this.database
          .ping()
          .then(() => this.database.read((ctx) => ctx.sql.all<{ name: string }>(APPLIED_MIGRATIONS), { transaction: false })),
      );
      applied = new Set(rows.map((row) => row.name));
    } catch {
      return { status: 'error', database: 'error', migrations: 'unknown' };
    }
    const pending = EXPECTED_MIGRATIONS.filter((name) => !applied.has(name));
    const migrations: Check = pending.length === 0 ? 'ok' : 'error';
    const status = this.shuttingDown ? 'shutting_down' : migrations;
    return { status, database: 'ok', migrations, ...(pending.length ? { pendingMigrations: pending } : {}) };
  }
}
