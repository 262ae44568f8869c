import type { Actor } from '../common/actor';
import { DomainError } from '../common/domain-error';
import type { OrganisationEntity } from '../organisations/organisation.entity';

/** A municipality user sees a request only when its organisation (or a member) is a requester. */
export function canSee(actor: Actor, requestingOrganisations: string[]): boolean {
  return actor.role !== 'municipality' || requestingOrganisations.some((org) => actor.actsFor.includes(org));
}

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
  found: OrganisationEntity[],
  before: string[] = [],
): void {
  const byId = new Map(found.map((o) => [o.id, o]));
  const unknown = ids.filter((id) => !byId.has(id) || !REQUESTER_KINDS.has(byId.get(id)!.kind));
  if (unknown.length) {
    throw new DomainError('VALIDATION_FAILED', 'Unknown requesting organisation', {
      fields: [
        {
          field: 'requestingOrganisations',
          message: `not municipalities or kommunalförbund: ${unknown.join(', ')}`,
        },
      ],
    });
  }
  if (actor.role === 'municipality') {
    const changed = [...ids.filter((id) => !before.includes(id)), ...before.filter((id) => !ids.includes(id))];
    const foreign = changed.filter((id) => !actor.actsFor.includes(id));
    if (foreign.length) {
      throw new DomainError('FORBIDDEN', `Your organisation may not act for: ${foreign.join(', ')}`);
    }
  }
}
