import type { IncomingMessage } from 'node:http';

/** Node's request under any HTTP platform: Fastify wraps it as `raw`, Express extends it. */
export function incomingMessage(request: unknown): IncomingMessage {
  return (request as { raw?: IncomingMessage }).raw ?? (request as IncomingMessage);
}
