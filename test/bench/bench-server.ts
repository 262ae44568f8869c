import type { AddressInfo } from 'node:net';
import { createTestApp } from '../support/create-test-app';

/**
 * The app under benchmark, in its own process so the load generator does not share its event
 * loop: the real AppModule on a throw-away database (temp SQLite file, or a fresh PostgreSQL
 * schema with TEST_DATABASE=postgres), listening on loopback only. Tells the parent its port over
 * IPC, stops on "stop" or when the parent goes away.
 */
async function main(): Promise<void> {
  if (!process.send)
    throw new Error('bench-server runs as a child of bench.ts (IPC channel needed)');
  const file = process.argv[2];
  const t = await createTestApp(file ? { databaseUrl: `sqlite:${file}` } : {});
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await t.close();
    process.exit(0);
  };
  process.on('message', (message) => {
    if (message === 'stop') void stop();
    if (message === 'rss') process.send!({ rss: process.memoryUsage().rss });
  });
  process.on('disconnect', () => void stop());
  process.send({ port, database: t.config.database.type });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
