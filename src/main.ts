import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { configureApp, createHttpAdapter } from './app.setup';
import { AppConfig, ConfigError, DEFAULT_SHUTDOWN_TIMEOUT_MS } from './config/app-config';
import { appConfig } from './config/config.module';
import { wallClock } from './clock/clock';

const EXIT_GRACE_MS = 5_000;

async function bootstrap(): Promise<void> {
  let config: AppConfig;
  try {
    config = appConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      endWithoutExit(1);
      return;
    }
    throw error;
  }

  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createHttpAdapter(), {
    bodyParser: false,
    abortOnError: false,
    bufferLogs: true,
  });
  configureApp(app, config);
  closeOnSignal(app, config.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS);
  await (config.host === undefined ? app.listen(config.port) : app.listen(config.port, config.host));
  const where = config.database.type === 'sqlite' ? `SQLite ${config.database.path}` : 'PostgreSQL';
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === undefined || config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
  process.stdout.write(
    `${JSON.stringify({ time: wallClock().toISOString(), level: 'info', msg: 'listening', url, database: where })}\n`,
  );
  process.stdout.write(`Ändringsbegäran is running at ${url} (${where})\n`);
}

bootstrap().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`Start-up failed: ${message}\n`);
  endWithoutExit(1);
});

/**
 * Ends the process with `code` once its event loop has drained, rather than with process.exit():
 * on Node 24 an exit while V8 compiles code on a background thread can deadlock the process
 * (nodejs/node#54918), and a failed start-up has just compiled most of the application. Should a
 * handle keep the loop alive, the process still exits after a grace period.
 */
function endWithoutExit(code: number): void {
  process.exitCode = code;
  setTimeout(() => process.exit(code), EXIT_GRACE_MS).unref();
}

/**
 * SIGTERM or SIGINT: stop accepting, answer what is in flight (for up to SHUTDOWN_TIMEOUT_MS),
 * finish the write groups, close the database (app.close() runs those shutdown hooks), then
 * end with code 0 — a clean stop is not a failure. (Nest's own shutdown hooks re-raise the
 * signal after closing, which ends the process with 143.) Should the close hang (a connection
 * that never answers), the process still ends, with code 1.
 */
function closeOnSignal(app: NestFastifyApplication, timeoutMs: number): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (closing) return;
    closing = true;
    setTimeout(() => {
      process.stderr.write(`Shutdown did not finish within ${timeoutMs + EXIT_GRACE_MS} ms; exiting\n`);
      process.exit(1);
    }, timeoutMs + EXIT_GRACE_MS).unref();
    process.stdout.write(`${JSON.stringify({ time: wallClock().toISOString(), level: 'info', msg: 'shutting down', signal })}\n`);
    app.close().then(
      () => endWithoutExit(0),
      (error: unknown) => {
        process.stderr.write(`Shutdown failed: ${error instanceof Error ? error.message : String(error)}\n`);
        endWithoutExit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
