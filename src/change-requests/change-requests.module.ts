import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { ChangeRequestEventsService } from './change-request-events.service';
import { ChangeRequestsController } from './change-requests.controller';
import { ChangeRequestsRepository } from './change-requests.repository';
import { ChangeRequestsService } from './change-requests.service';
import { RegistrationNumberService } from './registration-number.service';

@Module({
  imports: [ConfigModule, DatabaseModule, WorkflowModule, AuditModule, OrganisationsModule],
  controllers: [ChangeRequestsController],
  providers: [ChangeRequestsService, ChangeRequestEventsService, ChangeRequestsRepository, RegistrationNumberService],
  exports: [ChangeRequestsService, ChangeRequestEventsService, ChangeRequestsRepository],
})
export class ChangeRequestsModule {}
