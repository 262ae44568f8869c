import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';
import { APP_CONFIG, type AppConfig, DEFAULT_SHUTDOWN_TIMEOUT_MS } from '../config/app-config';

/**
 * Nest closes the HTTP server last, after the application-shutdown hooks have closed the
 * database, so requests still in flight would fail. This stops accepting connections first and
 * waits (up to SHUTDOWN_TIMEOUT_MS, 10 s by default) for the requests in flight to be answered.
 */
@Injectable()
export class HttpDrain implements BeforeApplicationShutdown {
  private readonly logger = new Logger(HttpDrain.name);

  constructor(
    private readonly host: HttpAdapterHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    const server = this.host.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server?.listening) return;
    const timeoutMs = this.config.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const drained = new Promise<boolean>((resolve) => server.close(() => resolve(true)));
    server.closeIdleConnections();
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const done = await Promise.race([drained, timedOut]);
    clearTimeout(timer);
    if (!done) {
      this.logger.warn(`Requests still open after ${timeoutMs} ms; closing them`);
      server.closeAllConnections();
    }
  }
}
