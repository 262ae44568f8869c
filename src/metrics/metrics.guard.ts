import { CanActivate, ExecutionContext, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createHash, timingSafeEqual } from 'node:crypto';
import { isLoopbackAddress } from '../auth/loopback';
import { incomingMessage } from '../auth/incoming-message';
import { DomainError } from '../common/domain-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * Who may read /metrics. With METRICS_TOKEN set: whoever sends it as a bearer token (401
 * otherwise), from anywhere. Without it: outside production, a caller on this machine (the
 * socket's address, never a header); in production nobody. Those refused without a token
 * configured get exactly the 404 of a route that does not exist.
 */
@Injectable()
export class MetricsGuard implements CanActivate {
  private readonly token: Buffer | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly adapterHost: HttpAdapterHost,
  ) {
    this.token = config.metricsToken === undefined ? undefined : digest(config.metricsToken);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = incomingMessage(context.switchToHttp().getRequest<unknown>());
    if (this.token !== undefined) {
      const values = request.headersDistinct['authorization'] ?? [];
      const match = values.length === 1 ? BEARER.exec(values[0]) : null;
      // Compared as digests: constant time, whatever the length sent.
      if (match && timingSafeEqual(digest(match[1]), this.token)) return true;
      throw new DomainError('UNAUTHENTICATED', 'Send the metrics token as a bearer token');
    }
    if (!this.config.isProduction && isLoopbackAddress(request.socket?.remoteAddress)) return true;
    const http = this.adapterHost.httpAdapter;
    const raw = context.switchToHttp().getRequest<unknown>();
    throw new NotFoundException(`Cannot ${http.getRequestMethod(raw)} ${http.getRequestUrl(raw)}`);
  }
}
