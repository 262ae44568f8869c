import { ExecutionContext, NotFoundException } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import { DomainError } from '../common/domain-error';
import type { AppConfig } from '../config/app-config';
import { MetricsGuard } from './metrics.guard';

const TOKEN = 'metrics-token-0123456789';

function guard(config: Partial<AppConfig>): MetricsGuard {
  const adapterHost = {
    httpAdapter: { getRequestMethod: () => 'GET', getRequestUrl: () => '/metrics' },
  } as unknown as HttpAdapterHost;
  return new MetricsGuard({ isProduction: false, ...config } as AppConfig, adapterHost);
}

function from(remoteAddress: string, authorization: string[] = []): ExecutionContext {
  const raw = { headersDistinct: authorization.length ? { authorization } : {}, socket: { remoteAddress } };
  return { switchToHttp: () => ({ getRequest: () => ({ raw }) }) } as unknown as ExecutionContext;
}

function refusal(run: () => boolean): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

describe('MetricsGuard', () => {
  describe('with METRICS_TOKEN', () => {
    const withToken = guard({ metricsToken: TOKEN });

    it('lets in the bearer of the token, from anywhere, in any environment', () => {
      expect(withToken.canActivate(from('192.0.2.10', [`Bearer ${TOKEN}`]))).toBe(true);
      expect(withToken.canActivate(from('127.0.0.1', [`bearer  ${TOKEN} `]))).toBe(true);
      expect(guard({ metricsToken: TOKEN, isProduction: true }).canActivate(from('192.0.2.10', [`Bearer ${TOKEN}`]))).toBe(true);
    });

    it('answers 401 without it, with another, with a prefix of it, or with two headers, even from loopback', () => {
      for (const headers of [[], ['Bearer nope'], [`Bearer ${TOKEN.slice(0, -1)}`], [TOKEN], [`Bearer ${TOKEN}`, `Bearer ${TOKEN}`]]) {
        const error = refusal(() => withToken.canActivate(from('127.0.0.1', headers)));
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).code).toBe('UNAUTHENTICATED');
      }
    });
  });

  describe('without METRICS_TOKEN', () => {
    it('outside production lets in callers on this machine only; others get the 404 of no route', () => {
      const open = guard({});
      for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) expect(open.canActivate(from(address))).toBe(true);
      for (const address of ['192.0.2.10', '::ffff:192.0.2.10', '2001:db8::1']) {
        const error = refusal(() => open.canActivate(from(address, ['Bearer anything-at-all-here'])));
        expect(error).toBeInstanceOf(NotFoundException);
        expect((error as NotFoundException).message).toBe('Cannot GET /metrics');
      }
    });

    it('in production lets in nobody, not even loopback', () => {
      const closed = guard({ isProduction: true });
      for (const address of ['127.0.0.1', '::1']) {
        expect(refusal(() => closed.canActivate(from(address)))).toBeInstanceOf(NotFoundException);
      }
    });
  });
});
