import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from '../../src/app.module';
import { configureApp, createHttpAdapter } from '../../src/app.setup';
import { appConfig } from '../../src/config/config.module';
import { TEST_JWT_SECRET } from '../support/tokens';

/**
 * The app under benchmark as `npm start` runs it: started the way src/main.ts starts it (the
 * same factory options, configuration read from the environment, the default log level), not
 * through the test harness, whose response-contract check would be measured with it. In its own
 * process so the load generator does not share its event loop, on a throw-away SQLite file (the
 * argument), listening on loopback only; no demo data and no scheduled weekly report, and the
 * tests' signing key so the bench can
 * sign in as the seeded users. Tells the parent its port over IPC, stops on "stop" or when the
 * parent goes away.
 */
async function main(): Promise<void> {
  if (!process.send) throw new Error('bench-server runs as a child of bench.ts (IPC channel needed)');
  const file = process.argv[2];
  if (!file) throw new Error('bench-server needs the SQLite file to use');
  const dataDir = mkdtempSync(join(tmpdir(), 'andringsbegaran-bench-data-'));
  Object.assign(process.env, {
    DATABASE_URL: `sqlite:${file}`,
    DATA_DIR: dataDir,
    JWT_SECRET: TEST_JWT_SECRET,
    DEMO_DATA: 'false',
    WEEKLY_REPORT_SCHEDULE: 'off',
  });
  const config = appConfig();
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createHttpAdapter(), {
    bodyParser: false,
    abortOnError: false,
    bufferLogs: true,
  });
  configureApp(app, config);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('message', (message) => {
    if (message === 'stop') void stop();
    if (message === 'rss') process.send!({ rss: process.memoryUsage().rss });
  });
  process.on('disconnect', () => void stop());
  process.send({ port, database: config.database.type });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
