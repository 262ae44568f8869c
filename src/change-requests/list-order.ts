import { DomainError } from '../common/domain-error';

/** The orders a change-request list offers; relevance only with a text search. */
export const LIST_SORTS = ['received', 'updated', 'state', 'reference', 'title', 'organisation', 'relevance'] as const;
export type ListSort = (typeof LIST_SORTS)[number];
export const LIST_ORDERS = ['asc', 'desc'] as const;
export type ListOrder = (typeof LIST_ORDERS)[number];

/**
 * The expression each order sorts by; never NULL, so a keyset comparison is total. Drafts have
 * no received time or reference: they sort by creation and before every reference. The same
 * expressions are indexed (migrations ListOrders1764600300000 and ListSortKeys1764810500000), each
 * with the id after it. Title and organisation sort by stored Swedish sort keys (å, ä, ö after z;
 * see swedish-sort-key.ts): the organisation key is that of the requesting organisations' names.
 */
const SORT_EXPRESSIONS: Record<ListSort, string> = {
  received: 'COALESCE(cr.received_at, cr.created_at)',
  updated: 'cr.updated_at',
  state: 'cr.state',
  reference: "COALESCE(cr.reference, '')",
  title: 'cr.title_key',
  organisation: 'cr.organisation_key',
  // The text search's score, lower for a better match (list-query.ts joins it as m).
  relevance: 'm.score',
};

/** How a cursor's key is compared with the sort expression: the score is a number, the rest text. */
const KEY_PARAMETER: Record<ListSort, string> = {
  received: '?',
  updated: '?',
  state: '?',
  reference: '?',
  title: '?',
  organisation: '?',
  relevance: 'CAST(? AS REAL)',
};

/** The column list a page query selects besides the row: the sort key, for the next cursor. */
export function sortKeyColumn(sort: ListSort): string {
  return `${SORT_EXPRESSIONS[sort]} AS sort_key`;
}

/** `ORDER BY` for a sort: the key, then the id, both in the same direction. */
export function orderBy(sort: ListSort, order: ListOrder): string {
  const direction = order === 'asc' ? 'ASC' : 'DESC';
  return `ORDER BY ${SORT_EXPRESSIONS[sort]} ${direction}, cr.id ${direction}`;
}

/** The condition for the rows after a cursor's position, and its parameters. */
export function after(sort: ListSort, order: ListOrder, cursor: ListCursor): { clause: string; params: string[] } {
  const op = order === 'asc' ? '>' : '<';
  return { clause: `(${SORT_EXPRESSIONS[sort]}, cr.id) ${op} (${KEY_PARAMETER[sort]}, ?)`, params: [cursor.key, cursor.id] };
}

/** Where a page ended: the last row's sort key and id, and the order they belong to. */
export interface ListCursor {
  sort: ListSort;
  order: ListOrder;
  key: string;
  id: string;
}

/** Opaque to clients: base64url of a small JSON array. */
export function encodeCursor(cursor: ListCursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.order, cursor.key, cursor.id]), 'utf8').toString('base64url');
}

function invalidCursor(message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', message, { fields: [{ field: 'cursor', message }] });
}

/** Reads a cursor made by {@link encodeCursor} for the same sort and order (400 otherwise). */
export function decodeCursor(text: string, sort: ListSort, order: ListOrder): ListCursor {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor('cursor is not one this list handed out');
  }
  if (
    !Array.isArray(value) ||
    value.length !== 4 ||
    !value.every((part) => typeof part === 'string' && part.length <= 200)
  ) {
    throw invalidCursor('cursor is not one this list handed out');
  }
  const [cursorSort, cursorOrder, key, id] = value as string[];
  if (cursorSort !== sort || cursorOrder !== order) {
    throw invalidCursor(`cursor belongs to sort=${cursorSort}&order=${cursorOrder}; send the same sort and order`);
  }
  return { sort, order, key, id };
}

/**
 * The direction each sort starts in when no order is given: newest first for times, best match
 * first for relevance, A–Ö otherwise.
 */
export function defaultOrder(sort: ListSort): ListOrder {
  return sort === 'received' || sort === 'updated' ? 'desc' : 'asc';
}
