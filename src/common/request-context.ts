import type { Actor } from './actor';

declare module 'express-serve-static-core' {
  interface Request {
    /** Correlation id (x-request-id), set by the request-id middleware. */
    requestId?: string;
    /** The authenticated caller, set by JwtAuthGuard. */
    actor?: Actor;
  }
}

export {};
