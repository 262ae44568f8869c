import { HttpException, HttpStatus, Logger, ValidationError } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { DomainError } from './domain-error';
import { ERROR_STATUS } from './error-codes';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  [detail: string]: unknown;
}

export interface FieldError {
  field: string;
  message: string;
}

const logger = new Logger('Errors');

function reason(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

/** Flattens class-validator errors into `{ field, message }` with dotted paths. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) out.push({ field, message });
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

/** ValidationPipe exceptionFactory: a 400 that names every offending property. */
export function validationFailed(errors: ValidationError[]): DomainError {
  const fields = flattenValidationErrors(errors);
  const names = [...new Set(fields.map((f) => f.field))];
  return new DomainError('VALIDATION_FAILED', `Invalid request: ${names.join(', ')}`, { fields });
}

interface DriverErrorLike {
  code?: unknown;
  message?: unknown;
  type?: unknown;
  status?: unknown;
  expose?: unknown;
  driverError?: DriverErrorLike;
}

/**
 * The database could not take the work now (lock contention beyond the busy timeout, a
 * serialization failure or deadlock on PostgreSQL): the client may retry. A unique violation is
 * not one of these — the product never races on a unique key (rows are locked, the writer is
 * single), so one is a bug and answers 500, logged.
 */
export function isRetryableDatabaseError(exception: unknown): boolean {
  if (typeof exception !== 'object' || exception === null) return false;
  const outer = exception as DriverErrorLike;
  const candidates = [outer, outer.driverError].filter((e): e is DriverErrorLike => !!e);
  return candidates.some((e) => {
    const code = typeof e.code === 'string' ? e.code : '';
    return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || code === '40001' || code === '40P01';
  });
}

/** Failures of the HTTP platform before a route's handler: too large, not JSON, wrong media type. */
function fromPlatform(exception: unknown): DomainError | ErrorBody | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  const e = exception as DriverErrorLike & { statusCode?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new DomainError('PAYLOAD_TOO_LARGE', 'Request body is larger than the 1 MiB limit');
  }
  if (code === 'NOT_TEXT') {
    const field = String((exception as { field?: unknown }).field || '(body)');
    return new DomainError('VALIDATION_FAILED', 'Request body has text that is not well-formed Unicode or contains NUL characters', {
      fields: [{ field, message: 'must be well-formed Unicode without NUL characters (no lone surrogates, no \\u0000)' }],
    });
  }
  if (code === 'INVALID_JSON' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') {
    return new DomainError('VALIDATION_FAILED', 'Request body is not valid JSON', { fields: [] });
  }
  const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  if (code.startsWith('FST_') && status !== undefined && status >= 400 && status < 500) {
    return { statusCode: status, error: reason(status), message: reason(status) };
  }
  return undefined;
}

function httpExceptionMessage(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  if (typeof message === 'string') return message;
  return exception.message;
}

/** Maps anything thrown to the public error body. Never includes stack traces or SQL. */
export function toErrorResponse(exception: unknown, requestId?: string): ErrorBody {
  const parsed = exception instanceof DomainError ? exception : fromPlatform(exception);
  if (parsed instanceof DomainError) {
    const statusCode = ERROR_STATUS[parsed.code];
    return {
      ...parsed.details,
      statusCode,
      error: reason(statusCode),
      code: parsed.code,
      message: parsed.message,
    };
  }
  if (parsed) return parsed;

  if (exception instanceof HttpException) {
    const statusCode = exception.getStatus();
    if (statusCode < 500) {
      return { statusCode, error: reason(statusCode), message: httpExceptionMessage(exception) };
    }
  }

  if (isRetryableDatabaseError(exception)) {
    logger.warn(`Database busy (request ${requestId ?? '-'})`);
    const statusCode = HttpStatus.SERVICE_UNAVAILABLE;
    return {
      statusCode,
      error: reason(statusCode),
      code: 'DATABASE_BUSY',
      message: 'The database is busy; try again',
      retryable: true,
    };
  }

  const errorId = randomBytes(6).toString('hex');
  const detail =
    exception instanceof Error ? (exception.stack ?? exception.message) : String(exception);
  logger.error(`Unhandled error ${errorId} (request ${requestId ?? '-'}): ${detail}`);
  return {
    statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
    error: reason(HttpStatus.INTERNAL_SERVER_ERROR),
    message: `Internal server error (error id ${errorId})`,
  };
}
