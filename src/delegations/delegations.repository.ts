import { Injectable } from '@nestjs/common';
import { sql, type Sql } from '../database/sql';

export interface DelegationRow {
  id: string;
  from_user: string;
  from_name: string;
  to_user: string;
  to_name: string;
  valid_from: string;
  valid_to: string;
  scope: string;
  created_by: string;
  created_at: string;
  revoked_at: string | null;
}

const SELECT = `SELECT d.id, d.from_user, f.name AS from_name, d.to_user, t.name AS to_name, d.valid_from, d.valid_to, d.scope,
  d.created_by, d.created_at, d.revoked_at FROM delegations d JOIN users f ON f.id = d.from_user JOIN users t ON t.id = d.to_user`;
const INSERT = sql(`INSERT INTO delegations (id, from_user, to_user, valid_from, valid_to, scope, created_by, created_at, revoked_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)`);
const BETWEEN = sql(`${SELECT} WHERE d.to_user = ? AND d.from_user = ? AND d.revoked_at IS NULL ORDER BY d.valid_from`);
const ALL = sql(`${SELECT} ORDER BY d.created_at DESC, d.id LIMIT 500`);
const MINE = sql(`${SELECT} WHERE d.from_user = ? OR d.to_user = ? ORDER BY d.created_at DESC, d.id LIMIT 500`);
const BY_ID = sql(`${SELECT} WHERE d.id = ?`);
const REVOKE = sql(`UPDATE delegations SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`);

@Injectable()
export class DelegationsRepository {
  async insert(db: Sql, row: Omit<DelegationRow, 'from_name' | 'to_name' | 'revoked_at'>): Promise<void> {
    await db.run(INSERT, [row.id, row.from_user, row.to_user, row.valid_from, row.valid_to, row.scope, row.created_by, row.created_at]);
  }

  /** Unrevoked delegations from `principal` to `delegate`. */
  between(db: Sql, delegate: string, principal: string): Promise<DelegationRow[]> {
    return db.all<DelegationRow>(BETWEEN, [delegate, principal]);
  }

  list(db: Sql, userId?: string): Promise<DelegationRow[]> {
    return userId === undefined ? db.all<DelegationRow>(ALL) : db.all<DelegationRow>(MINE, [userId, userId]);
  }

  find(db: Sql, id: string): Promise<DelegationRow | undefined> {
    return db.get<DelegationRow>(BY_ID, [id]);
  }

  async revoke(db: Sql, id: string, at: string): Promise<boolean> {
    return (await db.run(REVOKE, [at, id])) === 1;
  }
}
