import type { Actor } from '../common/actor';
import { DomainError } from '../common/domain-error';
import { placeholders, type Param } from '../database/sql';
import type { OrganisationRecord } from '../organisations/organisation.types';

/** What visibility depends on. */
export interface Visible {
  requestingOrganisations: string[];
  isDraft: boolean;
}

/** The requesting side: VästKom for every request, a municipality (or its kommunalförbund) for its own. */
function onRequestingSide(actor: Actor, requestingOrganisations: string[]): boolean {
  if (actor.role === 'vastkom') return true;
  return actor.role === 'municipality' && requestingOrganisations.some((org) => actor.actsFor.includes(org));
}

/**
 * The one visibility rule (SPEC §2): a municipality user sees the requests its organisation (or,
 * for a kommunalförbund, a member) makes; a draft is the requesting side's working material, seen
 * only by it and VästKom — and by internal audit, for whom the decision history stays complete
 * (a draft's page and history by its id; never in the auditor's lists); every other role sees
 * every submitted request.
 */
export function canSee(actor: Actor, request: Visible): boolean {
  if (request.isDraft) return actor.role === 'auditor' || onRequestingSide(actor, request.requestingOrganisations);
  return actor.role !== 'municipality' || onRequestingSide(actor, request.requestingOrganisations);
}

/**
 * The same rule as a condition on `change_requests cr` (its id and is_draft columns) for lists.
 * `link`, for a municipality: the organisations whose links a bounded count can start from
 * instead of checking request after request (see {@link requestedBy}).
 */
export function visibilityCondition(actor: Actor): { clause: string; params: Param[]; link?: RequestedBy } | null {
  if (actor.role === 'vastkom') return null;
  if (actor.role === 'municipality') {
    const orgs = actor.actsFor.length ? actor.actsFor : ['-'];
    const link = requestedBy('vis', orgs.length);
    return { clause: link.clause, params: orgs, link };
  }
  return { clause: 'cr.is_draft = 0', params: [] };
}

/** "Requested by one of these organisations", as a row check and as a join from the links. */
export interface RequestedBy {
  /** A check of one row of `change_requests cr` (a page walks an order's index and checks each). */
  clause: string;
  /** The links table under the alias, to put before `change_requests cr` in a `FROM`. */
  linkTable: string;
  /** The same condition with the same parameters, joining the links to `cr`. */
  joinClause: string;
  /** The same condition on the links alone (same parameters), and the request id they name. */
  linkClause: string;
  linkedId: string;
}

/** `change_requests cr` requested by one of `n` organisations (parameters), under `alias`. */
export function requestedBy(alias: string, n: number): RequestedBy {
  const orgs = placeholders(n);
  return {
    clause: `EXISTS (SELECT 1 FROM change_request_organisations ${alias} WHERE ${alias}.change_request_id = cr.id AND ${alias}.organisation_id IN (${orgs}))`,
    linkTable: `change_request_organisations ${alias}`,
    joinClause: `${alias}.organisation_id IN (${orgs}) AND cr.id = ${alias}.change_request_id`,
    linkClause: `${alias}.organisation_id IN (${orgs})`,
    linkedId: `${alias}.change_request_id`,
  };
}

/** An unknown request and one the caller may not see answer alike. */
export function notFound(id: string): DomainError {
  return new DomainError('NOT_FOUND', `Change request ${id} not found`);
}

const REQUESTER_KINDS = new Set(['municipality', 'kommunalforbund']);

/**
 * Requesting organisations must exist, be municipalities or kommunalförbund, and be the caller's
 * own; a municipality user may neither add nor remove another organisation (`before`, on edits).
 */
export function checkRequestingOrganisations(
  actor: Actor,
  ids: string[],
  found: OrganisationRecord[],
  before: string[] = [],
): void {
  const byId = new Map(found.map((o) => [o.id, o]));
  const unknown = ids.filter((id) => !byId.has(id) || !REQUESTER_KINDS.has(byId.get(id)!.kind));
  if (unknown.length) {
    throw new DomainError('VALIDATION_FAILED', 'Unknown requesting organisation', {
      fields: [{ field: 'requestingOrganisations', message: `not municipalities or kommunalförbund: ${unknown.join(', ')}` }],
    });
  }
  if (actor.role === 'municipality') {
    const changed = [...ids.filter((id) => !before.includes(id)), ...before.filter((id) => !ids.includes(id))];
    const foreign = changed.filter((id) => !actor.actsFor.includes(id));
    if (foreign.length) throw new DomainError('FORBIDDEN', `Your organisation may not act for: ${foreign.join(', ')}`);
  }
}
