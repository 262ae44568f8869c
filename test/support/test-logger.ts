import { ConsoleLogger } from '@nestjs/common';
import type { Response } from 'supertest';

export interface LoggedError {
  /** The logger's context, e.g. `Errors` for the error filter. */
  context: string | undefined;
  /** The message as the console would print it (stacks included). */
  text: string;
}

/**
 * The logger of every test app in a test file. It prints like Nest's console logger, except
 * while `captureErrorLogs` runs: then error lines are recorded for the test to assert on instead
 * of printed, so failures a test causes on purpose stay out of the test output while unexpected
 * ones elsewhere still show.
 */
class TestLogger extends ConsoleLogger {
  captured: LoggedError[] | null = null;

  override error(message: unknown, ...optionalParams: unknown[]): void {
    if (!this.captured) {
      super.error(message, ...optionalParams);
      return;
    }
    const { messages, context, stack } = this.getContextAndStackAndMessagesToPrint([
      message,
      ...optionalParams,
    ]);
    const text = [...messages, stack]
      .filter((part) => part !== undefined)
      .map((part) => (typeof part === 'string' ? part : JSON.stringify(part)))
      .join('\n');
    this.captured.push({ context, text });
  }
}

export const testLogger = new TestLogger({ logLevels: ['fatal', 'error'] });

/**
 * Runs `work` with the test apps' error log captured instead of printed, and returns what was
 * logged along with the result. Captures never nest.
 */
export async function captureErrorLogs<T>(
  work: () => PromiseLike<T>,
): Promise<{ result: T; errors: LoggedError[] }> {
  if (testLogger.captured) throw new Error('captureErrorLogs is already capturing');
  const errors: LoggedError[] = [];
  testLogger.captured = errors;
  try {
    return { result: await work(), errors };
  } finally {
    testLogger.captured = null;
  }
}

/**
 * A 500 answer's error was logged once by the error filter, under the error id the caller was
 * given and the response's request id, with its cause (which the answer itself must not show).
 */
export function expectUnhandledErrorLogged(
  errors: LoggedError[],
  response: Response,
  /** The start of the logged cause, or (a RegExp) what it must contain. */
  cause: string | RegExp,
): void {
  expect(response.status).toBe(500);
  const message = String((response.body as { message?: unknown }).message);
  expect(message).toMatch(/^Internal server error \(error id [0-9a-f]{12}\)$/);
  const errorId = /error id ([0-9a-f]+)/.exec(message)?.[1];
  const requestId = response.headers['x-request-id'];
  const prefix = `Unhandled error ${errorId} (request ${requestId}): `;
  expect(errors).toEqual([{ context: 'Errors', text: expect.stringContaining(typeof cause === 'string' ? prefix + cause : prefix) }]);
  if (cause instanceof RegExp) expect(errors[0].text.slice(errors[0].text.indexOf(prefix) + prefix.length)).toMatch(cause);
}
