/** Subscribes a hook to every event of the change-request workflows, present and future. */
export const ALL_EVENTS = '*';
export const MIN_SECRET_LENGTH = 16;
export const MAX_URL_LENGTH = 2000;
export const MAX_EVENTS = 100;
export const MAX_DELIVERY_PAGE = 100;

/** Exactly what a delivery's body carries, in this order: nothing internal, personal or secret. */
export interface WebhookBody {
  /** The delivery's id (also its Idempotency-Key). */
  id: string;
  reference: string | null;
  changeRequestId: string;
  eventType: string;
  /** The audit entry's sequence number and hash: the receiver can check it against the history. */
  seq: number;
  hash: string;
  /** When the event happened (the audit entry's `at`). */
  at: string;
}
