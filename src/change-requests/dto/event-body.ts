import { DomainError } from '../../common/domain-error';
import type { SendEvent } from '../change-request-events.service';

/**
 * `{ "type": "DECIDE", ...payload, "expectedVersion"?: n, "onBehalfOf"?: userId }`. The payload's shape depends on the
 * event and is validated against the workflow definition's schema; this only splits the envelope.
 */
export function parseEventBody(body: unknown): SendEvent {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new DomainError('VALIDATION_FAILED', 'The body must be a JSON object', {
      fields: [{ field: '(body)', message: 'must be a JSON object' }],
    });
  }
  const { type, expectedVersion, onBehalfOf, ...payload } = body as Record<string, unknown>;
  const fields: { field: string; message: string }[] = [];
  if (typeof type !== 'string' || !/^[A-Z][A-Z0-9_]{0,59}$/.test(type)) {
    fields.push({ field: 'type', message: 'must name an event, e.g. SUBMIT' });
  }
  if (expectedVersion !== undefined && (!Number.isInteger(expectedVersion) || (expectedVersion as number) < 1)) {
    fields.push({ field: 'expectedVersion', message: 'must be a positive integer' });
  }
  if (onBehalfOf !== undefined && (typeof onBehalfOf !== 'string' || !/^[a-z0-9._-]{1,128}$/.test(onBehalfOf))) {
    fields.push({ field: 'onBehalfOf', message: 'must be the user id of the principal whose delegation you hold' });
  }
  if (fields.length) throw new DomainError('VALIDATION_FAILED', 'Invalid event', { fields });
  return {
    type: type as string,
    payload,
    expectedVersion: expectedVersion as number | undefined,
    ...(onBehalfOf !== undefined ? { onBehalfOf: onBehalfOf as string } : {}),
  };
}
