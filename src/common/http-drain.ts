import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';

/** How long a shutdown waits for requests in flight before it closes the database regardless. */
export const DRAIN_TIMEOUT_MS = 10_000;

/**
 * Nest closes the HTTP server last, after the application-shutdown hooks have closed the
 * database, so requests still in flight would fail. This stops accepting connections first and
 * waits (up to DRAIN_TIMEOUT_MS) for the requests in flight to be answered.
 */
@Injectable()
export class HttpDrain implements BeforeApplicationShutdown {
  private readonly logger = new Logger(HttpDrain.name);

  constructor(private readonly host: HttpAdapterHost) {}

  async beforeApplicationShutdown(): Promise<void> {
    const server = this.host.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server?.listening) return;
    let timer: NodeJS.Timeout | undefined;
    const drained = new Promise<boolean>((resolve) => server.close(() => resolve(true)));
    server.closeIdleConnections();
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), DRAIN_TIMEOUT_MS)));
    const done = await Promise.race([drained, timedOut]);
    clearTimeout(timer);
    if (!done) {
      this.logger.warn(`Requests still open after ${DRAIN_TIMEOUT_MS} ms; closing them`);
      server.closeAllConnections();
    }
  }
}
