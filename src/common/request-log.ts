import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import './request-context';

const INCOMING_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export interface RequestLogLine {
  time: string;
  level: 'info' | 'warn' | 'error';
  msg: 'request';
  requestId: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  userId?: string;
  role?: string;
}

/**
 * Takes a well-formed `x-request-id` or makes one, echoes it on the response, and (with `log`)
 * writes one structured JSON line per finished request, without query string or headers.
 */
export function requestIds(fastify: FastifyInstance, log: ((line: RequestLogLine) => void) | null): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const incoming = request.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && INCOMING_ID.test(incoming) ? incoming : randomUUID();
    request.requestId = requestId;
    // On the raw response, so that answers written outside Fastify's reply carry it too.
    reply.raw.setHeader('x-request-id', requestId);
    done();
  });
  if (!log) return;
  fastify.addHook('onResponse', (request, reply, done) => {
    const status = reply.statusCode;
    log({
      // The moment the line is written (wall time, not the product's clock).
      time: new Date(performance.timeOrigin + performance.now()).toISOString(),
      level: status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info',
      msg: 'request',
      requestId: request.requestId ?? '-',
      method: request.method,
      path: request.url.split('?')[0],
      status,
      durationMs: reply.elapsedTime,
      ...(request.actor ? { userId: request.actor.id, role: request.actor.role } : {}),
    });
    done();
  });
}
