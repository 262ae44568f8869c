import type { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/domain-error';
import { isRole, ROLES, type Role } from '../common/roles';
import type { Database, WriteContext } from '../database/database';
import type { OrganisationsRepository } from '../organisations/organisations.repository';
import type { UserRecord } from './user.types';
import type { UsersRepository } from './users.repository';

/** Who administers: an admin through the API, or the `users` command on the server's host. */
export interface Administrator {
  id: string;
  name: string;
  organisationId: string;
  role: string;
}

export interface NewUser {
  id: string;
  name: string;
  title?: string;
  organisationId: string;
  role: Role;
  email?: string | null;
}

export type UserChanges = Partial<Pick<UserRecord, 'name' | 'title' | 'organisationId' | 'role' | 'email'>>;

/**
 * A user id is the `sub` the identity provider puts in its tokens: letters, digits and . _ @ -
 * (HSA-id "SE2321000131-P000000012345", "anna.berg@vgregion.se" and "vgr.handlaggare" all fit).
 */
export const USER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function invalid(field: string, message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', `${field} ${message}`, { fields: [{ field, message }] });
}

/** The recorded form of a user: what the history's old and new values show. */
function recorded(user: UserRecord) {
  const { id, name, title, organisationId, role, email, active } = user;
  return { id, name, title, organisationId, role, email, active };
}

/**
 * Creates, changes, deactivates and reactivates users. Users are never deleted: the decision
 * history names them. Every change is one transaction with its history entry (old and new
 * values), so a change and its record stand or fall together. Shared by the admin API and the
 * `users` command, which creates the first administrator of a production database.
 */
export class UserAdministration {
  constructor(
    private readonly database: Database,
    private readonly users: UsersRepository,
    private readonly organisations: OrganisationsRepository,
    private readonly audit: AuditService,
    private readonly now: () => string,
  ) {}

  async create(by: Administrator, input: NewUser): Promise<UserRecord> {
    const user: UserRecord = {
      id: input.id,
      name: input.name.trim(),
      title: (input.title ?? '').trim(),
      organisationId: input.organisationId,
      role: input.role,
      email: input.email?.trim() || null,
      active: true,
    };
    this.check(user);
    return this.database.write(async (ctx) => {
      if (await this.users.find(ctx.sql, user.id)) {
        throw new DomainError('ALREADY_EXISTS', `User ${user.id} already exists`, {
          fields: [{ field: 'id', message: 'is taken by an existing user (deactivated users keep their id)' }],
        });
      }
      await this.checkOrganisation(ctx, user.organisationId);
      await this.users.insert(ctx.sql, user);
      await this.record(ctx, by, 'USER_CREATED', null, user);
      return user;
    });
  }

  async change(by: Administrator, id: string, changes: UserChanges): Promise<UserRecord> {
    return this.database.write(async (ctx) => {
      const before = await this.existing(ctx, id);
      const after: UserRecord = { ...before };
      if (changes.name !== undefined) after.name = changes.name.trim();
      if (changes.title !== undefined) after.title = changes.title.trim();
      if (changes.organisationId !== undefined) after.organisationId = changes.organisationId;
      if (changes.role !== undefined) after.role = changes.role;
      if (changes.email !== undefined) after.email = changes.email?.trim() || null;
      this.check(after);
      if (after.organisationId !== before.organisationId) await this.checkOrganisation(ctx, after.organisationId);
      if (before.role === 'admin' && after.role !== 'admin') await this.keepAnAdministrator(ctx, by, before, 'change the role of');
      if (JSON.stringify(recorded(before)) === JSON.stringify(recorded(after))) return before;
      await this.users.update(ctx.sql, after);
      await this.record(ctx, by, 'USER_CHANGED', before, after);
      return after;
    });
  }

  /** The user's tokens stop working at once: every request reads the user's state. */
  async deactivate(by: Administrator, id: string): Promise<UserRecord> {
    return this.setActive(by, id, false);
  }

  async reactivate(by: Administrator, id: string): Promise<UserRecord> {
    return this.setActive(by, id, true);
  }

  private async setActive(by: Administrator, id: string, active: boolean): Promise<UserRecord> {
    return this.database.write(async (ctx) => {
      const before = await this.existing(ctx, id);
      if (before.active === active) return before;
      if (!active && before.role === 'admin') await this.keepAnAdministrator(ctx, by, before, 'deactivate');
      const after = { ...before, active };
      await this.users.update(ctx.sql, after);
      await this.record(ctx, by, active ? 'USER_REACTIVATED' : 'USER_DEACTIVATED', before, after);
      return after;
    });
  }

  private async existing(ctx: WriteContext, id: string): Promise<UserRecord> {
    const found = await this.users.find(ctx.sql, id);
    if (!found) throw new DomainError('NOT_FOUND', `User ${id} not found`);
    const { organisationKind: _kind, organisationName: _name, ...user } = found;
    return user;
  }

  /** An administrator may not lock themselves out, nor remove the last active administrator. */
  private async keepAnAdministrator(ctx: WriteContext, by: Administrator, user: UserRecord, what: string): Promise<void> {
    if (user.id === by.id) {
      throw new DomainError('STATE_CONFLICT', `An administrator cannot ${what} themselves; ask another administrator`);
    }
    if (user.active && (await this.users.activeAdmins(ctx.sql)) <= 1) {
      throw new DomainError('STATE_CONFLICT', `Cannot ${what} the last active administrator`);
    }
  }

  private check(user: UserRecord): void {
    if (!USER_ID_PATTERN.test(user.id)) {
      throw invalid('id', 'must be 1–128 letters, digits or . _ @ - and start with a letter or digit');
    }
    if (!user.name) throw invalid('name', 'must not be empty');
    if (user.name.length > 200) throw invalid('name', 'must be at most 200 characters');
    if (user.title.length > 200) throw invalid('title', 'must be at most 200 characters');
    if (!isRole(user.role)) throw invalid('role', `must be one of ${ROLES.join(', ')}`);
    if (user.email !== null && (user.email.length > 254 || !EMAIL_PATTERN.test(user.email))) {
      throw invalid('email', 'must be an e-mail address');
    }
  }

  private async checkOrganisation(ctx: WriteContext, organisationId: string): Promise<void> {
    if (!(await this.organisations.find(ctx.sql, organisationId))) {
      throw invalid('organisationId', `unknown organisation "${organisationId}"`);
    }
  }

  private async record(
    ctx: WriteContext,
    by: Administrator,
    eventType: string,
    before: UserRecord | null,
    after: UserRecord,
  ): Promise<void> {
    const changed = before
      ? Object.fromEntries(
          (Object.keys(recorded(after)) as (keyof ReturnType<typeof recorded>)[])
            .filter((k) => before[k] !== after[k])
            .map((k) => [k, { from: before[k], to: after[k] }]),
        )
      : null;
    await this.audit.append(ctx, {
      at: this.now(),
      subjectType: 'user',
      subjectId: after.id,
      changeRequestId: null,
      reference: null,
      eventType,
      payload: changed ? { changes: changed } : { user: recorded(after) },
      actorId: by.id,
      actorName: by.name,
      actorOrganisation: by.organisationId,
      actorRole: by.role,
      stateBefore: before ? JSON.stringify(recorded(before)) : null,
      stateAfter: JSON.stringify(recorded(after)),
    });
  }
}
