import type { Database, ReadContext } from '../database/database';
import { MIGRATIONS } from '../database/migrations';
import { HealthService } from './health.service';

const ALL = MIGRATIONS.map((Migration) => ({ name: new Migration().name ?? Migration.name }));

/** A strict stand-in: only ping and read exist; anything else the service calls fails. */
function database(rows: { name: string }[], ping: () => Promise<void> = async () => undefined): Database {
  const sql = { all: async () => rows };
  return {
    ping,
    read: (work: (ctx: ReadContext) => Promise<unknown>) => work({ sql } as unknown as ReadContext),
  } as unknown as Database;
}

describe('HealthService', () => {
  it('is live and ready until shutdown begins, then says so', async () => {
    const health = new HealthService(database(ALL));
    expect(health.live()).toEqual({ status: 'ok' });
    expect(await health.ready()).toEqual({ status: 'ok', database: 'ok', migrations: 'ok' });
    health.beforeApplicationShutdown();
    expect(health.live()).toEqual({ status: 'shutting_down' });
    expect(await health.ready()).toEqual({ status: 'shutting_down', database: 'ok', migrations: 'ok' });
  });

  it('names the migrations the database lacks, oldest first', async () => {
    const health = new HealthService(database([ALL[0], ALL[ALL.length - 1]]));
    const ready = await health.ready();
    expect(ready).toMatchObject({ status: 'error', database: 'ok', migrations: 'error' });
    expect(ready.pendingMigrations).toEqual(ALL.slice(1, -1).map((m) => m.name));
  });

  it('reports the database, and migrations as unknown, when the ping fails', async () => {
    const health = new HealthService(database(ALL, () => Promise.reject(new Error('SQLITE_IOERR: disk I/O error'))));
    expect(await health.ready()).toEqual({ status: 'error', database: 'error', migrations: 'unknown' });
    expect(await health.check()).toEqual({ status: 'error', database: 'error' });
  });
});
