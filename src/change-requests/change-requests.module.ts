import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ClockModule } from '../clock/clock.module';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { MetricsModule } from '../metrics/metrics.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { DelegationsModule } from '../delegations/delegations.module';
import { MeetingStoreModule } from '../meeting-store/meeting-store.module';
import { ChangeRequestDeadlines } from './change-request-deadlines';
import { ChangeRequestEffects } from './change-request-effects';
import { ChangeRequestEventsService } from './change-request-events.service';
import { ChangeRequestReader } from './change-request-reader';
import { ChangeRequestWorkflows } from './change-request-workflows';
import { ChangeRequestsExport } from './change-requests-export';
import { ChangeRequestsController } from './change-requests.controller';
import { ChangeRequestsRepository } from './change-requests.repository';
import { ChangeRequestsService } from './change-requests.service';
import { ChangeRequestListQuery } from './list-query';
import { MyTasksController } from './my-tasks.controller';
import { MyTasksService } from './my-tasks.service';
import { RegistrationNumberService } from './registration-number.service';

@Module({
  imports: [ConfigModule, ClockModule, DatabaseModule, WorkflowModule, AuditModule, OrganisationsModule, MetricsModule, NotificationsModule, WebhooksModule, MeetingStoreModule, DelegationsModule],
  controllers: [ChangeRequestsController, MyTasksController],
  providers: [
    ChangeRequestWorkflows,
    ChangeRequestsRepository,
    ChangeRequestReader,
    ChangeRequestEffects,
    ChangeRequestListQuery,
    ChangeRequestDeadlines,
    ChangeRequestsService,
    ChangeRequestsExport,
    ChangeRequestEventsService,
    RegistrationNumberService,
    MyTasksService,
  ],
  exports: [ChangeRequestsService, ChangeRequestEventsService, ChangeRequestReader, ChangeRequestWorkflows, ChangeRequestsRepository],
})
export class ChangeRequestsModule {}
