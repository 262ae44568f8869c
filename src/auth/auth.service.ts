import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/actor';
import { DomainError } from '../common/domain-error';
import { isRole } from '../common/roles';
import { Database } from '../database/database';
import { OrganisationsService } from '../organisations/organisations.service';
import { UsersService } from '../users/users.service';
import { TokenVerifier } from './token-verifier';

/** Turns a bearer token into the Actor: the user's role and organisation come from `users`. */
@Injectable()
export class AuthService {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly database: Database,
    private readonly users: UsersService,
    private readonly organisations: OrganisationsService,
  ) {}

  async authenticate(token: string): Promise<Actor> {
    const claims = await this.verifier.verify(token);
    return this.actorFor(claims.sub, claims.role);
  }

  /**
   * The Actor of a known, active user, read from the database on every request (one prepared
   * statement; a second only for a kommunalförbund's members), so a deactivation or a changed role
   * takes effect at once on every instance. `claimedRole`, when a token carries one, must match.
   */
  async actorFor(userId: string, claimedRole?: unknown): Promise<Actor> {
    const found = await this.database.read(
      async ({ sql }) => {
        const user = await this.users.findById(userId, sql);
        if (!user || user.organisationKind !== 'kommunalforbund') return user && { user, actsFor: [user.organisationId] };
        return { user, actsFor: await this.organisations.actsFor(sql, user.organisationId) };
      },
      { transaction: false },
    );
    if (!found || !found.user.active) throw new DomainError('UNAUTHENTICATED', 'Unknown user');
    const { user, actsFor } = found;
    if (!isRole(user.role)) throw new DomainError('UNAUTHENTICATED', 'Unknown role');
    if (claimedRole !== undefined && claimedRole !== user.role) {
      throw new DomainError('UNAUTHENTICATED', 'Token role does not match the user');
    }
    return {
      id: user.id,
      name: user.name,
      role: user.role,
      organisationId: user.organisationId,
      actsFor: actsFor.length > 0 ? actsFor : [user.organisationId],
    };
  }
}
