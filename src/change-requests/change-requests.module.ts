import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ClockModule } from '../clock/clock.module';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { MetricsModule } from '../metrics/metrics.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { ChangeRequestEffects } from './change-request-effects';
import { ChangeRequestEventsService } from './change-request-events.service';
import { ChangeRequestReader } from './change-request-reader';
import { ChangeRequestWorkflows } from './change-request-workflows';
import { ChangeRequestsController } from './change-requests.controller';
import { ChangeRequestsRepository } from './change-requests.repository';
import { ChangeRequestsService } from './change-requests.service';
import { RegistrationNumberService } from './registration-number.service';

@Module({
  imports: [ConfigModule, ClockModule, DatabaseModule, WorkflowModule, AuditModule, OrganisationsModule, MetricsModule, NotificationsModule],
  controllers: [ChangeRequestsController],
  providers: [
    ChangeRequestWorkflows,
    ChangeRequestsRepository,
    ChangeRequestReader,
    ChangeRequestEffects,
    ChangeRequestsService,
    ChangeRequestEventsService,
    RegistrationNumberService,
  ],
  exports: [ChangeRequestsService, ChangeRequestEventsService, ChangeRequestReader, ChangeRequestWorkflows],
})
export class ChangeRequestsModule {}
