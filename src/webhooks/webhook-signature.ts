import { createHmac } from 'node:crypto';
import type { WebhookBody } from './webhook.types';

/** The body's exact bytes: always these keys in this order, so a stored body can be re-sent as is. */
export function webhookBody(body: WebhookBody): string {
  const { id, reference, changeRequestId, eventType, seq, hash, at } = body;
  return JSON.stringify({ id, reference, changeRequestId, eventType, seq, hash, at });
}

/** `X-Signature`: `sha256=` and the hex HMAC-SHA256 of the exact body bytes with the hook's secret. */
export function signature(body: string | Buffer, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
