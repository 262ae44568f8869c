import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthService } from '../auth/auth.service';
import { ChangeRequestEventsService } from '../change-requests/change-request-events.service';
import { ChangeRequestEntity } from '../change-requests/change-request.entity';
import { ChangeRequestsService } from '../change-requests/change-requests.service';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DEMO_REQUESTS } from './demo-requests';

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
    private readonly dataSource: DataSource,
    private readonly auth: AuthService,
    private readonly changeRequests: ChangeRequestsService,
    private readonly events: ChangeRequestEventsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demoData || this.config.nodeEnv === 'test') return;
    if ((await this.dataSource.getRepository(ChangeRequestEntity).count()) > 0) return;
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
