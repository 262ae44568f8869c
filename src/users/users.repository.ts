import { Injectable } from '@nestjs/common';
import { sql, type Sql } from '../database/sql';
import type { UserRecord } from './user.types';

interface UserRow {
  id: string;
  name: string;
  title: string;
  organisation_id: string;
  role: UserRecord['role'];
  email: string | null;
  active: number;
}

/** A user with what authentication needs of the organisation, in one read. */
export interface UserWithOrganisation extends UserRecord {
  organisationKind: string;
  organisationName: string;
}

const COLUMNS = 'u.id, u.name, u.title, u.organisation_id, u.role, u.email, u.active';
const FIND = sql(`SELECT ${COLUMNS}, o.kind AS organisation_kind, o.name AS organisation_name
  FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.id = ?`);
const LIST = sql(`SELECT ${COLUMNS} FROM users u ORDER BY u.id`);
const INSERT = sql(`INSERT INTO users (id, name, title, organisation_id, role, email, active)
  VALUES (?, ?, ?, ?, ?, ?, 1)`);
const UPDATE = sql(`UPDATE users SET name = ?, title = ?, organisation_id = ?, role = ?, email = ?, active = ? WHERE id = ?`);
const ACTIVE_ADMINS = sql(`SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND active = 1`);
const INSERT_MISSING = sql(`INSERT INTO users (id, name, title, organisation_id, role, email, active)
  VALUES (?, ?, ?, ?, ?, ?, 1) ON CONFLICT (id) DO NOTHING`);

const toRecord = (r: UserRow): UserRecord => ({
  id: r.id,
  name: r.name,
  title: r.title,
  organisationId: r.organisation_id,
  role: r.role,
  email: r.email,
  active: Number(r.active) === 1,
});

@Injectable()
export class UsersRepository {
  async find(db: Sql, id: string): Promise<UserWithOrganisation | undefined> {
    const row = await db.get<UserRow & { organisation_kind: string; organisation_name: string }>(FIND, [id]);
    return row && { ...toRecord(row), organisationKind: row.organisation_kind, organisationName: row.organisation_name };
  }

  async list(db: Sql): Promise<UserRecord[]> {
    return (await db.all<UserRow>(LIST)).map(toRecord);
  }

  /** Inserts a new, active user (the caller has checked the id is free). */
  async insert(db: Sql, user: Omit<UserRecord, 'active'>): Promise<void> {
    await db.run(INSERT, [user.id, user.name, user.title, user.organisationId, user.role, user.email]);
  }

  /** Writes every column of an existing user. */
  async update(db: Sql, user: UserRecord): Promise<void> {
    await db.run(UPDATE, [user.name, user.title, user.organisationId, user.role, user.email, user.active ? 1 : 0, user.id]);
  }

  async activeAdmins(db: Sql): Promise<number> {
    return Number((await db.get<{ n: number | string }>(ACTIVE_ADMINS))?.n ?? 0);
  }

  async insertMissing(db: Sql, user: Omit<UserRecord, 'active'>): Promise<void> {
    await db.run(INSERT_MISSING, [user.id, user.name, user.title, user.organisationId, user.role, user.email]);
  }
}
