import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AuthService } from '../auth/auth.service';
import { ChangeRequestEventsService } from '../change-requests/change-request-events.service';
import { ChangeRequestsService } from '../change-requests/change-requests.service';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import { sql } from '../database/sql';
import { DEMO_REQUESTS } from './demo-requests';

const ANY_REQUEST = sql('SELECT id FROM change_requests LIMIT 1');

/**
 * On the first start of a development installation, plays a few change requests through the real
 * use cases (so they have an honest history): seed 002 end to end, and requests left in the
 * states a new user wants to try. Off in production and tests; DEMO_DATA=false turns it off.
 */
@Injectable()
export class DemoDataService implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoDataService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly database: Database,
    private readonly auth: AuthService,
    private readonly changeRequests: ChangeRequestsService,
    private readonly events: ChangeRequestEventsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demoData || this.config.nodeEnv === 'test') return;
    const existing = await this.database.read(({ sql: db }) => db.get<{ id: string }>(ANY_REQUEST));
    if (existing) return;
    for (const demo of DEMO_REQUESTS) {
      const created = await this.changeRequests.create(await this.auth.actorFor(demo.createdBy), demo.draft);
      for (const step of demo.steps) {
        const { type, ...payload } = step.event;
        await this.events.send(await this.auth.actorFor(step.by), created.id, { type, payload });
      }
    }
    this.logger.log(`Created ${DEMO_REQUESTS.length} demo change requests`);
  }
}
