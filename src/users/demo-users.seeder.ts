import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import { placeholders, statementFor } from '../database/sql';
import demoUsers from './demo-users.json';
import type { UserRecord } from './user.types';
import { UsersRepository } from './users.repository';

/**
 * The development identity provider's users (README "Demo users"), with `<user id>@example.org`
 * addresses. Never inserted in production: there a token's `sub` must name a user an
 * administrator created.
 */
export const DEMO_USERS = demoUsers as Omit<UserRecord, 'active' | 'email'>[];

/** Inserts the missing demo users (after the reference data: users belong to organisations). */
export async function seedDemoUsers(database: Database, users = new UsersRepository()): Promise<void> {
  await database.write(async ({ sql }) => {
    for (const user of DEMO_USERS) await users.insertMissing(sql, { ...user, email: `${user.id}@example.org` });
  });
}

/** Ids of demo users found in the database (a production database seeded by an older version). */
export async function demoUsersPresent(database: Database): Promise<string[]> {
  const ids = DEMO_USERS.map((u) => u.id);
  const rows = await database.read(({ sql }) =>
    sql.all<{ id: string }>(statementFor(`SELECT id FROM users WHERE active = 1 AND id IN (${placeholders(ids.length)})`), ids),
  );
  return rows.map((r) => r.id).sort();
}

@Injectable()
export class DemoUsersSeeder implements OnModuleInit {
  private readonly logger = new Logger('Seeding');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly database: Database,
    private readonly users: UsersRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.isProduction) {
      await seedDemoUsers(this.database, this.users);
      return;
    }
    const leftovers = await demoUsersPresent(this.database);
    if (leftovers.length > 0) {
      this.logger.warn(
        `Users with demo ids exist in this production database (${leftovers.join(', ')}); ` +
          'earlier versions seeded them: any identity-provider token with such a sub acts as them. Deactivate them.',
      );
    }
  }
}
