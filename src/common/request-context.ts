import type { Actor } from './actor';

declare module 'fastify' {
  interface FastifyRequest {
    /** Correlation id (x-request-id), set when the request arrives. */
    requestId?: string;
    /** The authenticated caller, set by JwtAuthGuard. */
    actor?: Actor;
  }
}

export type { FastifyReply as HttpReply, FastifyRequest as HttpRequest } from 'fastify';
