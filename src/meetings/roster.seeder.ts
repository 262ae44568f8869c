import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import { seedDemoUsers } from '../users/demo-users.seeder';
import demoRoster from './demo-roster.json';
import type { RosterMember } from '../meeting-store/meeting.types';
import { MeetingsRepository } from '../meeting-store/meetings.repository';

export const DEMO_ROSTER = demoRoster as Omit<RosterMember, 'name'>[];

/** Seeds the demo roster of programstyrgruppen (role-named demo users), never in production. */
export async function seedDemoRoster(database: Database, meetings = new MeetingsRepository()): Promise<void> {
  await seedDemoUsers(database);
  await database.write(async ({ sql }) => {
    for (const [i, member] of DEMO_ROSTER.entries()) await meetings.insertRosterMember(sql, member, i + 1);
  });
}

@Injectable()
export class DemoRosterSeeder implements OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly database: Database,
    private readonly meetings: MeetingsRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.isProduction) await seedDemoRoster(this.database, this.meetings);
  }
}
