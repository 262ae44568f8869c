import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../clock/clock';
import type { Actor } from '../common/actor';
import { Database } from '../database/database';
import type { Sql } from '../database/sql';
import { OrganisationsRepository } from '../organisations/organisations.repository';
import type { CreateUserDto, UpdateUserDto } from './dto/user-admin.dto';
import { AdminUserResponse, UserResponse } from './dto/user.response';
import { UserAdministration } from './user-administration';
import type { UserRecord } from './user.types';
import { UsersRepository, type UserWithOrganisation } from './users.repository';

function toResponse(user: UserRecord): UserResponse {
  const { id, name, title, role, organisationId } = user;
  return { id, name, title, role, organisationId };
}

function toAdminResponse(user: UserRecord): AdminUserResponse {
  return { ...toResponse(user), email: user.email, active: user.active };
}

@Injectable()
export class UsersService {
  private readonly administration: UserAdministration;

  constructor(
    private readonly database: Database,
    private readonly users: UsersRepository,
    organisations: OrganisationsRepository,
    audit: AuditService,
    clock: Clock,
  ) {
    this.administration = new UserAdministration(database, users, organisations, audit, () => clock.nowIso());
  }

  /** The user and its organisation, on a read connection (one prepared statement). */
  findById(id: string, db?: Sql): Promise<UserWithOrganisation | undefined> {
    if (db) return this.users.find(db, id);
    return this.database.read(({ sql }) => this.users.find(sql, id));
  }

  async list(): Promise<UserResponse[]> {
    const users = await this.database.read(({ sql }) => this.users.list(sql));
    return users.map(toResponse);
  }

  async listForAdmin(): Promise<AdminUserResponse[]> {
    const users = await this.database.read(({ sql }) => this.users.list(sql));
    return users.map(toAdminResponse);
  }

  async create(actor: Actor, dto: CreateUserDto): Promise<AdminUserResponse> {
    return toAdminResponse(await this.administration.create(actor, dto));
  }

  async change(actor: Actor, id: string, dto: UpdateUserDto): Promise<AdminUserResponse> {
    return toAdminResponse(await this.administration.change(actor, id, dto));
  }

  async deactivate(actor: Actor, id: string): Promise<AdminUserResponse> {
    return toAdminResponse(await this.administration.deactivate(actor, id));
  }

  async reactivate(actor: Actor, id: string): Promise<AdminUserResponse> {
    return toAdminResponse(await this.administration.reactivate(actor, id));
  }
}
