import { ErrorCode } from './error-codes';

/**
 * A failure the caller can act on. Thrown by services and the engine, mapped to an HTTP status
 * in one place (the global exception filter); `details` are merged into the response body.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}
