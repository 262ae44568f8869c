import type { NextFunction, Request, Response } from 'express';
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
 * Takes a well-formed `x-request-id` or makes one, echoes it on the response, and writes one
 * structured JSON line per finished request (without query string or headers).
 */
export function requestIdMiddleware(log: ((line: RequestLogLine) => void) | null) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const incoming = request.headers['x-request-id'];
    const requestId =
      typeof incoming === 'string' && INCOMING_ID.test(incoming) ? incoming : randomUUID();
    request.requestId = requestId;
    response.setHeader('x-request-id', requestId);
    if (log) {
      const started = process.hrtime.bigint();
      response.on('finish', () => {
        const status = response.statusCode;
        log({
          time: new Date().toISOString(),
          level: status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info',
          msg: 'request',
          requestId,
          method: request.method,
          path: (request.originalUrl ?? request.url).split('?')[0],
          status,
          durationMs: Number(process.hrtime.bigint() - started) / 1e6,
          ...(request.actor ? { userId: request.actor.id, role: request.actor.role } : {}),
        });
      });
    }
    next();
  };
}
