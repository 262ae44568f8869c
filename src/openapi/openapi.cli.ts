/**
 * Writes the OpenAPI document exactly as the server serves it at /api/docs-json:
 *
 *     npm run --silent openapi -- [<file>]      (default: standard output)
 *
 * Starts the application in memory on a throw-away SQLite database (no port is opened), asks it
 * for /api/docs-json, and stops it. `npm run lint:openapi` lints what this writes.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

async function main(argv: string[]): Promise<void> {
  const out = argv.find((a) => a !== '--');
  const dir = mkdtempSync(join(tmpdir(), 'andringsbegaran-openapi-'));
  Object.assign(process.env, {
    NODE_ENV: 'development',
    DATABASE_URL: `sqlite:${join(dir, 'openapi.sqlite')}`,
    DATA_DIR: dir,
    DEMO_DATA: 'false',
    LOG_LEVEL: 'error',
  });
  // Imported after the environment is set: the configuration is read when the module loads.
  const { AppModule } = await import('../app.module');
  const { configureApp, createHttpAdapter } = await import('../app.setup');
  const { appConfig } = await import('../config/config.module');
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createHttpAdapter(), { bodyParser: false, logger: ['error'] });
  try {
    configureApp(app, appConfig());
    await app.init();
    const fastify = app.getHttpAdapter().getInstance();
    await fastify.ready();
    const response = await fastify.inject({ method: 'GET', url: '/api/docs-json' });
    if (response.statusCode !== 200) throw new Error(`/api/docs-json answered ${response.statusCode}`);
    const text = `${JSON.stringify(JSON.parse(response.body), null, 2)}\n`;
    if (out) {
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, text);
    }
    else process.stdout.write(text);
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`openapi: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
