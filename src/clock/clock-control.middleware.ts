import { Injectable, NestMiddleware, NotFoundException } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Clock } from './clock';

/**
 * Runs before the authentication guard: with clock control off, the control routes answer
 * exactly as Nest's router answers a route that does not exist, token or not.
 */
@Injectable()
export class ClockControlMiddleware implements NestMiddleware {
  constructor(private readonly clock: Clock) {}

  use(request: IncomingMessage & { originalUrl?: string }, _response: ServerResponse, next: () => void): void {
    if (!this.clock.controllable) {
      throw new NotFoundException(`Cannot ${request.method} ${request.originalUrl ?? request.url}`);
    }
    next();
  }
}
