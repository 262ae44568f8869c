import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import type { Sql } from '../database/sql';
import { UserResponse } from './dto/user.response';
import type { UserRecord } from './user.types';
import { UsersRepository, type UserWithOrganisation } from './users.repository';

function toResponse(user: UserRecord): UserResponse {
  const { id, name, title, role, organisationId } = user;
  return { id, name, title, role, organisationId };
}

@Injectable()
export class UsersService {
  constructor(
    private readonly database: Database,
    private readonly users: UsersRepository,
  ) {}

  /** The user and its organisation, on a read connection (one prepared statement). */
  findById(id: string, db?: Sql): Promise<UserWithOrganisation | undefined> {
    if (db) return this.users.find(db, id);
    return this.database.read(({ sql }) => this.users.find(sql, id));
  }

  async list(): Promise<UserResponse[]> {
    const users = await this.database.read(({ sql }) => this.users.list(sql));
    return users.map(toResponse);
  }
}
